"""A volunteer logs in after the centre's lead published a new consent text: in their language (Arabic, right to
left) the portal asks them to agree again before anything else, and once they have, they land on the dashboard."""

import re

import pytest

from tests.factories import PASSWORD, UserFactory, VolunteerFactory, legal_text_new_version
from volunteers.enums import LegalTextKind
from volunteers.selectors import consents_for

pytestmark = pytest.mark.django_db(transaction=True)

NEW_TEXT = "نحفظ بيانات ملفك الشخصي لكي ندعوك إلى الفعاليات ونعرّفك على قادمين جدد."


def test_volunteer_agrees_to_a_new_consent_text_at_login_and_lands_on_the_dashboard(watch, page, live_server, viewport):
    volunteer = VolunteerFactory(user__email=f"einwilligung-{viewport}@example.org", user__language="ar")
    lead = UserFactory(is_staff=True, is_superuser=True)
    text = legal_text_new_version(LegalTextKind.VOLUNTEER_CONSENT, by=lead, bodies={"ar": NEW_TEXT})

    watch.goto(f"{live_server.url}/accounts/login/?lang=ar")
    page.wait_for_url(re.compile(r"/accounts/login/$"))
    page.fill("input[name=login]", volunteer.user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(re.compile(r"/mein-bereich/einwilligung/\?next=%2Fmein-bereich%2F$"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_text(NEW_TEXT).is_visible()
    assert page.locator("a[href='/mein-bereich/beenden/']").is_visible()
    watch.responses.clear()
    page.reload()
    watch.check("consent-renew-arabic", viewport)

    page.locator("main form button[type=submit]").click()  # not ticked: the form again, with its error
    page.wait_for_url(re.compile(r"/mein-bereich/einwilligung/"))
    assert page.locator(".invalid-feedback").count() == 1
    watch.check("consent-renew-errors", viewport)

    page.check("input[name=consent]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/mein-bereich/$"))
    assert page.locator(".alert-success").is_visible()
    watch.check("dashboard-after-consent", viewport)

    consent = consents_for(user=volunteer.user).first()
    assert (consent.text, consent.language) == (text, "ar")
    volunteer.refresh_from_db()
    assert (volunteer.consent_version, volunteer.consent_language) == (text.version, "ar")
