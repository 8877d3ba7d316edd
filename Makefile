# Kundval. `make run` serves the portal with demo data; `make test` runs the suite.
# Both set everything up first, on a fresh Debian 12 machine too (see README).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# Debian packages the portal needs at run time, and in addition for tests.
RUN_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
TEST_PACKAGES := chromium poppler-utils

# With no DATABASE_URL, a private PostgreSQL cluster under var/ is used.
ifeq ($(strip $(DATABASE_URL)),)
START_DATABASE := scripts/postgres.sh start
else
START_DATABASE := true
endif

.PHONY: help setup run test lint audit bench stop clean

help:
	@echo "make run    set up, load demo data and serve http://127.0.0.1:8000"
	@echo "make test   set up and run the whole test suite"
	@echo "make lint   ruff, formatting, import layers, bandit, migrations and translations"
	@echo "make audit  check the pinned packages for known vulnerabilities"
	@echo "make bench  run the benchmarks in bench/"
	@echo "make stop   stop the private PostgreSQL and Redis under var/"

$(VENV)/.installed: requirements.txt
	@command -v python3 >/dev/null && python3 -c "import venv, ensurepip" 2>/dev/null \
		|| scripts/system-packages.sh python3 python3-venv
	@[ -x $(PY) ] || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

.env: | $(VENV)/.installed
	scripts/write-env.sh

setup: $(VENV)/.installed .env
	@scripts/system-packages.sh $(RUN_PACKAGES)
	@$(START_DATABASE)
	$(PY) manage.py compilemessages --ignore=.venv -v 0
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py collectstatic --no-input -v 0

run: setup
	$(PY) manage.py seed_demo
	scripts/serve.sh

test: setup
	@scripts/system-packages.sh $(TEST_PACKAGES)
	CELERY_BROKER_URL="$${CELERY_BROKER_URL:-$$(scripts/redis.sh start)}" \
		$(PY) -m pytest

lint: $(VENV)/.installed .env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/bandit -q -c pyproject.toml -r . --severity-level high
	@$(START_DATABASE)
	$(PY) manage.py makemigrations --check --dry-run
	@scripts/system-packages.sh gettext
	$(PY) scripts/check_translations.py

# Asks PyPI's vulnerability data about every pinned requirement; it needs
# the network, so it is its own target and not part of CI. --strict: a
# package that could not be checked fails the audit instead of passing it.
audit: $(VENV)/.installed
	$(VENV)/bin/pip-audit --strict --requirement requirements.txt --disable-pip --no-deps

# bench/_*.py are shared parts, not benchmarks. The quality reports' batch
# runs on a real Celery worker, so Redis is started as for the tests.
bench: setup
	@export CELERY_BROKER_URL="$${CELERY_BROKER_URL:-$$(scripts/redis.sh start)}"; \
	for program in bench/*.py; do \
		[ -e "$$program" ] || { echo "No benchmarks yet."; break; }; \
		case "$$(basename "$$program")" in _*) continue;; esac; \
		echo "== $$program"; $(PY) "$$program"; done

stop:
	scripts/postgres.sh stop
	scripts/redis.sh stop

clean: stop
	scripts/postgres.sh remove
	rm -rf var $(VENV) .env
