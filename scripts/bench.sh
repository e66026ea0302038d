#!/usr/bin/env bash
# `make bench`: installs what is missing, starts a throwaway PostgreSQL and Redis on free ports, seeds them at
# full scale and measures every page with wrk against gunicorn (python -m bench.run); stops the servers whatever
# happens. Prints the table and writes it to artifacts/bench.txt. Exit status 0 even when a goal fails;
# non-zero when the set-up fails or a page answers anything but 2xx. Extra arguments go to bench.run
# (`scripts/bench.sh --rounds 1 --seconds 1 --budget-seconds 1` for a quick trial).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

# shellcheck disable=SC2086  # a list of packages
ensure_apt gettext postgresql redis-server wrk $PDF_PACKAGES
ensure_venv

run_dir=""
cleanup() {
    # bench.run stops gunicorn itself; this catches a runner that was killed.
    if [ -n "$run_dir" ] && [ -f "$run_dir/gunicorn.pid" ]; then
        kill "$(cat "$run_dir/gunicorn.pid")" >/dev/null 2>&1 || true
    fi
    stop_servers
}
trap cleanup EXIT
start_servers bench
export DJANGO_SETTINGS_MODULE=bench.settings
export PYTHONUNBUFFERED=1

prepare_django
.venv/bin/python -m bench.run --run-dir "$run_dir" "$@"
.venv/bin/python -m bench.reminders
.venv/bin/python -m bench.ranking_db
.venv/bin/python -m bench.matching
.venv/bin/python -m bench.recognition
.venv/bin/python -m bench.reports
echo "make bench took ${SECONDS} s"
