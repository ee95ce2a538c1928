# Alongside: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test test-postgres lint bench install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) manage.py init_keys
	$(PY) manage.py migrate --verbosity 0
	$(PY) manage.py seed_demo
	@echo "Alongside is at http://127.0.0.1:8000 (Ctrl+C stops it)."
	ALONGSIDE_DEMO_MODE=true $(PY) manage.py runserver 127.0.0.1:8000

# The whole suite, browser tests included (they need /usr/bin/chromium). Extra pytest
# options: make test PYTEST_ARGS="-k supervisor -x"
test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# The same suite on PostgreSQL; the role in DATABASE_URL needs CREATEDB (for test_<name>).
test-postgres: $(STAMP)
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "Set DATABASE_URL=postgres://user:password@host:port/name for this pass."; exit 2;; esac
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var staticfiles
