#!/usr/bin/env bash
# `make bench`: installs what is missing, starts a throwaway PostgreSQL and Redis on free ports, seeds them at
# full scale and measures every page with wrk against gunicorn (bench/run.py); stops the servers whatever
# happens. Prints the table and writes it to artifacts/bench.txt. Exit status 0 even when a goal fails;
# non-zero when the set-up fails or a page answers anything but 2xx.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

ensure_apt gettext postgresql redis-server wrk
ensure_venv

free_port() { .venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Servers live in their own folders outside the checkout: CI's clone may sit where postgres cannot enter.
run_dir=$(mktemp -d /tmp/machmit-bench.XXXXXX)
chmod 755 "$run_dir"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_port=$(free_port)
redis_port=$(free_port)
as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$run_dir"
    as_postgres=(runuser -u postgres --)
fi

cleanup() {
    # bench/run.py stops gunicorn itself; this catches a runner that was killed.
    if [ -f "$run_dir/gunicorn.pid" ]; then
        kill "$(cat "$run_dir/gunicorn.pid")" >/dev/null 2>&1 || true
    fi
    "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$run_dir/pg" -m immediate stop >/dev/null 2>&1 || true
    redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
    rm -rf "$run_dir"
}
trap cleanup EXIT

"${as_postgres[@]}" "$pg_bin/initdb" -D "$run_dir/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$run_dir/pg" -w -l "$run_dir/pg.log" \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $run_dir -c fsync=off -c full_page_writes=off" start >/dev/null
redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --pidfile "$run_dir/redis.pid" \
    --save "" --appendonly no --logfile "$run_dir/redis.log"

export DJANGO_SETTINGS_MODULE=bench.settings
export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/machmit"
export CACHE_URL="redis://127.0.0.1:$redis_port/1"
export CELERY_BROKER_URL="redis://127.0.0.1:$redis_port/0"
export PYTHONUNBUFFERED=1
"${as_postgres[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres machmit

prepare_django
.venv/bin/python -m bench.run --run-dir "$run_dir"
.venv/bin/python -m bench.reminders
.venv/bin/python -m bench.ranking_db
.venv/bin/python -m bench.matching
echo "make bench took ${SECONDS} s"
