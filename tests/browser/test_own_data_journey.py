"""A volunteer takes their data and deletes their account (issue 16): the data page and both downloads, a wrong
password refused, then the account gone, the waiting list moved up, and the coordinator's list of the event's
sign-ups showing an anonymous sign-up and no name."""

import json
import re
from pathlib import Path

import pytest

from events.enums import SignupStatus
from events.models import Signup
from events.services import signup_create
from outbox.models import Mail
from tests.browser.conftest import VIEWPORTS, PageWatch
from tests.browser.test_events_journey import log_in
from tests.factories import PASSWORD, CoordinatorFactory, EventFactory, UserFactory, VolunteerFactory, site
from volunteers.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def test_volunteer_downloads_their_data_then_deletes_their_account(watch, page, browser, live_server, viewport):
    stade = site("stade")
    user = UserFactory(email=f"henrike-{viewport}@example.org", first_name="Henrike", last_name="Quast")
    henrike = VolunteerFactory(user=user, phone="+4941419876543", sites=[stade])
    ben = VolunteerFactory(user__first_name="Ben", user__last_name="Brandt")
    forum = EventFactory(site=stade, title="Austauschforum Stade", capacity=1)
    signup_create(event=forum, volunteer=henrike)
    signup_create(event=forum, volunteer=ben)

    # Her data: the page from the dashboard, then both downloads.
    log_in(page, live_server, user.email, "/mein-bereich/")
    page.get_by_role("link", name="Meine Daten").click()
    page.wait_for_url(re.compile(r"/mein-bereich/meine-daten/$"))
    assert page.get_by_text("+4941419876543").is_visible()
    assert page.get_by_role("cell", name="Austauschforum Stade").is_visible()
    watch.responses.clear()
    page.reload()
    watch.check("my-data", viewport)

    with page.expect_download() as download:
        page.get_by_role("link", name="Als JSON herunterladen").click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["account"][0]["email"] == user.email
    assert [row["event"] for row in data["signups"]] == ["Austauschforum Stade"]
    with page.expect_download() as download:
        page.get_by_role("link", name="Als PDF herunterladen").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    # Deleting: a wrong password is refused with nothing lost, the right one deletes.
    page.get_by_role("link", name="Mein Konto löschen").click()
    page.wait_for_url(re.compile(r"/mein-bereich/konto-loeschen/$"))
    watch.check("account-delete", viewport)
    page.get_by_label("Ihr Passwort").fill("not-my-password")
    page.get_by_label("Ja, mein Konto und meine persönlichen Daten löschen.").check()
    page.get_by_role("button", name="Mein Konto löschen").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Dieses Passwort ist nicht richtig.").is_visible()
    watch.check("account-delete-error", viewport)
    assert User.objects.filter(pk=user.pk).exists()

    page.get_by_label("Ihr Passwort").fill(PASSWORD)
    page.get_by_label("Ja, mein Konto und meine persönlichen Daten löschen.").check()
    page.get_by_role("button", name="Mein Konto löschen").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_text("Ihr Konto und Ihre persönlichen Daten wurden gelöscht.").is_visible()
    assert not User.objects.filter(pk=user.pk).exists()

    # The waiting list moved up; Ben is told.
    assert Signup.objects.get(event=forum, volunteer=ben).status == SignupStatus.CONFIRMED
    assert Mail.objects.filter(kind="events.promoted", recipient=ben.user.email).count() == 1

    # The coordinator's list of the event's sign-ups: her cancelled sign-up without a name, Ben's with his.
    coordinator = CoordinatorFactory(email=f"koordination-{viewport}@example.org", sites=[stade])
    desk = browser.new_context(viewport=VIEWPORTS["desktop"], locale="de-DE").new_page()
    desk_watch = PageWatch(desk, live_server.url)
    signups = f"/admin/events/signup/?event__id__exact={forum.pk}"
    log_in(desk, live_server, coordinator.email, signups)
    rows = desk.locator("#result_list tbody tr")
    assert rows.count() == 2
    text = desk.locator("#result_list").inner_text()
    assert "(gelöscht)" in text
    assert "Ben Brandt" in text
    assert "Henrike" not in text
    assert "Quast" not in text
    desk_watch.check_admin("signups-after-deletion", "desktop")
