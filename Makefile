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

.PHONY: run serve worker setup test lint messages vendor bench loadtest loadtest-production backup restore-drill clean

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

# The production run (README "Production"): gunicorn (seimpact/gunicorn.conf.py: GUNICORN_BIND, WEB_CONCURRENCY…) on
# PostgreSQL, DEBUG off, static files collected for WhiteNoise. Needs DATABASE_URL and DJANGO_SECRET_KEY (environment
# or .env); runs the migrations first, so it also upgrades a running installation after a pull.
PROD := DJANGO_DEBUG=false
serve: $(VENV)/.installed
	@[ -n "$$DATABASE_URL" ] || grep -qs '^DATABASE_URL=' .env || { \
		echo "make serve needs DATABASE_URL, the production database (PostgreSQL), e.g."; \
		echo "  DATABASE_URL=postgres://seimpact:password@127.0.0.1:5432/seimpact make serve"; \
		echo "(make run is the first look on SQLite)"; exit 1; }
	$(PROD) $(MANAGE) migrate --noinput
	$(PROD) $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0 || \
		echo "gettext (msgfmt) not found: using the compiled translations in locale/"
	$(PROD) $(MANAGE) collectstatic --noinput -v0
	$(PROD) exec $(BIN)/gunicorn -c seimpact/gunicorn.conf.py seimpact.wsgi

# The background worker for the database task backend (README "Background jobs"; the default with DEBUG off): first
# queues again what a stopped worker left unfinished, then runs the tasks as they come. Same DATABASE_URL and settings
# as the app servers; run one or more beside them (e.g. a systemd service with Restart=always).
worker: $(VENV)/.installed
	$(MANAGE) tidy_prepared_files
	exec $(MANAGE) db_worker --no-reload

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
	DJANGO_DEBUG=true $(MANAGE) migrate --noinput
	DJANGO_DEBUG=true $(MANAGE) benchmark $(BENCH_ARGS)

# Concurrent worksheet saves against a server it starts on a free port, with the current database (DATABASE_URL,
# db.sqlite3 by default); the load-test data is removed afterwards. README "Load test".
LOADTEST_ARGS ?= --clients 10 --saves 15 --pairs 5
loadtest: $(VENV)/.installed
	DJANGO_DEBUG=true $(MANAGE) loadtest --serve $(LOADTEST_ARGS); status=$$?; \
		DJANGO_DEBUG=true $(MANAGE) loadtest --clean; exit $$status

# Locust against gunicorn on PostgreSQL (DATABASE_URL=postgres://…, migrated): 40 officers editing and autosaving,
# 10 coordinators, 60 public readers for 2 minutes; fails on any error or lost write. README "Load test (production)".
LOADTEST_PRODUCTION_ARGS ?=
loadtest-production: $(VENV)/.installed
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make loadtest-production needs DATABASE_URL=postgres://…"; exit 2;; esac
	DJANGO_DEBUG=true $(MANAGE) loadtest_production $(LOADTEST_PRODUCTION_ARGS)

# pg_dump of the DATABASE_URL database (into var/backups/ unless BACKUP=file) with its fingerprint beside it; the drill restores a dump into a fresh
# database and compares every table (DUMP=file; without it, it backs up now first). README "Backups".
BACKUP ?= var/backups/seimpact-$(shell date +%Y%m%d-%H%M%S).dump
backup: $(VENV)/.installed
	DJANGO_DEBUG=true $(MANAGE) backup --output $(BACKUP)

restore-drill: $(VENV)/.installed
	DJANGO_DEBUG=true $(MANAGE) restore_drill $(if $(DUMP),--dump $(DUMP))

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
