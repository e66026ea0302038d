"""Recognition, end to end: a helper logs hours for their active match on the dashboard (on a phone), the
coordinator confirms them in the admin, the helper downloads a certificate whose text states their name, the
period and the hours, and its QR address says "genuine" with the same hours, until the coordinator revokes it."""

import re
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from matching.services import match_accept, match_propose
from tests.browser.conftest import second_factor_enter
from tests.browser.test_events_journey import log_in
from tests.factories import PASSWORD, CoordinatorFactory, VolunteerFactory, request_for, site
from volunteers.models import Certificate, HourEntry

pytestmark = pytest.mark.django_db(transaction=True)


def test_helper_logs_hours_coordinator_confirms_certificate_verifies_until_revoked(
    watch, page, browser, live_server, viewport, settings
):
    settings.SITE_URL = live_server.url  # the address printed on the certificate and in its QR code
    stade = site("stade")
    coordinator = CoordinatorFactory(sites=[stade], first_name="Anna", last_name="Koordinatorin")
    helper = VolunteerFactory(
        user__email=f"helfer-{viewport}@example.org",
        user__first_name="Leyla",
        user__last_name="Yılmaz",
        sites=[stade],
        languages={"ar": "native"},
    )
    match = match_accept(match=match_propose(request=request_for(site=stade), volunteer=helper, by=coordinator))
    log_in(page, live_server, helper.user.email, next_path="/mein-bereich/")

    # The helper logs an afternoon with the newcomer on the dashboard; a mistake first comes back with a message.
    watch.goto(f"{live_server.url}/mein-bereich/")
    watch.check("dashboard-hours", viewport)
    page.select_option("select[name=work]", f"match:{match.pk}")
    page.fill("input[name=hours]", "25")
    page.fill("input[name=activity]", "Gemeinsam zur Ausländerbehörde")
    page.get_by_role("button", name="Stunden eintragen").click()
    page.wait_for_url(re.compile(r"/mein-bereich/stunden/$"))
    assert "Ein Tag hat höchstens 24 Stunden." in page.locator("#id_hours_error").inner_text()
    watch.check("hours-errors", viewport)
    page.fill("input[name=hours]", "3.5")
    page.get_by_role("button", name="Stunden eintragen").click()
    page.locator(".alert-success").wait_for()
    assert "Wartet auf Bestätigung" in page.locator("main .badge").inner_text()
    assert HourEntry.objects.get().status == "logged"

    # The coordinator confirms the waiting hours in the admin.
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE").new_page()
    desk.goto(f"{live_server.url}/accounts/login/?next=/admin/")
    desk.fill("input[name=login]", coordinator.email)
    desk.fill("input[name=password]", PASSWORD)
    desk.locator("main form button[type=submit]").click()
    second_factor_enter(desk, coordinator.email)
    desk.wait_for_url(re.compile(r"/admin/$"))
    desk.goto(f"{live_server.url}/admin/volunteers/hourentry/")
    desk.locator("#action-toggle").check()
    desk.select_option("select[name=action]", "confirm")
    desk.locator("button[name=index]").click()
    desk.wait_for_url(re.compile(r"/admin/volunteers/hourentry/"))
    entry = HourEntry.objects.get()
    assert (entry.status, entry.decided_by) == ("confirmed", coordinator)

    # The helper sees the confirmed hours and downloads a certificate for this year.
    watch.goto(f"{live_server.url}/mein-bereich/stunden/")
    watch.check("hours", viewport)
    assert "3,50 Stunden" in page.locator("main").inner_text()
    page.get_by_role("link", name="Nachweis anfordern").click()
    page.wait_for_url(re.compile(r"/mein-bereich/nachweise/neu/$"))
    watch.check("certificate-request", viewport)
    with page.expect_download() as download:
        page.get_by_role("button", name="Nachweis herunterladen (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    year_start = timezone.localdate().replace(month=1, day=1)
    for expected in ["Leyla Yılmaz", f"1. Januar {year_start.year}", "3,50 Stunden", "Anna Koordinatorin"]:
        assert expected in text, expected
    address = re.search(r"https?://\S+/nachweis/[\w-]+/", text).group(0)
    certificate = Certificate.objects.get()
    assert address == f"{live_server.url}/nachweis/{certificate.code}/"

    # Anyone who opens the address sees that it is genuine, with the same hours, and nothing of the person.
    watch.goto(address)
    watch.check("certificate-genuine", viewport)
    verified = page.locator("main").inner_text()
    assert "Echt." in verified
    assert "3,50 Stunden" in verified
    assert "Leyla" not in verified

    # The coordinator revokes it; the address says so.
    desk.goto(f"{live_server.url}/admin/volunteers/certificate/")
    desk.locator(f"input[name=_selected_action][value='{certificate.pk}']").check()
    desk.select_option("select[name=action]", "revoke")
    desk.locator("button[name=index]").click()
    desk.wait_for_url(re.compile(r"/admin/volunteers/certificate/"))
    watch.goto(address)
    watch.check("certificate-revoked", viewport)
    assert "Widerrufen." in page.locator("main").inner_text()
