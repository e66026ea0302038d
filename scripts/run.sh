#!/usr/bin/env bash
# `make run`: the whole portal on the embedded default (SQLite, a broker on the file system, mail on the
# console), with demo data, a Celery worker and beat. Ctrl-C stops all of it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

# shellcheck disable=SC2086  # a list of packages
ensure_apt gettext $PDF_PACKAGES
ensure_venv
export DJANGO_SETTINGS_MODULE=machmit.settings.local
export PYTHONUNBUFFERED=1
prepare_django
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo_data
mkdir -p var/broker/queue var/broker/processed var/broker/control

pids=()
stop() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    # Each part gets ten seconds to finish what it is doing. Celery beat caught in its start-up can sit out the
    # signal for a minute; a hard stop loses nothing (the worker acknowledges late, the outbox keeps every mail).
    for _ in $(seq 20); do
        alive=""
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ -n "$alive" ] || break
        sleep 0.5
    done
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop INT TERM EXIT

.venv/bin/celery -A machmit worker --pool=solo --loglevel=INFO &
pids+=($!)
.venv/bin/celery -A machmit beat --loglevel=INFO --schedule var/celerybeat-schedule &
pids+=($!)

port=${PORT:-8000}
echo "MachMit runs at http://127.0.0.1:$port/ (demo logins in README.md). Ctrl-C stops it."
if [ "${DEBUG:-0}" = "1" ]; then
    .venv/bin/python manage.py runserver "127.0.0.1:$port" &
else
    .venv/bin/gunicorn machmit.wsgi --bind "127.0.0.1:$port" --workers 2 --no-control-socket \
        --env DJANGO_SETTINGS_MODULE=machmit.settings.local --access-logfile - &
fi
pids+=($!)
wait -n "${pids[@]}"
