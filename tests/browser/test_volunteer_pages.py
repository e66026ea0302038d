"""Every page a signed-in volunteer can open passes the page checks (axe, 360 px, size, CSP, own host)."""

import pytest

from events.services import signup_create
from tests.browser.test_events_journey import log_in
from tests.factories import EventFactory, VolunteerFactory

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/mein-bereich/",
    "/mein-bereich/profil/",
    "/mein-bereich/benachrichtigungen/",
    "/mein-bereich/pause/",
    "/mein-bereich/beenden/",
    "/mein-bereich/einwilligung/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/logout/",
    "event-with-interpreter-form",
    "event-waiting",
]


@pytest.mark.parametrize("path", PAGES)
def test_volunteer_page_passes_checks(watch, page, live_server, viewport, path):
    volunteer = VolunteerFactory(user__email=f"seiten-{viewport}@example.org", languages={"de": "native", "ar": "good"})
    interpreted = EventFactory(title="Elternabend", interpreter_languages=["ar", "uk"])
    full = EventFactory(title="Kochabend", capacity=1)
    signup_create(event=full, volunteer=VolunteerFactory())
    signup_create(event=full, volunteer=volunteer)
    signup_create(event=interpreted, volunteer=VolunteerFactory())
    log_in(page, live_server, volunteer.user.email)
    page.goto(f"{live_server.url}/mein-bereich/")
    page.get_by_role("button", name="Kalenderadresse erstellen").click()
    page.wait_for_load_state("load")

    target = {
        "event-with-interpreter-form": f"/veranstaltungen/{interpreted.pk}/",
        "event-waiting": f"/veranstaltungen/{full.pk}/",
    }
    watch.goto(live_server.url + target.get(path, path))

    watch.check("volunteer-" + path.strip("/").replace("/", "-"), viewport)
