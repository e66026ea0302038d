"""What every browser test checks on every page it opens, and where screenshots go."""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.factories import legal_texts, totp_code, totp_secret
from volunteers.models import User

ARTIFACTS = Path(settings.BASE_DIR) / "artifacts"
AXE_SOURCE = (Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js").read_text()
PAGE_BUDGET_BYTES = 150 * 1024
WIDE_ELEMENTS_JS = """[...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(-5).map(e => e.tagName + '.' + e.className + '#' + e.id)"""
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


class PageWatch:
    """Records what a page loads: bytes transferred, hosts contacted, CSP violations, console errors."""

    def __init__(self, page, live_server_url):
        self.page = page
        self.own_host = urlsplit(live_server_url).hostname
        self.foreign_requests = []
        self.console_errors = []
        self.responses = []
        page.on("request", self._on_request)
        page.on("response", lambda response: self.responses.append(response))
        page.on("console", self._on_console)

    def _on_request(self, request):
        host = urlsplit(request.url).hostname
        if request.url.startswith("data:"):
            return
        if host != self.own_host:
            self.foreign_requests.append(request.url)

    def _on_console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def goto(self, url):
        self.responses.clear()
        return self.page.goto(url)

    def transferred_bytes(self) -> int:
        total = 0
        for response in self.responses:
            sizes = response.request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return total

    def check(self, name: str, viewport: str):
        """Every page: no third-party host, no CSP violation, under budget, fits the phone, axe clean."""
        self.page.wait_for_load_state("load")
        transferred = self.transferred_bytes()
        assert 0 < transferred < PAGE_BUDGET_BYTES, f"{name}: {transferred} bytes transferred"
        overflow = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            culprits = self.page.evaluate(WIDE_ELEMENTS_JS)
            raise AssertionError(f"{name}: wider than the {viewport} viewport by {overflow}px: {culprits}")
        self.check_admin(name, viewport)

    def check_admin(self, name: str, viewport: str):
        """A coordinators' page (DECISIONS.md: not held to the phone or the budget): no third-party host, no CSP
        violation, axe clean."""
        self.page.wait_for_load_state("load")
        assert self.foreign_requests == [], f"{name}: requests to third-party hosts"
        failed = [
            (r.status, r.url) for r in self.responses if r.status >= 400 and r.request.resource_type != "document"
        ]
        assert failed == [], f"{name}: resources failed to load"
        assert [e for e in self.console_errors if "Content Security Policy" in e] == [], f"{name}: CSP violation"
        self.page.evaluate(AXE_SOURCE)
        result = self.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{name}: axe found {json.dumps(serious)}"
        ARTIFACTS.mkdir(exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        self.page.screenshot(path=ARTIFACTS / f"{slug}-{viewport}.png", full_page=True)


def second_factor_enter(page, email: str):
    """allauth's second step of a staff login, after the password: the code the account's authenticator app shows
    now, computed from the secret allauth stored."""
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.fill("input[name=code]", totp_code(totp_secret(User.objects.get(email=email)), account=email))
    page.locator("main form button[type=submit]").first.click()


@pytest.fixture(autouse=True)
def legal_texts_published(transactional_db):
    """The texts the forms show and record, as the data migration creates them: an earlier test's flush removed
    them."""
    legal_texts()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, viewport):
    return {**browser_context_args, "viewport": VIEWPORTS[viewport], "locale": "de-DE"}


@pytest.fixture
def watch(page, live_server):
    page.set_default_timeout(10_000)
    return PageWatch(page, live_server.url)
