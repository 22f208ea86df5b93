# Veivalg: `make run` (portal with demo data on SQLite) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
VENDOR := veivalg/static/vendor

.PHONY: run test setup venv assets chromium migrate demo lint format bench messages check-migrations clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || PYTHON=python3; $${PYTHON:-python3} -m venv $(VENV) 2>/dev/null || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

node_modules/.package-lock.json: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.package-lock.json
	mkdir -p $(VENDOR)/designsystemet $(VENDOR)/axe $(VENDOR)/htmlcs
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css $(VENDOR)/designsystemet/index.css
	cp node_modules/@digdir/designsystemet-css/dist/theme/designsystemet.css $(VENDOR)/designsystemet/theme.css
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe/axe.min.js
	cp node_modules/html_codesniffer/build/HTMLCS.js $(VENDOR)/htmlcs/HTMLCS.js

setup: venv assets

migrate: setup
	$(PY) manage.py migrate --noinput

# Demo sign-ins for editors (fictional; never use this password outside a demo).
DEMO_PASSWORD ?= demo-passord-123

# load_demo runs the six loaders in veivalg/demo in order; they refuse to run outside DEBUG
# unless ALLOW_DEMO_DATA is set (veivalg/demo/guard.py).
demo: export ALLOW_DEMO_DATA = true
demo: migrate
	DEMO_PASSWORD="$(DEMO_PASSWORD)" $(PY) manage.py load_demo

run: demo
	@echo "Veivalg: http://$(HOST):$(PORT)/  (redaktør: http://$(HOST):$(PORT)/redaktor/)"
	$(PY) manage.py run_worker --no-reload & WORKER=$$!; \
	$(PY) manage.py run_scheduler & SCHEDULER=$$!; \
	$(PY) manage.py run_oidc_mock & OIDC=$$!; \
	trap "kill $$WORKER $$SCHEDULER $$OIDC 2>/dev/null" EXIT INT TERM; \
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

# Chromium from Debian for the browser tests; nothing downloads a browser of its own.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi; }

check-migrations: setup
	$(PY) manage.py makemigrations --check --dry-run

test: setup chromium check-migrations
	$(VENV)/bin/pytest -n 2 --dist loadfile

lint: setup
	$(VENV)/bin/ruff check veivalg tests benchmarks
	$(VENV)/bin/ruff format --check veivalg tests benchmarks
	$(VENV)/bin/lint-imports

format: setup
	$(VENV)/bin/ruff format veivalg tests benchmarks
	$(VENV)/bin/ruff check --fix veivalg tests benchmarks

messages: setup
	$(PY) manage.py makemessages -l nb -l nn -l en --no-obsolete --ignore=.venv --ignore=node_modules
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

bench: setup
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) db.sqlite3*
