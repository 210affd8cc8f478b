# Task runner: CI calls these same targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: install dev assets system-deps run test lint typecheck check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

VENDOR := src/agents_metiers/web/static/vendor
VENDOR_STAMP := $(VENDOR)/.installed
# Lucide icons drawn inline by the templates (``icone("nom")``): only these are copied.
ICONES := search file-text compass layout-dashboard settings-2 book-open log-in log-out menu \
	languages map briefcase graduation-cap chart-column users sparkles user-pen database \
	history shield-check file-down printer pencil arrow-right circle-alert info git-compare \
	network list-checks calendar

# Front-end assets from npm (package-lock.json), never from a CDN; copied, not committed.
$(VENDOR_STAMP): package.json package-lock.json Makefile
	npm ci --ignore-scripts --no-audit --no-fund
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/@alpinejs/csp/dist/cdn.min.js $(VENDOR)/alpine-csp.min.js
	cp node_modules/@picocss/pico/css/pico.min.css $(VENDOR)/pico.min.css
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js $(VENDOR)/swagger-ui-bundle.js
	cp node_modules/swagger-ui-dist/swagger-ui.css $(VENDOR)/swagger-ui.css
	mkdir -p $(VENDOR)/icones
	for icone in $(ICONES); do cp node_modules/lucide-static/icons/$$icone.svg $(VENDOR)/icones/; done
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe.min.js
	touch $@

assets: $(VENDOR_STAMP)  ## htmx, Alpine (CSP build), Pico CSS, Swagger UI, Lucide icons and axe-core (browser tests) from npm into web/static/vendor

install: $(STAMP) assets  ## install the product in .venv

dev: $(DEV_STAMP) assets  ## install the product and the dev extras

run: install  ## migrate, import ROME if the database is empty, serve on http://127.0.0.1:8000 (development)
	ENVIRONMENT=$${ENVIRONMENT:-development} $(BIN)/agents-metiers serve

system-deps:  ## Debian packages the tests need (chromium, grammalecte-cli, libharfbuzz-subset0), when missing
	bash scripts/install-system-deps.sh

test: dev system-deps  ## the whole suite, on SQLite and on PostgreSQL (skipped if unreachable), one worker per core
	$(BIN)/pytest -n auto --dist loadfile

lint: dev
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

typecheck: dev
	$(BIN)/mypy

check: lint typecheck test

bench: dev  ## every benchmark: figures on the real ROME export (scripts/bench_*.py)
	$(BIN)/python scripts/bench_import.py
	$(BIN)/python scripts/bench_search.py
	$(BIN)/python scripts/bench_pdf.py
	$(BIN)/python scripts/bench_pages.py
	$(BIN)/python scripts/bench_marche.py
	$(BIN)/python scripts/bench_jobs.py
	$(BIN)/python scripts/bench_http.py
	$(BIN)/python scripts/bench_ecriture.py
	$(BIN)/python scripts/bench_cli.py
	$(BIN)/python scripts/bench_exploration.py
	$(BIN)/python scripts/bench_veille.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache node_modules $(VENDOR)
