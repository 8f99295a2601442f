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

## Install Kindred into .venv and start it: serves Slack when .env has a Slack app (SQLite by
## default), otherwise the demo and then the playground.
run: $(BIN)/kindred
	$(BIN)/kindred start

## Install Kindred with its test tools, lint, type-check bot/ and run the whole suite on SQLite
## and PostgreSQL, spread over the CPU cores; the slowest ten tests are listed at the end.
test: $(BIN)/kindred
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto --dist loadfile --durations=10

lint: $(BIN)/kindred
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Run the benchmarks (docs/benchmarks.md): a Markdown table and a chart in bench/results/.
## Pass options through BENCH, e.g. `make bench BENCH=--quick`.
bench: $(BIN)/kindred
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench $(BENCH)
