# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench

$(BIN)/kindred: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

## Install Kindred into .venv and start it (SQLite by default; settings from .env).
run: $(BIN)/kindred
	$(BIN)/kindred serve

## Install Kindred with its test tools and run the whole suite on SQLite and PostgreSQL.
test: $(BIN)/kindred
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(BIN)/kindred
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Run the benchmarks (docs/benchmarks.md): a Markdown table and a chart in bench/results/.
## Pass options through BENCH, e.g. `make bench BENCH=--quick`.
bench: $(BIN)/kindred
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench $(BENCH)
