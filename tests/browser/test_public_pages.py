import re

import pytest

from events.enums import Audience
from tests.factories import EventFactory, site

pytestmark = pytest.mark.django_db(transaction=True)


def test_language_switcher_changes_language_without_script(watch, page, live_server, viewport):
    site("stade")
    watch.goto(live_server.url + "/")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Together in Landkreis Stade"

    page.get_by_role("button", name="العربية").click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("dir") == "rtl"
    watch.responses.clear()
    page.reload()
    watch.check("home-arabic", viewport)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/?lang=fa", "home-farsi"),
        ("/gibt-es-nicht/?lang=ar", "404-arabic"),
        ("/veranstaltungen/?lang=ar", "events-arabic"),
        ("/datenschutz/?lang=ar", "privacy-arabic"),
    ],
)
def test_newcomer_page_right_to_left_passes_checks(watch, page, live_server, viewport, path, name):
    EventFactory(audience=Audience.PUBLIC, title="Fest der Kulturen", languages=["de", "ar"])
    watch.goto(live_server.url + path)
    page.wait_for_url(re.compile(r"/(gibt-es-nicht/|veranstaltungen/|datenschutz/)?$"))

    assert page.locator("html").get_attribute("dir") == "rtl"
    watch.responses.clear()
    page.reload()
    watch.check(name, viewport)


@pytest.mark.parametrize(
    "path",
    [
        "/impressum/",
        "/datenschutz/",
        "/accounts/login/",
        "/accounts/password/reset/",
        "/veranstaltungen/",
        "event",
        "/hilfe/",
        "/hilfe/flyer/buxtehude/",
        "/hilfe/zurueckziehen/",
        "/mitmachen/",
    ],
)
def test_public_page_passes_checks(watch, page, live_server, viewport, path):
    site("buxtehude")
    event = EventFactory(audience=Audience.PUBLIC, title="Fest der Kulturen", interpreter_languages=["ar"])
    if path == "event":
        path = f"/veranstaltungen/{event.pk}/"
    watch.goto(live_server.url + path)

    watch.check(path.strip("/").replace("/", "-"), viewport)
