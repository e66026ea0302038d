"""The home page as the front door: on a phone, the three ways in are there at first glance, in every language."""

import pytest

from tests.factories import site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", ["phone"])
@pytest.mark.parametrize("language", ["de", "en", "ar", "fa", "uk", "ru", "tr"])
def test_home_page_three_ways_in_visible_on_a_phone_without_scrolling(watch, page, live_server, viewport, language):
    site("stade")
    watch.goto(f"{live_server.url}/?lang={language}")
    page.wait_for_url(f"{live_server.url}/")

    links = page.locator(".ways-in a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == ["/hilfe/", "/mitmachen/", "/veranstaltungen/"]
    height = page.viewport_size["height"]
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["y"] + box["height"] <= height, f"way in {hrefs[i]} is below the first screen"
    watch.responses.clear()
    page.reload()
    watch.check(f"home-{language}", viewport)
