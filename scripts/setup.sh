#!/usr/bin/env bash
# Shared set-up of `make run` and `make test`: system packages, the Python environment, translations,
# static files. Sourced by scripts/run.sh and scripts/test.sh; safe to run again (it only adds what is missing).
set -euo pipefail

# What WeasyPrint needs to render PDFs (certificates): Pango, and fonts with Latin, Cyrillic and Arabic script.
PDF_PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core"

# apt packages the given purpose needs, installed when missing (as root, or through sudo).
ensure_apt() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "setup: installing ${missing[*]} with apt"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A Python 3.12+ interpreter: pyenv's 3.13 or 3.12, else one on PATH.
find_python() {
    local candidate
    for version in 3.13 3.12; do
        if command -v pyenv >/dev/null 2>&1; then
            candidate=$(pyenv versions --bare 2>/dev/null | grep -E "^${version//./\\.}\.[0-9]+$" | sort -V | tail -1 || true)
            if [ -n "$candidate" ]; then
                PYENV_VERSION=$candidate pyenv which python
                return 0
            fi
        fi
        if command -v "python$version" >/dev/null 2>&1; then
            command -v "python$version"
            return 0
        fi
    done
    echo "setup: Python 3.12 or newer is needed (Django 6.1); install it with pyenv" >&2
    return 1
}

ensure_venv() {
    local python
    python=$(find_python)
    if ! "$python" -m uv --version >/dev/null 2>&1; then
        echo "setup: installing uv for $python"
        "$python" -m pip install -q --disable-pip-version-check uv
    fi
    "$python" -m uv sync --frozen --quiet --python "$python"
}

prepare_django() {
    mkdir -p var
    .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=var -v0
    .venv/bin/python manage.py collectstatic --noinput -v0
}

free_port() { .venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# A throwaway PostgreSQL and Redis on free ports (make test, make bench), stopped by stop_servers.
# Sets run_dir and exports DATABASE_URL, CACHE_URL and CELERY_BROKER_URL. The servers live in their own
# folder outside the checkout: CI's clone may sit where the postgres user cannot enter.
start_servers() {
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    pg_port=$(free_port)
    redis_port=$(free_port)
    as_postgres=()
    [ "$(id -u)" -eq 0 ] && as_postgres=(runuser -u postgres --)
    run_dir=$(mktemp -d "/tmp/machmit-$1.XXXXXX")
    chmod 755 "$run_dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$run_dir"
    "${as_postgres[@]}" "$pg_bin/initdb" -D "$run_dir/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$run_dir/pg" -w -l "$run_dir/pg.log" \
        -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $run_dir -c fsync=off -c full_page_writes=off" start >/dev/null
    redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --pidfile "$run_dir/redis.pid" \
        --save "" --appendonly no --logfile "$run_dir/redis.log"
    "${as_postgres[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres machmit
    export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/machmit"
    export CACHE_URL="redis://127.0.0.1:$redis_port/1"
    export CELERY_BROKER_URL="redis://127.0.0.1:$redis_port/0"
}

stop_servers() {
    [ -n "${run_dir:-}" ] || return 0
    "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$run_dir/pg" -m immediate stop >/dev/null 2>&1 || true
    redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
    rm -rf "$run_dir"
}
