# Alongside: the two commands a newcomer needs are `make demo` and `make test`.
# Dependencies come from the hash-locked files in requirements/ (`make lock` remakes them).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check
DEMO_STAMP := $(VENV)/.installed-demo
DEV_STAMP := $(VENV)/.installed-dev
COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links

.PHONY: demo test test-postgres lint bench install lock clean

# --upgrade-deps: the pip bundled with Python 3.11 (23.x) rejects the lock's hashes for an
# extra-qualified dependency (weasyprint's fonttools[woff]); a current pip installs it.
$(VENV)/bin/python:
	$(PYTHON) -m venv --upgrade-deps $(VENV)

# The demo needs only what the app needs; tests and tools come with the dev lock.
$(DEMO_STAMP): requirements/base.txt pyproject.toml | $(VENV)/bin/python
	$(PIP) --require-hashes -r requirements/base.txt
	$(PIP) --no-deps -e .
	touch $(DEMO_STAMP)

$(DEV_STAMP): requirements/dev.txt pyproject.toml | $(VENV)/bin/python
	$(PIP) --require-hashes -r requirements/dev.txt
	$(PIP) --no-deps -e .
	touch $(DEV_STAMP) $(DEMO_STAMP)

install: $(DEV_STAMP)

demo: $(DEMO_STAMP)
	$(PY) manage.py init_keys
	$(PY) manage.py migrate --verbosity 0
	$(PY) manage.py seed_demo
	@echo "Alongside is at http://127.0.0.1:8000 (Ctrl+C stops it)."
	ALONGSIDE_DEMO_MODE=true $(PY) manage.py runserver 127.0.0.1:8000

# The whole suite, browser tests included (they need /usr/bin/chromium), ending with the
# share of each file of alongside/ that no test runs (files at 100% left out). Extra pytest
# options: make test PYTEST_ARGS="-k supervisor -x". CI sets COV_FAIL_UNDER (.ci/run): the
# total may not fall below it, which only makes sense for the whole suite.
COV_FAIL_UNDER ?=
test: $(DEV_STAMP)
	$(PY) -m pytest --cov --cov-report=term:skip-covered \
		$(if $(COV_FAIL_UNDER),--cov-fail-under=$(COV_FAIL_UNDER)) $(PYTEST_ARGS)

# The same suite on PostgreSQL; the role in DATABASE_URL needs CREATEDB (for test_<name>).
# No coverage here: the SQLite pass measures it, and this pass stays as fast as it was.
test-postgres: $(DEV_STAMP)
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "Set DATABASE_URL=postgres://user:password@host:port/name for this pass."; exit 2;; esac
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# LOAD_ARGS: flags for bench/load.py, e.g. LOAD_ARGS="--database postgres" (see the README).
bench: $(DEV_STAMP)
	BENCH_LOAD_ARGS="$(LOAD_ARGS)" $(PY) bench/run.py

# After changing dependencies in pyproject.toml: remake both lock files (hashes included).
lock: $(DEV_STAMP)
	$(COMPILE) -o requirements/base.txt pyproject.toml
	$(COMPILE) --extra test --extra dev -o requirements/dev.txt pyproject.toml

clean:
	rm -rf $(VENV) var staticfiles
