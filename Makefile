# The two commands of the quickstart: `make run` and `make test`.
# Everything they need is installed here, from the package registries only.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export PASSPORT_DATA_DIR ?= $(CURDIR)/.data
export PASSPORT_LOG_FORMAT ?= console

.PHONY: run test install install-test interop-deps clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Node packages of the reference implementations, for the interop tests (pinned by the lock file).
interop-deps:
	@if [ -f tests/interop/package-lock.json ] && command -v npm >/dev/null; then \
	  cd tests/interop && npm ci --no-audit --no-fund --loglevel=error; fi

run: install
	$(BIN)/passport db upgrade
	$(BIN)/passport demo
	$(BIN)/passport urls
	$(BIN)/passport serve

# Two workers (the machines here have 2 cores): every test is isolated (own data dir, own PostgreSQL schema, free ports).
PYTEST_ARGS ?= -n auto

test: install-test interop-deps
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-test interop-deps
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .data .pytest_cache
