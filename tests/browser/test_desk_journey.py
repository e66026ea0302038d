"""The coordinators' desk in the browser (issue 17): each coordinator opens the admin, sees their site's counts
only, follows a line to its list and finds exactly that many rows, none of the other site's."""

import re

import pytest

from matching.models import HelpRequest
from tests.browser.test_events_journey import log_in
from tests.factories import CoordinatorFactory, site
from tests.test_desk import desk_rows

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", ["desktop"])
def test_each_coordinator_sees_their_sites_desk_and_follows_a_line(watch, page, live_server):
    stade, buxtehude = site("stade"), site("buxtehude")
    desk_rows(stade, copies=2)
    desk_rows(buxtehude, copies=3)

    for place, count, other in [(stade, 2, buxtehude), (buxtehude, 3, stade)]:
        coordinator = CoordinatorFactory(email=f"desk-{place.slug}@example.org", sites=[place])
        page.context.clear_cookies()
        log_in(page, live_server, coordinator.email, "/admin/")
        assert page.locator("#site-name").inner_text() == "MachMit – Koordination"
        counts = page.locator("#desk .desk-count").all_inner_texts()
        assert counts == [str(count)] * len(counts)
        watch.check_admin(f"desk-{place.slug}", "desktop")

        page.get_by_role("link", name="Neue Anfragen, die auf eine Begleitung warten").click()
        page.wait_for_url(re.compile(r"/admin/matching/helprequest/\?desk=new$"))
        rows = page.locator("#result_list tbody tr")
        assert rows.count() == count
        listed = set(page.locator("#result_list tbody tr th a").all_inner_texts())
        assert listed == set(HelpRequest.objects.filter(site=place, status="new").values_list("reference", flat=True))
        others = HelpRequest.objects.filter(site=other).values_list("reference", flat=True)
        text = page.locator("#content").inner_text()
        assert not [reference for reference in others if reference in text]
