# Task runner: CI calls these same targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: install dev run test lint typecheck check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

install: $(STAMP)  ## install the product in .venv

dev: $(DEV_STAMP)  ## install the product and the dev extras

run: install  ## migrate, import ROME if the database is empty, serve on http://127.0.0.1:8000
	$(BIN)/agents-metiers serve

test: dev  ## the whole suite, on SQLite and on PostgreSQL (skipped if unreachable)
	$(BIN)/pytest

lint: dev
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

typecheck: dev
	$(BIN)/mypy

check: lint typecheck test

bench: dev  ## import time and peak memory on the real ROME export, fiche read time, search
	$(BIN)/python scripts/bench_import.py
	$(BIN)/python scripts/bench_search.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
