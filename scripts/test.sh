#!/usr/bin/env bash
# `make test`: installs what is missing, starts a throwaway PostgreSQL and Redis on free ports, runs the
# linters, Django's checks and every test (browser tests included), and stops the servers whatever happens.
# Extra arguments go to pytest (`make test ARGS="-k signup"`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

# poppler-utils: pdftotext, with which tests read the PDFs; gnupg: the backups' encryption.
# shellcheck disable=SC2086  # a list of packages
ensure_apt gettext redis-server chromium postgresql poppler-utils gnupg $PDF_PACKAGES
ensure_venv
if [ ! -f node_modules/axe-core/axe.min.js ]; then
    npm ci --no-audit --no-fund --silent
fi

# Set before the servers start, so that an interrupted start still cleans up.
run_dir=""
trap stop_servers EXIT
start_servers test
export DJANGO_SETTINGS_MODULE=machmit.settings.test

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== import-linter (the layering of docs/architecture.md)"
.venv/bin/lint-imports --no-cache
echo "== djLint"
.venv/bin/djlint templates --lint --quiet
echo "== Django checks"
.venv/bin/python manage.py check --fail-level WARNING
.venv/bin/python manage.py makemigrations --check --dry-run
prepare_django
echo "== docker-compose.yml against the Compose spec"
.venv/bin/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml
echo "== pytest"
.venv/bin/pytest "$@"
