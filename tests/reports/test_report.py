"""The funders' report on a small data set whose every figure is counted here by hand (issue 15)."""

import csv
import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone, translation
from openpyxl import load_workbook

from events.enums import Audience, EventKind, EventStatus, SignupRole, SignupStatus
from events.models import Event, TrainingType
from machmit.reports.compose import report_build
from matching.enums import ContactMethod, MatchStatus, Outcome, RequestStatus
from matching.models import HelpRequest, Match
from tests.factories import CoordinatorFactory, EventFactory, UserFactory, VolunteerFactory, site
from volunteers.enums import HourKind, HourStatus, OnboardingStep
from volunteers.models import HourEntry, Onboarding, OnboardingMilestone, Volunteer
from volunteers.reports import Period

pytestmark = pytest.mark.django_db

QUARTER = Period(date(2026, 1, 1), date(2026, 3, 31))


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def volunteer(site_slug: str, *, created: date, municipality: str, **fields) -> Volunteer:
    profile = VolunteerFactory(sites=[site(site_slug)], municipality=municipality, **fields)
    Volunteer.objects.filter(pk=profile.pk).update(created_at=at(created))
    return profile


def hours(profile, day: date, amount: str, kind=HourKind.ACCOMPANYING, status=HourStatus.CONFIRMED, slug="stade"):
    HourEntry.objects.create(
        volunteer=profile,
        site=site(slug),
        kind=kind,
        date=day,
        hours=Decimal(amount),
        activity="x",
        status=status,
        decided_at=timezone.now() if status == HourStatus.CONFIRMED else None,
    )


def request(slug: str, created: date, *, municipality="stade", languages=("ar",), **fields) -> HelpRequest:
    defaults = {
        "first_name": "Amal",
        "contact_method": ContactMethod.PHONE,
        "phone": "+49 4141 1234",
        "municipality": municipality,
        "site": site(slug),
        "languages": list(languages),
        "topics": ["authorities"],
        "language": "ar",
        "consent_version": "1",
        "consent_given_at": timezone.now(),
        "consent_language": "ar",
    }
    made = HelpRequest.objects.create(reference=f"R{HelpRequest.objects.count():06d}", **{**defaults, **fields})
    HelpRequest.objects.filter(pk=made.pk).update(created_at=at(created))
    return made


def match(made: HelpRequest, profile, *, responded_days: int | None, status=MatchStatus.ACTIVE, closed=None):
    created = HelpRequest.objects.get(pk=made.pk).created_at
    row = Match.objects.create(request=made, volunteer=profile, status=status)
    Match.objects.filter(pk=row.pk).update(
        proposed_at=created + timedelta(days=1),
        responded_at=None if responded_days is None else created + timedelta(days=responded_days),
        closed_at=closed,
    )


@pytest.fixture
def data():
    """Stade's first quarter of 2026, counted by hand in each test; Buxtehude's rows must never show in it."""
    stade = [volunteer("stade", created=date(2025, 5, 1), municipality="stade") for _ in range(6)]
    newcomers = [volunteer("stade", created=date(2026, 2, 1), municipality="jork") for _ in range(2)]
    Volunteer.objects.filter(pk=stade[0].pk).update(ended_at=at(date(2026, 2, 15)))
    Volunteer.objects.filter(pk=stade[1].pk).update(paused_at=at(date(2026, 3, 1)))
    volunteer("stade", created=date(2025, 5, 1), municipality="stade", ended_at=at(date(2025, 11, 1)))
    buxtehude = [volunteer("buxtehude", created=date(2025, 5, 1), municipality="buxtehude") for _ in range(5)]

    for profile in stade:
        hours(profile, date(2026, 1, 10), "3.5")
    hours(stade[2], date(2026, 2, 10), "2", kind=HourKind.INTERPRETING)
    hours(stade[3], date(2026, 2, 11), "5", status=HourStatus.LOGGED)
    hours(stade[4], date(2025, 12, 20), "4")
    hours(buxtehude[0], date(2026, 1, 10), "10", slug="buxtehude")

    people = stade[1:] + newcomers  # seven who can take part
    for day in (5, 19):
        forum = EventFactory(
            kind=EventKind.FORUM, audience=Audience.PUBLIC, starts_at=at(date(2026, 1, day)), site=site("stade")
        )
        for profile in people[:3]:
            forum.signups.create(volunteer=profile, status=SignupStatus.CONFIRMED)
    Event.objects.filter(starts_at=at(date(2026, 1, 19))).get().signups.filter(volunteer=people[0]).update(
        attended=False
    )
    forum.signups.create(
        volunteer=people[4], status=SignupStatus.CONFIRMED, role=SignupRole.INTERPRETER, interpreter_language="ar"
    )
    basic = TrainingType.objects.create(name="Basisschulung", is_basic_training=True)
    training = EventFactory(kind=EventKind.TRAINING, training_type=basic, starts_at=at(date(2026, 3, 2)))
    for profile in people[:5]:
        training.signups.create(volunteer=profile, status=SignupStatus.CONFIRMED, attended=True)
    EventFactory(starts_at=at(date(2026, 2, 2)), status=EventStatus.CANCELLED)
    EventFactory(starts_at=at(date(2026, 2, 3)), status=EventStatus.DRAFT)
    EventFactory(starts_at=at(date(2026, 1, 7)), site=site("buxtehude"))

    requests = [request("stade", date(2026, 1, 3), languages=("ar", "fa") if n < 2 else ("ar",)) for n in range(5)]
    requests.append(request("stade", date(2026, 1, 4), municipality="jork", languages=("uk",)))
    for made in requests[:2]:
        HelpRequest.objects.filter(pk=made.pk).update(
            contact_method=ContactMethod.COUNSELLING, phone="", counselling_service="Migrationsberatung"
        )
    for made in [request("buxtehude", date(2026, 1, 3), municipality="buxtehude") for _ in range(3)]:
        match(made, buxtehude[0], responded_days=1)
    for days, made, helper in zip((2, 4, 6, 8, 10), requests, [*stade[2:], newcomers[0]], strict=False):
        match(made, helper, responded_days=days)
    match(requests[5], stade[2], responded_days=3, status=MatchStatus.DECLINED)
    first = Match.objects.get(request=requests[0])
    Match.objects.filter(pk=first.pk).update(status=MatchStatus.CLOSED, closed_at=at(date(2026, 3, 20)))
    HelpRequest.objects.filter(pk=requests[0].pk).update(
        status=RequestStatus.CLOSED,
        outcome=Outcome.HELPED,
        ended_at=at(date(2026, 3, 20)),
        anonymised_at=timezone.now(),
    )

    for _ in range(5):
        way_in = Onboarding.objects.create(
            site=site("stade"), step_reached_at=at(date(2026, 1, 5)), started_at=at(date(2026, 1, 5))
        )
        OnboardingMilestone.objects.create(
            onboarding=way_in, step=OnboardingStep.INTERESTED, reached_at=at(date(2026, 1, 5))
        )
        OnboardingMilestone.objects.create(
            onboarding=way_in, step=OnboardingStep.INVITED, reached_at=at(date(2026, 1, 8))
        )
    OnboardingMilestone.objects.create(
        onboarding=way_in, step=OnboardingStep.INFO_EVENING, reached_at=at(date(2026, 1, 15))
    )
    Onboarding.objects.create(
        site=site("buxtehude"), step_reached_at=at(date(2026, 1, 5)), started_at=at(date(2026, 1, 5))
    )


def shown(report) -> dict[str, list[str]]:
    """Every row of the report as "section / table / row" to the figures as shown, in English."""
    return {
        f"{section.slug} / {table.title} / {row.label}": [str(figure) for figure in row.figures]
        for section in report.sections
        for table in section.tables
        for row in [*table.rows, *([table.total] if table.total else [])]
    }


def stade_report():
    with translation.override("en"):
        report = report_build(period=QUARTER, sites=[site("stade")])
        return report, shown(report)


def test_volunteers_counted_by_hand(data):
    _report, rows = stade_report()

    engaged = "volunteers / Volunteers engaged in the period / "
    # 8 engaged (6 before, 2 new; the one who ended in November is not): 6 active, 1 on a break, 1 ended. Two
    # parts of 1 add up to 2 in one way only, so the largest part is withheld too.
    assert rows[engaged + "Active at the period's end"] == ["withheld"]
    assert rows[engaged + "On a break at the period's end"] == ["< 5"]
    assert rows[engaged + "Ended within the period"] == ["< 5"]
    assert rows[engaged + "Engaged in the period"] == ["8"]
    assert rows["volunteers / New volunteers / Profiles created in the period"] == ["< 5"]
    municipality = "volunteers / Volunteers by municipality / "
    assert rows[municipality + "Hansestadt Stade"] == ["withheld"]
    assert rows[municipality + "Gemeinde Jork"] == ["< 5"]
    assert rows[municipality + "Hansestadt Buxtehude"] == ["0"]
    assert rows["volunteers / Languages volunteers offer / German"] == ["8"]
    # Volunteers engaged in the previous period (3 October to 31 December 2025): the 6, and the one who ended.
    assert rows["overview / Key figures / Volunteers engaged"] == ["8", "7", "1"]


def test_hours_counted_by_hand(data):
    _report, rows = stade_report()

    # 6 × 3.5 accompanying + 2 interpreting by one person; the logged 5 and Buxtehude's 10 do not count. One
    # person's 2 hours are withheld, and so the accompanying hours are too (21 = 23 - 2).
    kinds = "hours / Confirmed volunteer hours by kind of activity / "
    assert rows[kinds + "Accompanying newcomers"] == ["withheld"]
    assert rows[kinds + "Interpreting at events"] == ["withheld"]
    assert rows[kinds + "All confirmed hours"] == ["23.0"]
    assert rows["overview / Key figures / Confirmed volunteer hours"] == ["23.0", "withheld", "–"]
    month = "trend / Month by month / "
    assert rows[month + "January 2026"] == ["6", "5", "withheld"]
    assert rows[month + "February 2026"] == ["0", "0", "withheld"]
    assert rows[month + "March 2026"] == ["0", "0", "0.0"]
    assert rows[month + "The whole period"] == ["6", "5", "23.0"]


def test_events_and_trainings_counted_by_hand(data):
    report, rows = stade_report()

    # Two public forums, 3 places each, one marked absent: 5; one interpreter. The training: 5 attended.
    # Cancelled and draft events and Buxtehude's forum do not count.
    kinds = "events / Events by kind / "
    assert rows[kinds + "Exchange forum"] == ["2", "2", "5", "< 5"]
    assert rows[kinds + "Training"] == ["1", "0", "5", "0"]
    assert rows[kinds + "Intercultural event"] == ["0", "0", "0", "0"]
    assert rows[kinds + "All events"] == ["3", "2", "10", "< 5"]
    events = next(section for section in report.sections if section.slug == "events")
    assert events.notes == ["Share of events open to newcomers: 67 %"]
    assert rows["trainings / Trainings / Basisschulung"] == ["1", "5", "5"]
    assert rows["trainings / Trainings / All trainings"] == ["1", "5", "5"]


def test_requests_and_matches_counted_by_hand(data):
    _report, rows = stade_report()

    came = "requests / How the requests came / "
    assert rows[came + "Directly from the newcomer"] == ["< 5"]
    assert rows[came + "Through a counselling service"] == ["< 5"]
    assert rows[came + "Requests received"] == ["6"]
    municipality = "requests / Requests by municipality / "
    assert rows[municipality + "Hansestadt Stade"] == ["withheld"]
    assert rows[municipality + "Gemeinde Jork"] == ["< 5"]
    languages = "requests / Requests by language (one may name several) / "
    assert rows[languages + "Arabic"] == ["5"]
    assert rows[languages + "Farsi"] == ["< 5"]
    assert rows[languages + "Ukrainian"] == ["< 5"]
    assert rows["requests / Requests by topic (one may name several) / Authorities, forms and letters"] == ["6"]

    matches = "matches / Matches / "
    assert rows[matches + "Proposed to a volunteer"] == ["6"]
    assert rows[matches + "Accepted: the help began"] == ["5"]
    assert rows[matches + "Declined by the volunteer"] == ["< 5"]
    assert rows[matches + "Active at the period's end"] == ["< 5"]
    assert rows[matches + "Ended within the period"] == ["< 5"]
    # 2, 4, 6, 8 and 10 days from the request to the accepted match.
    assert rows[matches + "Median days from the request to the accepted match"] == ["6.0"]
    # The anonymised request counts: it ended helped.
    assert rows["matches / Outcome of the requests that ended / Helped"] == ["< 5"]
    assert rows["matches / Outcome of the requests that ended / Requests ended"] == ["< 5"]


def test_way_in_counted_by_hand(data):
    _report, rows = stade_report()

    way_in = "onboarding / The way in for new volunteers / "
    assert rows[way_in + "Ways in begun"] == ["5", "–"]
    assert rows[way_in + "Invited to an information evening"] == ["5", "3.0"]
    assert rows[way_in + "Attended an information evening"] == ["< 5", "withheld"]


def test_stade_report_holds_nothing_of_buxtehude(data):
    _report, before = stade_report()
    buxtehude = site("buxtehude")
    HourEntry.objects.filter(site=buxtehude).delete()
    Event.objects.filter(site=buxtehude).delete()
    HelpRequest.objects.filter(site=buxtehude).delete()
    Onboarding.objects.filter(site=buxtehude).delete()
    Volunteer.objects.filter(sites=buxtehude).delete()

    _report, after = stade_report()

    assert after == before


def test_whole_centre_counts_both_sites(data):
    with translation.override("en"):
        rows = shown(report_build(period=QUARTER, sites=[site("buxtehude"), site("stade")], whole_centre=True))

    assert rows["volunteers / Volunteers engaged in the period / Engaged in the period"] == ["13"]
    assert rows["volunteers / Volunteers by the site they chose (one may choose both) / Stade"] == ["8"]
    assert rows["volunteers / Volunteers by the site they chose (one may choose both) / Buxtehude"] == ["5"]
    assert rows["requests / Requests by site / Requests received"] == ["9"]


def test_report_takes_the_same_queries_whatever_the_data(data, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        report_build(period=QUARTER, sites=[site("stade")])
    for day in range(1, 60):
        profile = volunteer("stade", created=date(2026, 1, 1), municipality="harsefeld")
        hours(profile, date(2026, 1, 1) + timedelta(days=day), "1.5")
        request("stade", date(2026, 1, 1) + timedelta(days=day), languages=("tr", "ru"))

    with django_assert_num_queries(len(small)):
        report_build(period=QUARTER, sites=[site("stade")])


def coordinator_client(*slugs) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(CoordinatorFactory(sites=[site(slug) for slug in slugs], language="en"))
    return client


URL = "/admin/bericht/"


def test_coordinator_gets_this_years_report_of_their_site():
    site("buxtehude")
    response = coordinator_client("stade").get(URL)

    assert response.status_code == 200
    assert response.context["report"].scope == "MachMit Stade"
    assert response.context["report"].period == Period(
        date(timezone.localdate().year, 1, 1), date(timezone.localdate().year, 12, 31)
    )
    assert response.context["form"].fields["site"].choices == [(str(site("stade").pk), "Stade")]


def test_lead_of_both_sites_sees_the_whole_centre_first():
    response = coordinator_client("stade", "buxtehude").get(URL)

    assert response.context["report"].scope == "MachMit, the whole centre"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "2026", "start": "2026-05-01", "end": "2026-01-01"}, "The period ends before it starts."),
        ({"year": "2026", "start": "2000-01-01", "end": "2019-12-31"}, "A report covers at most 5 years."),
        ({"year": "2026", "start": "2026-01-01"}, "Give both the first and the last day of the period."),
        ({"year": "1850"}, "Select a valid choice."),
        ({"year": "2026", "start": "31.02.2026", "end": "2026-03-01"}, "Enter a valid date."),
    ],
)
def test_a_period_that_does_not_hold_comes_back_with_its_message(query, message):
    response = coordinator_client("stade").get(URL, {"site": site("stade").pk, **query})

    assert response.status_code == 200
    assert response.context["report"] is None
    assert message in response.text


@pytest.mark.parametrize("choice", ["buxtehude", "all", "999999", "x"])
def test_a_site_not_ones_own_comes_back_with_a_message(choice):
    value = str(site(choice).pk) if choice == "buxtehude" else choice
    response = coordinator_client("stade").get(URL, {"site": value, "year": "2026", "export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "You can see the reports of your own sites only." in response.text


def test_only_coordinators_see_reports():
    staff = Client()
    staff.force_login(UserFactory(is_staff=True))
    volunteer_client = Client()
    volunteer_client.force_login(VolunteerFactory().user)

    assert staff.get(URL).status_code == 403
    assert volunteer_client.get(URL).status_code == 302  # to the admin's login, which sends them to their area


def test_exports_show_what_the_page_shows(data):
    client = coordinator_client("stade")
    query = {"site": site("stade").pk, "start": "2026-01-01", "end": "2026-03-31", "year": "2026"}
    page_rows = shown(client.get(URL, query).context["report"])

    workbook = load_workbook(io.BytesIO(client.get(URL, {**query, "export": "xlsx"}).content))
    sheet = workbook["Volunteer hours"]
    values = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["All confirmed hours"][0] == 23.0
    assert values["Accompanying newcomers"][0] == "withheld"
    assert [sheet.title for sheet in workbook][:3] == ["Report", "Overview", "Volunteers"]

    text = client.get(URL, {**query, "export": "csv"}).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert ["Volunteers", "Engaged in the period", "8"] in lines
    assert ["Volunteers", "Gemeinde Jork", "< 5"] in lines
    assert ["Volunteers", "Hansestadt Stade", "withheld"] in lines
    assert ["Volunteer hours", "All confirmed hours", "23.0"] in lines
    assert page_rows["volunteers / Volunteers by municipality / Gemeinde Jork"] == ["< 5"]

    pdf = client.get(URL, {**query, "export": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith('attachment; filename="report-machmit-stade-2026-01-01-2026-03-31')
    assert pdf.content.startswith(b"%PDF")
