#!/usr/bin/env bash
# Write .env for local use (DEBUG on, a random secret key, demo mode: the demo
# users sign in without a second factor), once.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .env ] && exit 0
key=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))")
umask 077
printf 'DEBUG=on\nDEMO_MODE=on\nSECRET_KEY=%s\n' "$key" > .env
