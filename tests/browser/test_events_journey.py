import re
from pathlib import Path

import pytest
from icalendar import Calendar

from events.enums import SignupStatus
from events.models import Signup
from outbox.models import Mail
from tests.browser.conftest import VIEWPORTS, PageWatch, second_factor_enter
from tests.factories import PASSWORD, CoordinatorFactory, EventFactory, VolunteerFactory, site
from volunteers.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, email, next_path="/"):
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    if User.objects.get(email=email).is_staff:
        second_factor_enter(page, email)
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def test_volunteers_sign_up_wait_get_promoted_and_coordinator_sees_own_site(
    watch, page, browser, live_server, viewport
):
    stade, buxtehude = site("stade"), site("buxtehude")
    forum = EventFactory(site=stade, title="Austauschforum Stade", capacity=1)
    EventFactory(site=buxtehude, title="Schulung Buxtehude")
    anna = VolunteerFactory(user__email=f"anna-{viewport}@example.org", user__first_name="Anna")
    ben = VolunteerFactory(user__email=f"ben-{viewport}@example.org", user__first_name="Ben")

    # Anna filters the list to Stade, signs up for the forum and finds it among her events.
    log_in(page, live_server, anna.user.email, "/veranstaltungen/")
    page.select_option("select[name=site]", str(stade.pk))
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url(re.compile(r"site="))
    watch.responses.clear()
    page.reload()
    watch.check("events-filtered", viewport)
    assert page.get_by_role("link", name="Schulung Buxtehude").count() == 0
    page.get_by_role("link", name="Austauschforum Stade").click()
    page.wait_for_url(re.compile(rf"/veranstaltungen/{forum.pk}/$"))
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Sie sind angemeldet.").first.is_visible()
    watch.responses.clear()
    page.reload()
    watch.check("event-signed-up", viewport)

    with page.expect_download() as download:
        page.get_by_role("link", name="In den Kalender (.ics)").click()
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    assert [str(entry["SUMMARY"]) for entry in calendar.walk("VEVENT")] == ["Austauschforum Stade"]

    watch.goto(f"{live_server.url}/mein-bereich/")
    assert page.get_by_role("link", name="Austauschforum Stade").is_visible()
    watch.check("dashboard-my-events", viewport)

    # Ben finds the forum full and joins the waiting list.
    ben_context = browser.new_context(viewport=VIEWPORTS[viewport], locale="de-DE")
    ben_page = ben_context.new_page()
    ben_page.set_default_timeout(10_000)
    ben_watch = PageWatch(ben_page, live_server.url)
    log_in(ben_page, live_server, ben.user.email, f"/veranstaltungen/{forum.pk}/")
    ben_page.get_by_role("button", name="Auf die Warteliste").click()
    ben_page.wait_for_load_state("load")
    assert ben_page.get_by_text("Sie sind Nummer 1 auf der Warteliste.").is_visible()
    ben_watch.responses.clear()
    ben_page.reload()
    ben_watch.check("event-waitlisted", viewport)

    # Anna cancels: Ben moves up at once and is told by mail.
    page.goto(f"{live_server.url}/veranstaltungen/{forum.pk}/")
    page.get_by_role("button", name="Meine Anmeldung stornieren").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Ihre Anmeldung wurde storniert.").is_visible()
    ben_page.reload()
    assert ben_page.get_by_text("Sie sind angemeldet.").first.is_visible()
    assert Signup.objects.get(event=forum, volunteer=ben).status == SignupStatus.CONFIRMED
    assert Mail.objects.filter(kind="events.promoted", recipient=ben.user.email).count() == 1
    ben_context.close()

    # The Stade coordinator's admin lists Stade's events only.
    coordinator = CoordinatorFactory(email=f"koordination-{viewport}@example.org", sites=[stade])
    page.context.clear_cookies()
    log_in(page, live_server, coordinator.email, "/admin/events/event/")
    assert page.get_by_role("link", name="Austauschforum Stade").is_visible()
    assert page.get_by_text("Schulung Buxtehude").count() == 0
    assert [e for e in watch.console_errors if "Content Security Policy" in e] == []
