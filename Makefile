# Lleisiau: two commands set everything up on a fresh machine with Python 3.11+ and make.
# Both install what they need from Debian first when it is missing (scripts/system-packages, as root or sudo).
#   make run    install into .venv, migrate the SQLite database in instance/, load questionnaires,
#               add demo data on first start, serve http://127.0.0.1:5000 (PORT overrides)
#   make test   install into .venv and run the whole suite (also on PostgreSQL when TEST_DATABASE_URL is set)
#   make bench  every benchmark in one run on this machine (a few minutes): page weight against the 14 KB
#               first-paint and 20 KB budgets; requests per second of a question page and a saved answer
#               beside a minimal Flask app under the same gunicorn; first contentful paint on a slow phone in
#               headless Chromium (median under 0.6 s, worst under 0.8 s);
#               a full set of results for 10,000 and 100,000 responses (make bench-results: 1,000,000)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NPM_STAMP := node_modules/.installed-stamp
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000
DEMO_RESPONSES ?= 600
DEMO_SEED ?= 2026

.DEFAULT_GOAL := help
.PHONY: help install install-run system-packages-run system-packages-test run test bench bench-results lint format translations compile-translations setup clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/$$(PORT)/$(PORT)/' | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-22s %s\n", $$1, $$2}'

# What the PDFs (and, for the suite, the browser tests) need from Debian: installed when missing, as root
# or through sudo; where that is impossible, it names the packages and stops (scripts/system-packages).
system-packages-run:
	@scripts/system-packages run

system-packages-test:
	@scripts/system-packages test

$(STAMP): pyproject.toml setup.py
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Lleisiau needs Python 3.11 or newer")'
	@echo "Python packages: making $(VENV) and installing Lleisiau with its tools (a minute or two the first time)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --progress-bar on --upgrade pip
	$(BIN)/python -m pip install --progress-bar on -e '.[dev]'
	@touch $(STAMP)

# axe-core for the browser tests' accessibility checks (a development tool; nothing from npm is served).
# Runs again only when package-lock.json changes; without npm the browser tests skip their axe checks.
$(NPM_STAMP): package-lock.json
	@echo "npm: installing axe-core for the browser tests' accessibility checks"
	npm ci --no-audit --no-fund
	@touch $(NPM_STAMP)

install: system-packages-test $(STAMP) $(NPM_STAMP) compile-translations ## create .venv and install Lleisiau with its dev tools

install-run: system-packages-run $(STAMP) compile-translations

compile-translations: $(STAMP)
	@echo "Welsh catalogue: compiling translations/cy/LC_MESSAGES/messages.po"
	@$(BIN)/pybabel compile --statistics -d translations 2>&1 | grep -v '^$$' || true
	@test -f translations/cy/LC_MESSAGES/messages.mo

setup: install-run ## migrate the database, load questionnaires, add demo data on first start
	@echo "Database: migrating instance/lleisiau.sqlite3, loading the questionnaires, adding demo data on first start"
	LLEISIAU_ENV=development $(FLASK) db upgrade
	LLEISIAU_ENV=development $(FLASK) questionnaires load
	LLEISIAU_ENV=development $(FLASK) demo --responses $(DEMO_RESPONSES) --seed $(DEMO_SEED) --only-if-empty

run: setup ## serve the demo on http://127.0.0.1:$(PORT)
	@LLEISIAU_ENV=development PORT=$(PORT) $(FLASK) links
	LLEISIAU_ENV=development PORT=$(PORT) $(FLASK) run --host 127.0.0.1 --port $(PORT)

# `make install` has put Chromium and axe-core in place, so the browser tests must run, never skip.
test: install ## run the whole test suite
	LLEISIAU_BROWSER_TESTS=required $(BIN)/pytest

bench: install ## page weight, throughput, first contentful paint, results speed (bench/run_all.py)
	$(BIN)/python bench/run_all.py

bench-results: install ## a full set of results from 100,000 and 1,000,000 responses (about 5 min, 10 GB)
	$(BIN)/python bench/results_speed.py

lint: install ## ruff and mypy
	$(BIN)/ruff check survey_app analysis tests bench wsgi.py
	$(BIN)/ruff format --check survey_app analysis tests bench wsgi.py
	$(BIN)/mypy

format: install ## reformat the code with ruff
	$(BIN)/ruff format survey_app analysis tests bench wsgi.py
	$(BIN)/ruff check --fix survey_app analysis tests bench wsgi.py

translations: $(STAMP) ## extract interface strings, update the Welsh catalogue, compile
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--project Lleisiau --version 0.1 -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations -l cy --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile --statistics -d translations

clean: ## remove .venv and the local database
	rm -rf $(VENV) instance node_modules
