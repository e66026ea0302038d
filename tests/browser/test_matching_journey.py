import re

import pytest

from matching.models import HelpRequest
from outbox.models import Mail
from tests.browser.conftest import VIEWPORTS, PageWatch
from tests.browser.test_events_journey import log_in
from tests.factories import CoordinatorFactory, VolunteerFactory, site

pytestmark = pytest.mark.django_db(transaction=True)


def arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


def test_arabic_request_is_matched_and_the_helper_sees_contact_after_accepting(
    watch, page, browser, live_server, viewport
):
    buxtehude = site("buxtehude")
    helper = VolunteerFactory(
        user__email=f"helfer-{viewport}@example.org",
        user__first_name="Samira",
        user__last_name="Haddad",
        languages={"ar": "native", "de": "fluent"},
        sites=[buxtehude],
        capacity=2,
    )
    VolunteerFactory(user__first_name="Klaus", languages={"de": "native"}, sites=[buxtehude])

    # The newcomer fills in the form in Arabic, right to left, and gets the confirmation in Arabic.
    watch.goto(f"{live_server.url}/hilfe/?lang=ar")
    page.wait_for_url(re.compile(r"/hilfe/$"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    watch.responses.clear()
    page.reload()
    watch.check("hilfe-arabic", viewport)
    page.fill("input[name=first_name]", "Amal")
    page.check("input[name=contact_method][value=email]")
    page.fill("input[name=email]", f"amal-{viewport}@example.org")
    page.select_option("select[name=municipality]", "buxtehude")
    page.check(f"input[name=site][value='{buxtehude.pk}']")
    page.check("input[name=languages][value=ar]")
    page.check("input[name=topics][value=authorities]")
    page.check("input[name=availability][value='1-1']")
    page.check("input[name=consent]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/hilfe/danke/$"))
    request = HelpRequest.objects.get()
    assert page.get_by_text(request.reference).is_visible()
    assert page.locator("html").get_attribute("dir") == "rtl"
    watch.check("hilfe-thanks-arabic", viewport)
    assert arabic(Mail.objects.get(kind="matching.received").body_text)

    # The Buxtehude coordinator sees the ranked suggestions and proposes the Arabic speaker.
    coordinator = CoordinatorFactory(email=f"koordination-{viewport}@example.org", sites=[buxtehude])
    admin_context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="de-DE")
    admin_page = admin_context.new_page()
    admin_page.set_default_timeout(10_000)
    log_in(admin_page, live_server, coordinator.email, f"/admin/matching/helprequest/{request.pk}/change/")
    suggestions = admin_page.locator("table").filter(has_text="Samira Haddad")
    assert suggestions.get_by_text("Arabisch").first.is_visible()
    assert admin_page.get_by_text("Klaus").count() == 0
    admin_page.locator("form", has=admin_page.locator(f"input[value='{helper.pk}']")).locator(
        "input[type=submit]"
    ).click()
    admin_page.wait_for_load_state("load")
    admin_context.close()

    # The helper sees only what is needed to decide, accepts, then sees the contact data.
    helper_context = browser.new_context(viewport=VIEWPORTS[viewport], locale="de-DE")
    helper_page = helper_context.new_page()
    helper_page.set_default_timeout(10_000)
    helper_watch = PageWatch(helper_page, live_server.url)
    log_in(helper_page, live_server, helper.user.email, "/mein-bereich/anfragen/")
    helper_page.get_by_role("link", name=request.reference).click()
    helper_page.wait_for_load_state("load")
    assert helper_page.get_by_text(f"amal-{viewport}@example.org").count() == 0
    helper_watch.responses.clear()
    helper_page.reload()
    helper_watch.check("match-proposed", viewport)
    helper_page.get_by_role("button", name="Ja, ich helfe").click()
    helper_page.wait_for_load_state("load")
    assert helper_page.get_by_text(f"amal-{viewport}@example.org").is_visible()
    helper_watch.responses.clear()
    helper_page.reload()
    helper_watch.check("match-accepted", viewport)
    helper_context.close()

    accepted = Mail.objects.get(kind="matching.accepted")
    assert (accepted.recipient, accepted.language) == (f"amal-{viewport}@example.org", "ar")
    assert arabic(accepted.subject)
    assert arabic(accepted.body_text)
