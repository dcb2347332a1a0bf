# motcua — two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000
export PYTHONPATH := src

.PHONY: run test test-fast lint fmt install install-dev migrate demo lock clean bench bench-data messages

# DEBUG is off unless set (docs/deployment.md); these targets are for a development machine.
# (The tests read motcua.settings_test, which does the same.)
migrate demo run messages bench-data: export DEBUG ?= 1

$(VENV)/.base: requirements/base.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements/base.lock
	$(PIP) install --quiet --no-deps --no-build-isolation -e . 2>/dev/null || $(PIP) install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base requirements/dev.lock
	$(PIP) install --quiet -r requirements/dev.lock
	touch $@

install: $(VENV)/.base
install-dev: $(VENV)/.dev

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

## Start the product with demo data on SQLite at http://127.0.0.1:8000, with its worker
## (`manage.py serve`: the web server and `manage.py worker` together; Ctrl-C stops both)
run: demo
	$(PY) manage.py print_demo_logins --url http://$(HOST):$(PORT)/
	$(PY) manage.py serve $(HOST):$(PORT)

## The whole test suite (SQLite by default; PostgreSQL when DATABASE_URL points at one)
test: install-dev
	$(PY) -m pytest -n $(or $(JOBS),auto) --dist loadgroup $(PYTEST_ARGS)

## The edit–test loop: the suite without the browser and the slow tests (see README.md)
test-fast: install-dev
	$(PY) -m pytest -n $(or $(JOBS),auto) --dist loadgroup -m "not slow and not browser" $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	cd src/motcua && ../../$(PY) ../../manage.py compilemessages

## Benchmarks (PostgreSQL for the dossier and indicator ones; see bench/README.md)
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/motcua_bench
bench: install-dev
	$(PY) bench/workcal_bench.py
	$(PY) bench/files_bench.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/dossiers_bench.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/lookup_load.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/indicators_bench.py

## One-off: migrate the bench database and generate 1,000,000 dossiers into it
bench-data: install-dev
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/generate_dossiers.py --dossiers 1000000 --wards 114 --years 2

## Re-pin the locks from pyproject ranges (needs network to PyPI)
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/pip install --quiet -e . && .lockenv/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements/base.lock.new
	.lockenv/bin/pip install --quiet -e '.[dev]' && .lockenv/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements/dev.lock.new
	@echo "Review requirements/*.lock.new and move them over the locks."
	rm -rf .lockenv

clean:
	rm -rf $(VENV) var/*.sqlite3 .pytest_cache
