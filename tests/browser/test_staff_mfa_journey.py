"""A coordinator without a second factor cannot open the admin: the first visit leads to setting up an authenticator
app (after confirming the password; its secret read from the page, the code computed with pyotp as an app would),
then the admin opens; the next login asks for a fresh code after the password."""

import re

import pyotp
import pytest

from tests.browser.conftest import second_factor_enter
from tests.factories import PASSWORD, CoordinatorFactory, site

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_sets_up_the_authenticator_app_before_the_admin_opens(watch, page, live_server, viewport):
    coordinator = CoordinatorFactory(
        email=f"koordination-{viewport}@example.org", sites=[site("stade")], second_factor=False
    )

    watch.goto(f"{live_server.url}/accounts/login/?next=/admin/")
    page.fill("input[name=login]", coordinator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    # allauth shows the secret only after the password is confirmed; the message says why the admin did not open.
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/\?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F$"))
    assert page.locator("main .alert-warning").count() == 1
    watch.check("password confirmation", viewport)
    page.fill("input[name=password]", PASSWORD)
    watch.responses.clear()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    assert page.locator("main img[src^='data:image/svg+xml']").is_visible()
    watch.check("authenticator app setup", viewport)

    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    watch.responses.clear()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    assert len(page.locator("#recovery_codes").input_value().split()) == 10
    watch.check("recovery codes", viewport)

    watch.goto(f"{live_server.url}/admin/")
    assert page.locator("#site-name").is_visible()
    watch.responses.clear()
    page.get_by_role("link", name="Zwei-Faktor-Authentifizierung").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/$"))
    watch.check("two-factor overview", viewport)
    # Security keys need a domain name; on the live server's 127.0.0.1 the page says so instead of offering one.
    watch.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    assert page.locator("[data-no-webauthn]").is_visible()
    assert page.locator("#mfa_webauthn_add").is_hidden()
    watch.check("adding a security key", viewport)

    watch.goto(f"{live_server.url}/admin/")

    page.locator("#logout-form button").click()
    watch.goto(f"{live_server.url}/accounts/login/?next=/admin/")
    page.fill("input[name=login]", coordinator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    assert page.locator("#mfa_webauthn_authenticate").count() == 0  # no security key added, none offered
    watch.check("second step of the login", viewport)
    second_factor_enter(page, coordinator.email)
    page.wait_for_url(re.compile(r"/admin/$"))

    assert page.locator("#site-name").is_visible()
    assert [e for e in watch.console_errors if "Content Security Policy" in e] == []
    assert watch.foreign_requests == []
