"""Command one cannot break unnoticed: the embedded default (SQLite, no Redis) migrated, demo data loaded,
served by gunicorn as `make run` does, its pages answering and the demo logins working."""

import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import totp_code
from volunteers.demo import DEMO_TOTP_SECRET

DEMO_LOGINS = ["koordination.stade@example.org", "koordination.buxtehude@example.org", "freiwillig@example.org"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def embedded_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("embedded")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "CACHE_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="machmit.settings.local",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        CELERY_FILESYSTEM_BROKER_DIR=str(folder / "broker"),
        # Its own rate limits and second-factor codes taken, not those of other embedded runs on this checkout.
        CACHE_DIR=str(folder / "cache"),
    )
    for part in ("queue", "processed"):
        (folder / "broker" / part).mkdir(parents=True)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["load_demo_data"], ["load_demo_data"]):
        subprocess.run([*manage, *command], cwd=settings.BASE_DIR, env=env, check=True, capture_output=True)
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [gunicorn, "machmit.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/healthz/", timeout=2)
                break
            except OSError:  # refused, reset or timed out while the server starts
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        yield {"url": base, "env": env, "database": folder / "db.sqlite3"}
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/accounts/login/",
        "/accounts/signup/",
        "/impressum/",
        "/datenschutz/",
        "/veranstaltungen/",
        "/hilfe/",
        "/mitmachen/",
    ],
)
def test_embedded_default_page_answers_200(embedded_server, path):
    with urllib.request.urlopen(embedded_server["url"] + path, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Language"] == "de"


def log_in(base: str, email: str):
    """An opener with the session of a real login; returns it and the page the login led to. The demo coordinators
    enter the code of their authenticator app after the password, computed from the README's secret."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_page = opener.open(base + "/accounts/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "login": email, "password": "machmit-demo"})
    response = opener.open(base + "/accounts/login/", data=form.encode(), timeout=10)
    if response.url == base + "/accounts/2fa/authenticate/":
        code = totp_code(DEMO_TOTP_SECRET, account=f"{base} {email}")
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "code": code})
        response = opener.open(response.url, data=form.encode(), timeout=10)
    return opener, response


@pytest.mark.parametrize("email", DEMO_LOGINS)
def test_embedded_default_demo_login_reaches_dashboard(embedded_server, email):
    base = embedded_server["url"]

    _opener, response = log_in(base, email)

    assert response.url == base + "/mein-bereich/"
    assert email in response.read().decode()


def test_embedded_default_coordinator_sees_ranked_suggestions_on_sqlite(embedded_server):
    """The ranking's SQL (matching.selectors.shortlist) runs on SQLite as well as on PostgreSQL."""
    base = embedded_server["url"]
    with sqlite3.connect(embedded_server["database"]) as database:
        stade = database.execute("SELECT id FROM volunteers_site WHERE slug = 'stade'").fetchone()[0]
        requests = database.execute(
            "SELECT id FROM matching_helprequest WHERE status = 'new' AND (site_id = ? OR site_id IS NULL)", [stade]
        ).fetchall()
    opener, _response = log_in(base, "koordination.stade@example.org")

    pages = [
        opener.open(f"{base}/admin/matching/helprequest/{pk}/change/", timeout=10).read().decode() for (pk,) in requests
    ]

    assert all("Vorgeschlagene Freiwillige" in page for page in pages)
    # At least one demo request has volunteers who fit, each with its reasons in words.
    assert any("spricht" in page for page in pages)


def test_embedded_default_worker_sends_reminder_over_filesystem_broker(embedded_server):
    """Without Redis: the reminder task goes through kombu's filesystem transport to a real worker,
    which prints the mail to the console and marks it sent."""
    env = embedded_server["env"]
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "machmit", "worker", "--pool=solo", "--loglevel=WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from events.tasks import queue_reminders; queue_reminders.delay()",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with sqlite3.connect(embedded_server["database"]) as database:
                sent = database.execute(
                    "SELECT recipient FROM outbox_mail WHERE kind = 'events.reminder' AND status = 'sent'"
                ).fetchall()
            if sent:
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]

    assert ("freiwillig@example.org",) in sent
    assert "To: freiwillig@example.org" in output
    assert "Message-ID: <outbox-" in output


def git_status() -> set[str]:
    result = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
        text=True,
    )
    return set(result.stdout.splitlines())


def test_make_run_leaves_no_file_that_git_shows():
    """Everything the running portal writes (database, broker, beat's schedule, caches) lives in the ignored
    var/: `make run`, served, with its worker bound to the broker and beat started, adds nothing to git status."""
    before = git_status()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "CACHE_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE")
    }
    port = free_port()
    env["PORT"] = str(port)
    base = f"http://127.0.0.1:{port}"
    run = subprocess.Popen(
        ["make", "run"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    exchange = Path(settings.BASE_DIR) / "var" / "broker" / "control" / "celery.exchange"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                for path in ("/", "/hilfe/", "/veranstaltungen/"):
                    urllib.request.urlopen(base + path, timeout=5)
                if exchange.exists():  # the worker has bound its queue on the broker
                    break
            except OSError:  # refused, reset or timed out while the server starts
                pass
            assert run.poll() is None, "make run stopped"
            assert time.monotonic() < deadline, "make run did not come up"
            time.sleep(0.5)
    finally:
        os.killpg(run.pid, signal.SIGINT)
        run.wait(timeout=30)

    assert git_status() - before == set()


def test_embedded_default_hours_and_the_ehrenamtskarte_on_sqlite(embedded_server):
    """The hours' SQL (the dashboard's summary, the Ehrenamtskarte's list) and the report's counts run on SQLite as
    well."""
    base = embedded_server["url"]
    volunteer, response = log_in(base, "freiwillig@example.org")
    dashboard = response.read().decode()
    hours = volunteer.open(base + "/mein-bereich/stunden/", timeout=10).read().decode()
    coordinator, _response = log_in(base, "koordination.stade@example.org")
    eligible = coordinator.open(base + "/admin/volunteers/volunteer/ehrenamtskarte/", timeout=10).read().decode()

    report = coordinator.open(base + "/admin/bericht/", timeout=10).read().decode()

    assert "Ein Eintrag wartet auf Bestätigung." in dashboard
    assert "Bericht für die Fördermittelgeber" in report
    assert "Kennzahlen" in report
    assert "Gemeinsam zur Ausländerbehörde" in hours
    assert "Reza Ahmadi" in eligible
