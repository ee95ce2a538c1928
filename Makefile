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
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(PY) -m pytest

test-postgres: $(STAMP)
	@test -n "$(DATABASE_URL)" || (echo "Set DATABASE_URL=postgres://... for this pass." && exit 2)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var staticfiles
