"""Production settings, checked in a separate process as they would start."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

SECRET = "x" * 20 + "-production-test-secret-" + "y" * 20
COMPLETE = {"DJANGO_SECRET_KEY": SECRET, "DJANGO_ALLOWED_HOSTS": "machmit.example", "MAIL_URL": "smtp://mail:25"}


def run_manage(*args, **env):
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DEBUG", "MAIL_URL"))
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "machmit.settings.production", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_check_deploy_clean():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **COMPLETE)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({**COMPLETE, "DJANGO_SECRET_KEY": ""}, "Set DJANGO_SECRET_KEY"),
        ({**COMPLETE, "DJANGO_SECRET_KEY": "short"}, "Set DJANGO_SECRET_KEY"),
        ({**COMPLETE, "DJANGO_ALLOWED_HOSTS": ""}, "Set DJANGO_ALLOWED_HOSTS"),
        ({**COMPLETE, "MAIL_URL": ""}, "Set MAIL_URL"),
    ],
)
def test_production_refuses_to_start_half_configured(env, message):
    result = run_manage("check", **env)

    assert result.returncode != 0
    assert message in result.stderr


def test_production_trusts_proxy_and_redirects_to_https():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.ALLAUTH_TRUSTED_PROXY_COUNT)",
        TRUSTED_PROXY_COUNT="1",
        **COMPLETE,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "('HTTP_X_FORWARDED_PROTO', 'https') True True 1"
