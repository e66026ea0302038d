import os
import shutil

import pytest
from django.utils import translation
from pytest_django.live_server_helper import LiveServer

# Playwright runs an event loop in this process; the ORM calls of the tests themselves stay synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request in another leaves its language active on the thread."""
    translation.deactivate()


@pytest.fixture(autouse=True)
def legal_texts_forgotten():
    """The current legal texts are kept in the shared cache, which outlives a test's database: a version one test
    published (and rolled back) must not be what the next one reads."""
    yield
    from django.core.cache import cache

    from volunteers.enums import LegalTextKind
    from volunteers.selectors import legal_text_cache_key

    cache.delete_many([legal_text_cache_key(kind) for kind in LegalTextKind])


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser (``admin_client``), with the second factor the admin asks of all staff."""
    from tests.factories import authenticator_app_add

    authenticator_app_add(admin_user)
    return admin_user


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded browser; no background traffic to anyone's servers."""
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium"),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, but static files come from WhiteNoise as in production.

    Its default handler serves the unhashed source files through the finders, so the fingerprinted,
    compressed files that ``collectstatic`` wrote (and every real page links to) would be missing.
    """
    server = LiveServer("127.0.0.1", start=False)
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server that Django's mail goes to (instead of pytest-django's in-memory outbox)."""
    from tests.smtp_sink import SmtpSink

    with SmtpSink() as sink:
        settings.MAILERS = sink.mailers
        yield sink
