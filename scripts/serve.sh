#!/usr/bin/env bash
# `make run`: the portal as it runs in production, on one machine: a Celery
# worker with the beat schedule beside the web server, on the private Redis
# under var/ unless CELERY_BROKER_URL names one. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
CELERY_BROKER_URL="${CELERY_BROKER_URL:-$(scripts/redis.sh start)}"
export CELERY_BROKER_URL
mkdir -p var
.venv/bin/celery -A kundval worker --beat --concurrency 2 --loglevel WARNING \
  --schedule var/celerybeat-schedule >>var/worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null || true' EXIT
echo "Kundval: http://127.0.0.1:8000 (demo users in README; Ctrl-C stops)"
echo "Celery worker and beat: log in var/worker.log"
.venv/bin/python manage.py runserver "${KUNDVAL_ADDRESS:-127.0.0.1:8000}"
