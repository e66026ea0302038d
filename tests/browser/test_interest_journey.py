"""A visitor who would like to volunteer finds "Mitmachen" from the home page in Arabic on a phone and sends the
interest form."""

import re

import pytest

from tests.factories import site
from volunteers.models import Interest

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_sends_the_interest_form_in_arabic(watch, page, live_server, viewport):
    site("stade")
    site("buxtehude")
    watch.goto(f"{live_server.url}/?lang=ar")
    page.wait_for_url(f"{live_server.url}/")

    page.locator(".ways-in a").nth(1).click()
    page.wait_for_url(re.compile(r"/mitmachen/$"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    watch.responses.clear()
    page.reload()
    watch.check("mitmachen-arabic", viewport)

    page.fill("input[name=name]", "رانيا حداد")
    page.fill("input[name=email]", f"rania-{viewport}@example.org")
    page.check("input[name=ways][value=interpreting]")
    page.check("input[name=languages][value=ar]")
    page.check("input[name=languages][value=de]")
    page.check("input[name=consent]")
    page.locator("main form.interest button[type=submit]").click()

    page.wait_for_url(re.compile(r"/mitmachen/danke/$"))
    watch.check("mitmachen-thanks-arabic", viewport)
    interest = Interest.objects.get(email=f"rania-{viewport}@example.org")
    assert (interest.name, interest.ways, sorted(interest.languages), interest.language) == (
        "رانيا حداد",
        ["interpreting"],
        ["ar", "de"],
        "ar",
    )
