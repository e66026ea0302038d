"""The volunteer's way in, on a phone, in each of the seven languages: the page checks (axe, 360 px without
horizontal scroll, size, CSP, own host) on every page, right to left for Arabic and Farsi."""

import pytest
from django.urls import reverse

from tests.browser.test_events_journey import log_in
from tests.test_volunteer_languages import (
    LANGUAGES,
    RIGHT_TO_LEFT,
    VISITOR_PAGES,
    invitation_page,
    journey_data,
    volunteer_pages,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", ["phone"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_volunteer_journey_on_a_phone_in_each_language_passes_checks(watch, page, live_server, viewport, language):
    volunteer, _newcomer, event, match = journey_data(language)
    page.goto(f"{live_server.url}/?lang={language}")
    paths = [*(reverse(name) for name in VISITOR_PAGES), invitation_page(language)]
    for path in paths:
        watch.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("html").get_attribute("dir") == ("rtl" if language in RIGHT_TO_LEFT else "ltr")
        watch.check(f"{language}-{path[:40]}", viewport)

    log_in(page, live_server, volunteer.user.email)
    for path in volunteer_pages(event, match):
        watch.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        watch.check(f"{language}-{path}", viewport)
