#!/usr/bin/env bash
# Shared set-up of `make run` and `make test`: system packages, the Python environment, translations,
# static files. Sourced by scripts/run.sh and scripts/test.sh; safe to run again (it only adds what is missing).
set -euo pipefail

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
