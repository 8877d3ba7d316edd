#!/usr/bin/env bash
# Refresh the Swedish catalogue from the code; then translate what is new.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python manage.py makemessages -l sv --ignore='.venv/*' --ignore='var/*' --add-location=file
