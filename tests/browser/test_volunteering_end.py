"""A volunteer ends their volunteering on a phone: the page says what follows, a reason and a confirmation end
it, their place goes to the next on the waiting list, and the dashboard thanks them."""

import re

import pytest

from events.enums import SignupStatus
from events.services import signup_create
from tests.browser.test_events_journey import log_in
from tests.factories import EventFactory, VolunteerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_volunteer_ends_their_volunteering_and_the_waiting_list_moves_up(watch, page, live_server, viewport):
    leaving = VolunteerFactory(user__email=f"abschied-{viewport}@example.org")
    waiting = VolunteerFactory()
    full = EventFactory(title="Kochabend", capacity=1)
    signup_create(event=full, volunteer=leaving)
    signup_create(event=full, volunteer=waiting)
    log_in(page, live_server, leaving.user.email)

    watch.goto(f"{live_server.url}/mein-bereich/")
    page.locator("a[href='/mein-bereich/beenden/']").click()
    page.wait_for_url(re.compile(r"/mein-bereich/beenden/$"))
    watch.responses.clear()
    page.reload()
    watch.check("volunteering-end", viewport)

    page.locator("main form button[type=submit]").click()  # neither reason nor confirmation: the form again
    page.wait_for_url(re.compile(r"/mein-bereich/beenden/$"))
    assert page.locator(".invalid-feedback").count() == 2
    watch.check("volunteering-end-errors", viewport)

    page.check("input[name=reason][value=moving]")
    page.check("input[name=confirm]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/mein-bereich/$"))
    watch.check("dashboard-ended", viewport)
    assert page.locator(".alert-secondary[role=status]").is_visible()
    assert page.locator("a[href='/mein-bereich/beenden/']").count() == 0

    statuses = dict(full.signups.values_list("volunteer_id", "status"))
    assert statuses == {leaving.pk: SignupStatus.CANCELLED, waiting.pk: SignupStatus.CONFIRMED}
