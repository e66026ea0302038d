"""The portal served for `make bench` as in production (gunicorn, sync workers), and a real login to it."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pyotp

from bench import BenchError
from bench.checks import Probe
from bench.middleware import HEADER as QUERIES_HEADER

WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port: int, method: str, path: str, *, body: str = "", headers: dict | None = None):
    """One request on a new connection (sync workers close each one): status, headers, body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


@contextmanager
def gunicorn_serving(run_dir: Path) -> Iterator[int]:
    """gunicorn with bench.settings on a free port, stopped on leaving; yields the port once /healthz/ answers."""
    from django.conf import settings

    port = free_port()
    log = run_dir / "gunicorn.log"
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "machmit.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={WORKERS}",
        "--worker-class=sync",
        # scripts/bench.sh stops gunicorn by this file if the runner itself is killed.
        f"--pid={run_dir / 'gunicorn.pid'}",
        f"--error-logfile={log}",
        # Not the shared default in ~/.gunicorn, where another gunicorn on this machine may sit.
        "--no-control-socket",
    ]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=environment)  # noqa: S603  (our own program)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if request(port, "GET", "/healthz/")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise BenchError(f"gunicorn did not start:\n{log.read_text() if log.exists() else ''}")
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def log_in(port: int, email: str, password: str, totp_secret: str | None = None) -> str:
    """A real POST to allauth's login form, and for staff the code of their authenticator app after it (the admin
    opens only with a second factor); returns the Cookie header of the session."""
    cookies = SimpleCookie()
    status, headers, page = request(port, "GET", "/accounts/login/")
    for header in headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or token is None or "csrftoken" not in cookies:
        raise BenchError(f"the login page answered {status} without a CSRF token")
    form = {"csrfmiddlewaretoken": token.group(1), "login": email, "password": password}
    status, headers = _post(port, "/accounts/login/", form, cookies)
    if totp_secret is not None and status == 302 and headers["Location"] == "/accounts/2fa/authenticate/":
        form = {"csrfmiddlewaretoken": token.group(1), "code": pyotp.TOTP(totp_secret).now()}
        status, headers = _post(port, "/accounts/2fa/authenticate/", form, cookies)
    if status != 302 or headers["Location"] != "/mein-bereich/" or "sessionid" not in cookies:
        raise BenchError(f"logging in as {email} answered {status} to {headers['Location']}")
    return "; ".join(f"{name}={cookies[name].value}" for name in ("sessionid", "csrftoken"))


def probe(port: int, path: str, *, cookie: str) -> Probe:
    """The page's queries and size as a warm process serves it: each worker's first request of a page fills what a
    process keeps (the caches, the prepared statements), as wrk's warm-up does before a page is measured. Which
    worker answers is the kernel's choice, so of ``WORKERS + 1`` requests at least one is warm: the one with the
    fewest queries counts."""
    headers = {QUERIES_HEADER: "1", **({"Cookie": cookie} if cookie else {})}
    probes = []
    for _ in range(WORKERS + 1):
        status, response_headers, body = request(port, "GET", path, headers=headers)
        if not 200 <= status < 300 or response_headers[QUERIES_HEADER] is None:
            raise BenchError(f"{path} answered {status} to the probe")
        probes.append(Probe(queries=int(response_headers[QUERIES_HEADER]), size_bytes=len(body.encode())))
    return min(probes, key=lambda probe: probe.queries)


def _post(port: int, path: str, form: dict, cookies: SimpleCookie):
    """A form's POST with the cookies so far, which it updates; status and headers."""
    status, headers, _body = request(
        port,
        "POST",
        path,
        body=urlencode(form),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items()),
        },
    )
    for header in headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    return status, headers
