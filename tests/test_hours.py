"""The volunteer's hours and certificates through the pages, and the coordinators' admin for them: who may see
and do what, and bad input answered with a clear message (never a 500, nothing saved)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from machmit.services import volunteering_end
from matching.services import match_accept, match_propose
from tests.factories import CoordinatorFactory, UserFactory, VolunteerFactory, request_for, site
from tests.volunteers.test_recognition import confirmed, pdf_text
from volunteers.enums import DocumentKind, HourKind, HourStatus
from volunteers.models import Certificate, HourEntry
from volunteers.services import certificate_issue, certificate_revoke, hours_decide, hours_log

pytestmark = pytest.mark.django_db

HOURS = reverse("hours")
CERTIFICATE_REQUEST = reverse("volunteers:certificate_request")
HOURS_ADMIN = reverse("admin:volunteers_hourentry_changelist")
EHRENAMTSKARTE = reverse("admin:volunteers_volunteer_ehrenamtskarte")


def client_for(user, language="de") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


@pytest.fixture
def helper():
    """A volunteer of Stade with an active match."""
    volunteer = VolunteerFactory(sites=[site("stade")], languages={"ar": "native"})
    coordinator = CoordinatorFactory(sites=[site("stade")])
    match = match_propose(request=request_for(site=site("stade")), volunteer=volunteer, by=coordinator)
    match_accept(match=match)
    volunteer.match = match
    return volunteer


def log(volunteer, **data) -> dict:
    form = {"work": f"match:{volunteer.match.pk}", "day": timezone.localdate(), "hours": "1.5"}
    return {**form, "activity": "Zum Jobcenter begleitet", **data}


def test_dashboard_offers_the_active_match_for_logging_hours(helper):
    response = client_for(helper.user).get(reverse("dashboard"))

    assert response.status_code == 200
    choices = dict(response.context["hours_form"].fields["work"].choices)
    assert choices == {
        f"match:{helper.match.pk}": f"Begleitung {helper.match.request.reference}",
        "other": "Weitere Tätigkeiten für das Zentrum",
    }
    assert "0 von 250 Stunden in den letzten 12 Monaten" in response.content.decode()


def test_helper_logs_hours_for_the_match_waiting_for_confirmation(helper):
    response = client_for(helper.user).post(HOURS, log(helper))

    assert (response.status_code, response["Location"]) == (302, HOURS)
    entry = HourEntry.objects.get()
    assert (entry.volunteer, entry.kind, entry.hours, entry.status, entry.site) == (
        helper,
        HourKind.ACCOMPANYING,
        Decimal("1.50"),
        HourStatus.LOGGED,
        site("stade"),
    )
    page = client_for(helper.user).get(HOURS).content.decode()
    assert "Zum Jobcenter begleitet" in page
    assert "Wartet auf Bestätigung" in page


def test_other_work_names_the_volunteers_one_site():
    volunteer = VolunteerFactory(sites=[site("buxtehude")])

    response = client_for(volunteer.user).post(
        HOURS, {"work": "other", "day": timezone.localdate(), "hours": "3", "activity": "Stand auf dem Altstadtfest"}
    )

    assert response.status_code == 302
    assert HourEntry.objects.values_list("kind", "site").get() == (HourKind.OTHER, site("buxtehude").pk)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"hours": "-1"}, "mindestens eine Viertelstunde"),
        ({"hours": "25"}, "höchstens 24 Stunden"),
        ({"hours": "1.1"}, "Viertelstunden"),
        ({"hours": "zwei"}, "als Zahl"),
        ({"day": timezone.localdate() + timedelta(days=2)}, "heute oder ein früheres Datum"),
        ({"day": timezone.localdate() - timedelta(days=200)}, "innerhalb von 92 Tagen"),
        ({"day": "31.02.2026"}, "gültiges Datum"),
        ({"activity": "Anruf unter 0151 2345 6789"}, "Telefonnummern weg"),
        ({"activity": "Mit Amal beim Arzt"}, "ohne den Namen"),
        ({"work": "match:999999"}, "gültige Auswahl"),
        ({"work": "other; DROP"}, "gültige Auswahl"),
    ],
)
def test_bad_input_returns_the_form_with_a_message_and_saves_nothing(helper, data, message):
    response = client_for(helper.user).post(HOURS, log(helper, **data))

    assert response.status_code == 422
    assert message in response.content.decode()
    assert not HourEntry.objects.exists()


def test_hours_for_another_volunteers_match_are_refused(helper):
    other = VolunteerFactory()

    response = client_for(other.user).post(HOURS, log(helper))

    assert response.status_code == 422
    assert not HourEntry.objects.exists()


def test_anonymous_visitors_see_no_hours_and_no_certificate(helper):
    certificate = issue(helper)
    for url in (HOURS, CERTIFICATE_REQUEST, download_url(certificate)):
        response = Client().get(url)
        assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")


def issue(volunteer, **fields) -> Certificate:
    """A certificate of this year; an hour on 1 January where the volunteer has none confirmed (a certificate
    needs some)."""
    if not volunteer.hours.filter(status=HourStatus.CONFIRMED).exists():
        confirmed(volunteer, date(2026, 1, 1), "1")
    return certificate_issue(
        volunteer=volunteer,
        kind=DocumentKind.ENGAGEMENT,
        period_start=date(2026, 1, 1),
        period_end=timezone.localdate(),
        language="de",
        site=site("stade"),
        issuer_name="Anna Koordinatorin",
        by=volunteer.user,
        **fields,
    )


def download_url(certificate) -> str:
    return reverse("volunteers:certificate_download", args=[certificate.pk])


def test_volunteer_requests_a_certificate_and_downloads_it():
    volunteer = VolunteerFactory(sites=[site("buxtehude")], user__first_name="Leyla", user__last_name="Yılmaz")
    coordinator = CoordinatorFactory(sites=[site("buxtehude")], first_name="Bernd", last_name="Brandt")
    confirmed(volunteer, timezone.localdate(), "6.5")
    client = client_for(volunteer.user)

    response = client.post(
        CERTIFICATE_REQUEST,
        {"period_start": date(2026, 1, 1), "period_end": timezone.localdate(), "language": "de"},
    )

    certificate = Certificate.objects.get()
    assert (response.status_code, response["Location"]) == (302, download_url(certificate))
    assert (certificate.site, certificate.issuer_name, certificate.issued_by) == (
        site("buxtehude"),
        str(coordinator),
        volunteer.user,
    )
    pdf = client.get(download_url(certificate))
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    text = pdf_text(pdf.content)
    assert "Leyla Yılmaz" in text
    assert "6,50 Stunden" in text
    assert "Harburger Straße 2" in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"period_start": "2026-05-01", "period_end": "2026-04-01"}, "beginnt nach seinem Ende"),
        ({"period_end": (timezone.localdate() + timedelta(days=1)).isoformat()}, "heute oder ein früheres Datum"),
        ({"period_start": "gestern"}, "gültiges Datum"),
        ({"language": "ar"}, "gültige Auswahl"),
    ],
)
def test_certificate_request_with_bad_input_issues_nothing(data, message):
    volunteer = VolunteerFactory()
    form = {"period_start": "2026-01-01", "period_end": timezone.localdate().isoformat(), "language": "de", **data}

    response = client_for(volunteer.user).post(CERTIFICATE_REQUEST, form)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Certificate.objects.exists()


def test_nobody_else_downloads_a_certificate_and_a_revoked_one_is_gone(helper):
    certificate = issue(helper)
    other = VolunteerFactory()

    assert client_for(other.user).get(download_url(certificate)).status_code == 404
    assert client_for(helper.user).get(reverse("volunteers:certificate_download", args=[999999])).status_code == 404
    certificate_revoke(certificate=certificate, by=CoordinatorFactory())
    assert client_for(helper.user).get(download_url(certificate)).status_code == 404


def test_verification_page_shows_what_the_certificate_states_and_nothing_of_the_person():
    volunteer = VolunteerFactory(user__first_name="Leyla", user__last_name="Yılmaz", phone="0151 1234567")
    confirmed(volunteer, date(2026, 3, 1), "12.25")
    certificate = issue(volunteer)
    url = reverse("certificate:verify", args=[certificate.code])

    page = Client(headers={"accept-language": "en"}).get(url)

    assert page.status_code == 200
    text = page.content.decode()
    for shown in ["Genuine.", certificate.number, "Anna Koordinatorin", "MachMit Stade", "12.25 hours"]:
        assert shown in text, shown
    for hidden in ["Leyla", "Yılmaz", volunteer.user.email, "0151"]:
        assert hidden not in text, hidden

    certificate_revoke(certificate=certificate, by=CoordinatorFactory())
    assert "Revoked." in Client(headers={"accept-language": "en"}).get(url).content.decode()


@pytest.mark.parametrize("code", ["x", "A" * 16, "../../admin", "%00"])
def test_verification_of_a_tampered_code_is_not_found(code):
    issue(VolunteerFactory())
    response = Client().get(f"/nachweis/{code}/")
    assert response.status_code == 404


# The coordinators' admin.


@pytest.fixture
def entries():
    """A logged entry at each site and one naming none."""
    volunteer = VolunteerFactory()
    day = timezone.localdate()
    return {
        name: hours_log(volunteer=volunteer, site=where, kind=HourKind.OTHER, day=day, hours=Decimal(2), activity=name)
        for name, where in (("stade", site("stade")), ("buxtehude", site("buxtehude")), ("none", None))
    }


def test_coordinator_sees_the_hours_of_their_site_waiting_first(entries):
    coordinator = CoordinatorFactory(sites=[site("stade")])
    hours_decide(entries=[entries["none"]], confirm=True, by=coordinator)
    client = client_for(coordinator)

    waiting = client.get(HOURS_ADMIN)
    everything = client.get(f"{HOURS_ADMIN}?status=all")

    assert waiting.status_code == 200
    assert set(waiting.context["cl"].queryset) == {entries["stade"]}
    assert set(everything.context["cl"].queryset) == {entries["stade"], entries["none"]}
    change = reverse("admin:volunteers_hourentry_change", args=[entries["buxtehude"].pk])
    assert client_for(CoordinatorFactory(sites=[site("stade")])).get(change).status_code == 302


def test_coordinator_confirms_in_bulk_and_corrects_in_the_list(entries):
    coordinator = CoordinatorFactory(sites=[site("stade")])
    client = client_for(coordinator)

    client.post(
        HOURS_ADMIN,
        {"action": "confirm", "_selected_action": [entry.pk for entry in entries.values()]},
    )

    statuses = dict(HourEntry.objects.values_list("activity", "status"))
    # Only their own site's and the one naming none: the other site's entry is not theirs to decide.
    assert statuses == {"stade": "confirmed", "none": "confirmed", "buxtehude": "logged"}
    assert HourEntry.objects.get(activity="stade").decided_by == coordinator

    stade = entries["stade"]
    response = client.post(
        f"{HOURS_ADMIN}?status=confirmed",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": stade.pk,
            "form-0-hours": "1.75",
            "_save": "Sichern",
        },
    )
    assert response.status_code == 302
    stade.refresh_from_db()
    assert (stade.hours, stade.status, stade.decided_by) == (Decimal("1.75"), HourStatus.CONFIRMED, coordinator)


def test_coordinator_revokes_a_certificate_and_its_address_says_so():
    volunteer = VolunteerFactory(sites=[site("stade")])
    certificate = issue(volunteer)
    coordinator = CoordinatorFactory(sites=[site("stade")])
    client = client_for(coordinator)

    client.post(
        reverse("admin:volunteers_certificate_changelist"),
        {"action": "revoke", "_selected_action": [certificate.pk]},
    )

    certificate.refresh_from_db()
    assert (certificate.revoked_by, certificate.revoked_at is not None) == (coordinator, True)
    pdf = client.get(reverse("admin:volunteers_certificate_pdf", args=[certificate.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    other_site = client_for(CoordinatorFactory(sites=[site("buxtehude")]))
    assert other_site.get(reverse("admin:volunteers_certificate_pdf", args=[certificate.pk])).status_code == 404


def test_coordinator_issues_a_certificate_for_a_volunteer():
    volunteer = VolunteerFactory(sites=[site("stade")], user__first_name="Leyla", user__last_name="Yılmaz")
    confirmed(volunteer, date(2026, 3, 1), "3")
    coordinator = CoordinatorFactory(sites=[site("stade")], first_name="Anna", last_name="Koordinatorin")
    changelist = reverse("admin:volunteers_volunteer_changelist")

    response = client_for(coordinator).post(
        changelist,
        {
            "action": "issue_certificate",
            "_selected_action": [volunteer.pk],
            "issue": "1",
            "period_start": "2026-01-01",
            "period_end": timezone.localdate().isoformat(),
            "language": "en",
        },
    )

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Certificate of volunteer engagement" in text
    assert "Anna Koordinatorin" in text
    assert Certificate.objects.get().issued_by == coordinator


def eligible(volunteer_sites, first_name="Eli"):
    volunteer = VolunteerFactory(sites=volunteer_sites, user__first_name=first_name, engaged_since=date(2020, 1, 1))
    for week in range(11):
        confirmed(volunteer, timezone.localdate() - timedelta(days=7 * week), "24")
    return volunteer


def test_ehrenamtskarte_list_shows_the_eligible_of_the_coordinators_sites():
    stade, buxtehude = eligible([site("stade")]), eligible([site("buxtehude")])
    not_yet = VolunteerFactory(sites=[site("stade")])
    confirmed(not_yet, timezone.localdate(), "24")
    client = client_for(CoordinatorFactory(sites=[site("stade")]))

    response = client.get(EHRENAMTSKARTE)

    assert response.status_code == 200
    assert [volunteer.pk for volunteer in response.context["eligible"]] == [stade.pk]
    confirmation = reverse("admin:volunteers_volunteer_ehrenamtskarte_confirmation", args=[stade.pk])
    pdf = client.post(confirmation)
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Ehrenamtskarte Niedersachsen/Bremen" in text
    assert "264 Stunden" in text
    assert "1. Januar 2020" in text
    certificate = Certificate.objects.get()
    assert (certificate.kind, certificate.volunteer) == (DocumentKind.EHRENAMTSKARTE, stade)
    # Not for the other site's volunteer, nor for someone who does not meet the rule, nor by a GET.
    for volunteer in (buxtehude, not_yet):
        url = reverse("admin:volunteers_volunteer_ehrenamtskarte_confirmation", args=[volunteer.pk])
        assert client.post(url).status_code == 404
    assert client.get(confirmation).status_code == 405


def test_volunteers_cannot_open_the_coordinators_lists():
    client = client_for(UserFactory())
    for url in (HOURS_ADMIN, EHRENAMTSKARTE, reverse("admin:volunteers_certificate_changelist")):
        assert client.get(url).status_code in (302, 403)


def test_certificate_of_a_period_without_confirmed_hours_is_not_issued():
    volunteer = VolunteerFactory()
    hours_log(
        volunteer=volunteer, site=None, kind=HourKind.OTHER, day=timezone.localdate(), hours=Decimal(2), activity="x"
    )
    form = {"period_start": "2026-01-01", "period_end": timezone.localdate().isoformat(), "language": "de"}

    response = client_for(volunteer.user).post(CERTIFICATE_REQUEST, form)

    assert response.status_code == 422
    assert "keine bestätigten Stunden" in response.content.decode()
    assert not Certificate.objects.exists()


def test_after_the_end_of_volunteering_hours_are_shown_but_not_logged(helper):
    confirmed(helper, timezone.localdate(), "2")
    volunteering_end(volunteer=helper, reason="time", by=helper.user)
    client = client_for(helper.user)

    page = client.get(HOURS)
    response = client.post(HOURS, {**log(helper), "work": "other"})

    assert page.status_code == 200
    assert 'name="activity"' not in page.content.decode()
    assert (response.status_code, response["Location"]) == (302, HOURS)
    assert HourEntry.objects.filter(volunteer=helper).count() == 1


def test_coordinator_enters_hours_for_their_volunteer_confirmed_by_them():
    coordinator = CoordinatorFactory(sites=[site("stade")])
    volunteer = VolunteerFactory(sites=[site("stade")])
    other_site = VolunteerFactory(sites=[site("buxtehude")])
    client = client_for(coordinator)
    add = reverse("admin:volunteers_hourentry_add")
    form = {
        "volunteer": volunteer.pk,
        "site": site("stade").pk,
        "kind": HourKind.OTHER,
        "date": "2026-06-13",
        "hours": "6",
        "activity": "Infostand Altstadtfest",
    }

    response = client.post(add, form)

    assert response.status_code == 302
    entry = HourEntry.objects.get()
    assert (entry.volunteer, entry.hours, entry.status, entry.decided_by) == (
        volunteer,
        Decimal("6.00"),
        HourStatus.CONFIRMED,
        coordinator,
    )
    for bad, message in [
        ({"volunteer": other_site.pk}, "gültige Auswahl"),
        ({"site": site("buxtehude").pk}, "gültige Auswahl"),
        ({"hours": "25"}, "höchstens 24 am Tag"),
        ({"date": (timezone.localdate() + timedelta(days=1)).isoformat()}, "heute oder ein früheres Datum"),
    ]:
        response = client.post(add, {**form, **bad})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert HourEntry.objects.count() == 1


def test_coordinator_certificate_for_a_period_without_hours_comes_back_with_a_message():
    volunteer = VolunteerFactory(sites=[site("stade")])
    coordinator = CoordinatorFactory(sites=[site("stade")])

    response = client_for(coordinator).post(
        reverse("admin:volunteers_volunteer_changelist"),
        {
            "action": "issue_certificate",
            "_selected_action": [volunteer.pk],
            "issue": "1",
            "period_start": "2026-01-01",
            "period_end": timezone.localdate().isoformat(),
            "language": "de",
        },
    )

    assert response.status_code == 200
    assert "In diesem Zeitraum gibt es keine bestätigten Stunden." in response.content.decode()
    assert not Certificate.objects.exists()
