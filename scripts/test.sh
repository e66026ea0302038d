#!/usr/bin/env bash
# `make test`: installs what is missing, starts a throwaway PostgreSQL and Redis on free ports, runs the
# linters, Django's checks and every test (browser tests included), and stops the servers whatever happens.
# Extra arguments go to pytest (`make test ARGS="-k signup"`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

ensure_apt gettext redis-server chromium fonts-dejavu-core postgresql
ensure_venv
if [ ! -f node_modules/axe-core/axe.min.js ]; then
    npm ci --no-audit --no-fund --silent
fi

free_port() { .venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Servers live in their own folders outside the checkout: CI's clone may sit where postgres cannot enter.
run_dir=$(mktemp -d /tmp/machmit-test.XXXXXX)
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

export DJANGO_SETTINGS_MODULE=machmit.settings.test
export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/machmit"
export CACHE_URL="redis://127.0.0.1:$redis_port/1"
export CELERY_BROKER_URL="redis://127.0.0.1:$redis_port/0"
"${as_postgres[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres machmit

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
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
