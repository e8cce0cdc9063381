# seimpact — the two commands a newcomer needs:
#   make run    set up everything (virtualenv, packages, database, translations, demo data) and serve
#               http://127.0.0.1:8000 with SQLite
#   make test   run the whole test suite (SQLite by default; DATABASE_URL=postgres://… for PostgreSQL)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run setup test lint messages vendor bench loadtest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	@pkg-config --exists icu-i18n 2>/dev/null || { echo "PyICU is built against ICU: first apt-get install libicu-dev pkg-config build-essential"; exit 1; }
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	DJANGO_DEBUG=true $(MANAGE) migrate --noinput
	DJANGO_DEBUG=true $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0 || \
		echo "gettext (msgfmt) not found: using the compiled translations in locale/"
	DJANGO_DEBUG=true $(MANAGE) seed_demo
	DJANGO_DEBUG=true $(MANAGE) load_seed_plans
	DJANGO_DEBUG=true $(MANAGE) load_core_indicators

run: setup
	DJANGO_DEBUG=true $(MANAGE) runserver $(HOST):$(PORT)

test: $(VENV)/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: $(VENV)/.installed
	DJANGO_DEBUG=true $(MANAGE) makemessages -l lv -l lt --ignore=.venv --ignore=node_modules --ignore=staticfiles --no-obsolete
	DJANGO_DEBUG=true $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

vendor:
	scripts/vendor.sh

bench: $(VENV)/.installed
	DJANGO_DEBUG=true $(MANAGE) benchmark

# Concurrent worksheet saves against a server it starts on a free port, with the current database (DATABASE_URL,
# db.sqlite3 by default); the load-test data is removed afterwards. README "Load test".
LOADTEST_ARGS ?= --clients 10 --saves 15 --pairs 5
loadtest: $(VENV)/.installed
	DJANGO_DEBUG=true $(MANAGE) loadtest --serve $(LOADTEST_ARGS); status=$$?; \
		DJANGO_DEBUG=true $(MANAGE) loadtest --clean; exit $$status

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
