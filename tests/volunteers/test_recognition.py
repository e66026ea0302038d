"""Hours (recorded by attendance, logged by helpers, decided by coordinators), the Ehrenamtskarte's rule at its
edges, and certificates: what they state, their PDF, and what survives the end of volunteering and a deleted
account."""

import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.enums import EventKind, SignupRole, SignupStatus
from events.services import signup_attendance_mark
from matching.services import MatchError, match_accept, match_hours_log, match_propose
from tests.factories import CoordinatorFactory, EventFactory, VolunteerFactory, site
from tests.matching.test_ranking_db import request_for
from volunteers.documents import certificate_pdf
from volunteers.enums import DocumentKind, HourKind, HourStatus
from volunteers.models import Certificate, HourEntry, Volunteer
from volunteers.selectors import (
    certificate_content,
    ehrenamtskarte_eligible,
    ehrenamtskarte_standing,
    hours_by_month,
    hours_summary,
)
from volunteers.services import (
    RecognitionError,
    certificate_issue,
    certificate_revoke,
    hours_correct,
    hours_decide,
    hours_log,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)


def confirmed(volunteer, day: date, hours: str, kind=HourKind.OTHER, activity="Infostand") -> HourEntry:
    return HourEntry.objects.create(
        volunteer=volunteer,
        kind=kind,
        date=day,
        hours=Decimal(hours),
        activity=activity,
        status=HourStatus.CONFIRMED,
        decided_at=timezone.now(),
    )


def attended_signup(event, volunteer, role=SignupRole.PARTICIPANT, language=""):
    return event.signups.create(
        volunteer=volunteer, status=SignupStatus.CONFIRMED, role=role, interpreter_language=language
    )


def test_attendance_records_the_events_duration_confirmed_and_keeps_a_correction():
    coordinator = CoordinatorFactory(sites=[site("stade")])
    volunteer = VolunteerFactory()
    start = timezone.now() - timedelta(days=2)
    training = EventFactory(kind=EventKind.TRAINING, starts_at=start, ends_at=start + timedelta(minutes=155))
    signup = attended_signup(training, volunteer)

    signup_attendance_mark(signup=signup, attended=True, by=coordinator)

    entry = HourEntry.objects.get(volunteer=volunteer)
    # 2 h 35 min, in quarter hours: 2.5 (10.33 quarters).
    assert (entry.hours, entry.kind, entry.status, entry.decided_by) == (
        Decimal("2.50"),
        HourKind.TRAINING,
        HourStatus.CONFIRMED,
        coordinator,
    )
    assert (entry.site, entry.activity, entry.date) == (site("stade"), training.title, timezone.localdate(start))

    hours_correct(entry=entry, hours=Decimal("3"), by=coordinator)
    signup_attendance_mark(signup=signup, attended=True, by=coordinator)
    assert HourEntry.objects.get(volunteer=volunteer).hours == Decimal("3.00")

    signup_attendance_mark(signup=signup, attended=False, by=coordinator)
    assert not HourEntry.objects.filter(volunteer=volunteer).exists()


def test_interpreting_counts_as_interpreting():
    coordinator = CoordinatorFactory(sites=[site("stade")])
    volunteer = VolunteerFactory(languages={"ar": "native"})
    start = timezone.now() - timedelta(days=1)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=3), interpreter_languages=["ar"])
    signup = attended_signup(event, volunteer, role=SignupRole.INTERPRETER, language="ar")

    signup_attendance_mark(signup=signup, attended=True, by=coordinator)

    assert HourEntry.objects.values_list("kind", "hours").get() == (HourKind.INTERPRETING, Decimal("3.00"))


def active_match(volunteer, first_name="Amal"):
    coordinator = CoordinatorFactory(sites=[site("stade")])
    match = match_propose(
        request=request_for(site=site("stade"), first_name=first_name), volunteer=volunteer, by=coordinator
    )
    return match_accept(match=match)


def test_helper_logs_time_for_an_active_match_which_counts_once_confirmed():
    volunteer = VolunteerFactory(languages={"ar": "native"})
    match = active_match(volunteer)
    today = timezone.localdate()

    entry = match_hours_log(match=match, day=today, hours=Decimal("1.5"), activity="Zum Jobcenter begleitet")

    assert (entry.status, entry.kind, entry.site, entry.source) == (
        HourStatus.LOGGED,
        HourKind.ACCOMPANYING,
        site("stade"),
        f"match:{match.pk}",
    )
    assert hours_summary(volunteer=volunteer, today=today).this_year == 0
    coordinator = CoordinatorFactory(sites=[site("stade")])
    assert hours_decide(entries=[entry], confirm=True, by=coordinator) == 1
    entry.refresh_from_db()
    assert (entry.decided_by, entry.status) == (coordinator, HourStatus.CONFIRMED)
    summary = hours_summary(volunteer=volunteer, today=today)
    assert (summary.this_year, summary.waiting, summary.engaged_since) == (Decimal("1.50"), 0, today)


@pytest.mark.parametrize(
    ("activity", "day_offset", "message"),
    [
        ("Mit Amal beim Arzt", 0, "ohne den Namen"),
        ("Beim Arzt", -400, "vor der Übernahme"),
    ],
)
def test_helper_cannot_log_the_newcomers_name_or_a_day_before_the_match(activity, day_offset, message):
    volunteer = VolunteerFactory(languages={"ar": "native"})
    match = active_match(volunteer)

    with pytest.raises(MatchError, match=message):
        match_hours_log(
            match=match, day=timezone.localdate() + timedelta(days=day_offset), hours=Decimal(1), activity=activity
        )
    assert not HourEntry.objects.exists()


def test_a_word_that_holds_the_newcomers_name_is_no_name():
    volunteer = VolunteerFactory(languages={"ar": "native"})
    match = active_match(volunteer, first_name="Ali")

    entry = match_hours_log(
        match=match, day=timezone.localdate(), hours=Decimal(1), activity="Anerkennung der Qualifikation"
    )

    assert entry.activity == "Anerkennung der Qualifikation"
    with pytest.raises(MatchError):
        match_hours_log(match=match, day=timezone.localdate(), hours=Decimal(1), activity="mit ali zum Amt")


def test_declined_hours_do_not_count():
    volunteer = VolunteerFactory()
    entry = hours_log(
        volunteer=volunteer, site=None, kind=HourKind.OTHER, day=TODAY, hours=Decimal(4), activity="Stadtfest"
    )
    hours_decide(entries=[entry], confirm=False, by=CoordinatorFactory())
    summary = hours_summary(volunteer=volunteer, today=TODAY)
    assert (summary.this_year, summary.waiting) == (Decimal(0), 0)


# The Ehrenamtskarte: 250 confirmed hours in the last 12 months, engaged for two years (settings' defaults).


@pytest.mark.parametrize(("hours", "eligible"), [("249.5", False), ("250", True)])
def test_ehrenamtskarte_threshold_of_hours(hours, eligible):
    volunteer = VolunteerFactory()
    confirmed(volunteer, TODAY - timedelta(days=800), "1")
    # Within the last 12 months, its first day and today included: 240 hours and the rest.
    confirmed(volunteer, date(2025, 12, 2), str(Decimal(hours) - 240))
    for week in range(10):
        confirmed(volunteer, TODAY - timedelta(days=7 * week), "24")
    # Hours a day before the window and unconfirmed hours do not count.
    confirmed(volunteer, date(2025, 12, 1), "24")
    hours_log(volunteer=volunteer, site=None, kind=HourKind.OTHER, day=TODAY, hours=Decimal(10), activity="x")

    assert ehrenamtskarte_eligible(Volunteer.objects.all(), today=TODAY).exists() is eligible
    standing = ehrenamtskarte_standing(Volunteer.objects.all(), today=TODAY).get()
    assert standing.hours_year == Decimal(hours)
    assert hours_summary(volunteer=volunteer, today=TODAY).eligible is eligible


@pytest.mark.parametrize(("first_day", "eligible"), [(date(2024, 12, 2), False), (date(2024, 12, 1), True)])
def test_ehrenamtskarte_two_years_to_the_day(first_day, eligible):
    volunteer = VolunteerFactory()
    confirmed(volunteer, first_day, "1")
    confirmed(volunteer, TODAY - timedelta(days=10), "24")
    for week in range(11):
        confirmed(volunteer, TODAY - timedelta(days=7 * week), "24")

    assert ehrenamtskarte_eligible(Volunteer.objects.all(), today=TODAY).exists() is eligible
    summary = hours_summary(volunteer=volunteer, today=TODAY)
    assert (summary.eligible, summary.years_engaged) == (eligible, 2 if eligible else 1)


def test_ehrenamtskarte_counts_years_from_an_earlier_start_the_coordinators_entered():
    volunteer = VolunteerFactory(engaged_since=date(2020, 5, 1))
    for week in range(11):
        confirmed(volunteer, TODAY - timedelta(days=7 * week), "24")

    standing = ehrenamtskarte_eligible(Volunteer.objects.all(), today=TODAY).get()
    assert (standing.engaged_from, standing.hours_year) == (date(2020, 5, 1), Decimal(264))
    assert hours_summary(volunteer=volunteer, today=TODAY).years_engaged == 6


def test_hours_summary_is_one_query_however_many_entries():
    few, many = VolunteerFactory(), VolunteerFactory()
    confirmed(few, TODAY, "1")
    for week in range(250):
        confirmed(many, TODAY - timedelta(days=7 * week), "2")

    for volunteer in (few, many):
        with CaptureQueriesContext(connection) as queries:
            hours_summary(volunteer=volunteer, today=TODAY)
        assert len(queries) == 1
    assert hours_summary(volunteer=many, today=TODAY).last_12_months == Decimal(2 * 53)


def test_hours_by_month_groups_confirmed_hours():
    volunteer = VolunteerFactory()
    confirmed(volunteer, date(2025, 3, 4), "2")
    confirmed(volunteer, date(2025, 3, 20), "1.25")
    confirmed(volunteer, date(2026, 1, 2), "3")
    hours_log(volunteer=volunteer, site=None, kind=HourKind.OTHER, day=date(2026, 1, 3), hours=Decimal(5), activity="x")

    years = hours_by_month(volunteer=volunteer)

    assert [(year.year, year.total, year.months) for year in years] == [
        (2026, Decimal("3.00"), [(1, Decimal("3.00"))]),
        (2025, Decimal("3.25"), [(3, Decimal("3.25"))]),
    ]


def certificate_for(volunteer, *, start=date(2025, 1, 1), end=TODAY, language="de", by=None) -> Certificate:
    """A certificate; an hour on its first day where the volunteer has none confirmed (a certificate needs some)."""
    if not volunteer.hours.filter(status=HourStatus.CONFIRMED).exists():
        confirmed(volunteer, start, "1")
    return certificate_issue(
        volunteer=volunteer,
        kind=DocumentKind.ENGAGEMENT,
        period_start=start,
        period_end=end,
        language=language,
        site=site("stade"),
        issuer_name="Anna Koordinatorin",
        by=by or volunteer.user,
    )


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode()


def test_certificate_states_the_periods_confirmed_hours_and_renders_them():
    volunteer = VolunteerFactory(user__first_name="Leyla", user__last_name="Yılmaz")
    confirmed(volunteer, date(2024, 12, 31), "9")  # before the period
    confirmed(volunteer, date(2025, 6, 1), "10.5", kind=HourKind.ACCOMPANYING)
    confirmed(volunteer, date(2025, 9, 1), "2", kind=HourKind.TRAINING, activity="Grundkurs Integrationslotsen")
    confirmed(volunteer, date(2026, 2, 1), "4", activity="Infostand Altstadtfest")
    hours_log(volunteer=volunteer, site=None, kind=HourKind.OTHER, day=date(2026, 2, 2), hours=Decimal(7), activity="x")

    certificate = certificate_for(volunteer)

    assert certificate.hours_total == Decimal("16.50")
    assert certificate.content == {
        "hours_total": "16.50",
        "hours_by_year": [[2025, "12.50"], [2026, "4.00"]],
        "activities": [["accompanying", "10.50"], ["training", "2.00"], ["other", "4.00"]],
        "other_work": ["Infostand Altstadtfest"],
        "trainings": [["2025-09-01", "Grundkurs Integrationslotsen"]],
    }
    text = pdf_text(certificate_pdf(certificate))
    for expected in [
        "Nachweis über ehrenamtliches Engagement",
        "Leyla Yılmaz",
        "1. Januar 2025",
        "1. Dezember 2026",
        "Begleitung von Neuzugewanderten",
        "10,50 Stunden",
        "2025",
        "12,50 Stunden",
        "16,50 Stunden",
        "1. September 2025: Grundkurs Integrationslotsen",
        "Anna Koordinatorin",
        certificate.number,
        f"/nachweis/{certificate.code}/",
    ]:
        assert expected in text, expected


def test_certificate_in_english_on_request():
    volunteer = VolunteerFactory(user__first_name="Leyla", user__last_name="Yılmaz")
    confirmed(volunteer, date(2026, 2, 1), "4")

    text = pdf_text(certificate_pdf(certificate_for(volunteer, language="en")))

    assert "Certificate of volunteer engagement" in text
    assert "4 hours" in text


def test_hours_and_certificates_outlive_the_end_and_the_account():
    volunteer = VolunteerFactory(sites=[site("stade")])
    confirmed(volunteer, date(2026, 2, 1), "4")
    certificate = certificate_for(volunteer)
    from machmit.services import volunteering_end

    volunteering_end(volunteer=volunteer, reason="time", by=volunteer.user)
    assert HourEntry.objects.filter(volunteer=volunteer).count() == 1

    volunteer.user.delete()

    entry = HourEntry.objects.get()
    certificate.refresh_from_db()
    assert (entry.volunteer, entry.hours) == (None, Decimal("4.00"))
    assert (certificate.volunteer, certificate.hours_total) == (None, Decimal("4.00"))


def test_revoking_records_who_and_when():
    volunteer = VolunteerFactory()
    certificate = certificate_for(volunteer)
    coordinator = CoordinatorFactory(sites=[site("stade")])

    certificate_revoke(certificate=certificate, by=coordinator)
    first = certificate.revoked_at
    certificate_revoke(certificate=certificate, by=CoordinatorFactory())

    certificate.refresh_from_db()
    assert (certificate.revoked_by, certificate.revoked_at) == (coordinator, first)


def test_no_certificate_for_a_period_without_confirmed_hours():
    volunteer = VolunteerFactory()
    confirmed(volunteer, TODAY - timedelta(days=1), "3")
    assert certificate_content(volunteer=volunteer, period_start=TODAY, period_end=TODAY) == {
        "hours_total": "0",
        "hours_by_year": [],
        "activities": [],
        "other_work": [],
        "trainings": [],
    }
    with pytest.raises(RecognitionError):
        certificate_for(volunteer, start=TODAY, end=TODAY)
    assert not Certificate.objects.exists()
