from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from events.enums import SignupStatus
from events.models import Event, Signup
from machmit.reports.compose import report_build
from matching.models import HelpRequest, Match
from volunteers.models import Onboarding, Site, User, Volunteer
from volunteers.reports import Period
from volunteers.selectors import ehrenamtskarte_eligible

pytestmark = pytest.mark.django_db


def test_load_demo_data_twice_gives_same_data():
    call_command("load_demo_data")
    counts = (User.objects.count(), Volunteer.objects.count(), Event.objects.count(), Signup.objects.count())

    call_command("load_demo_data")

    assert (User.objects.count(), Volunteer.objects.count(), Event.objects.count(), Signup.objects.count()) == counts
    assert counts[:2] == (14, 12)


def test_load_demo_data_has_events_at_both_sites_and_a_full_one_with_waitlist():
    call_command("load_demo_data")

    assert set(Event.objects.values_list("site__slug", flat=True)) == {"stade", "buxtehude"}
    full = Event.objects.get(title="Interkulturelles Kochen")
    assert full.confirmed_count == full.capacity
    assert full.signups.filter(status=SignupStatus.WAITLISTED).count() == 2


def test_load_demo_data_coordinators_assigned_to_their_site():
    call_command("load_demo_data")

    assert list(Site.objects.get(slug="stade").coordinators.values_list("email", flat=True)) == [
        "koordination.stade@example.org"
    ]


def test_load_demo_data_refused_without_permission(settings):
    settings.DEMO_DATA_ALLOWED = False

    with pytest.raises(Exception, match="only for the embedded run"):
        call_command("load_demo_data")
    assert not User.objects.exists()


def test_load_demo_data_has_newcomer_requests_and_a_waiting_proposal():
    call_command("load_demo_data")
    call_command("load_demo_data")

    assert HelpRequest.objects.filter(anonymised_at=None).count() == 5
    assert sorted(Match.objects.exclude(volunteer=None).values_list("status", flat=True)) == ["active", "proposed"]


def test_load_demo_data_gives_the_coordinators_a_report_with_figures():
    """An anonymous history of last year and this one (requests, their matches, events with their places), so
    that the report shows figures, not only "< 5"."""
    call_command("load_demo_data")
    stade = Site.objects.get(slug="stade")
    last_year = timezone.localdate().year - 1

    with translation.override("en"):
        report = report_build(period=Period(date(last_year, 1, 1), date(last_year, 12, 31)), sites=[stade])
    overview = {row.label: row.figures[0] for row in report.sections[0].tables[0].rows}

    for label in ("Events held", "Places taken at events", "Requests from newcomers", "Matches begun"):
        assert overview[label].shown, label
        assert overview[label].value >= 5, label


def test_load_demo_data_shows_recognition_and_the_way_in():
    """The demo volunteer has hours (attended events, time with a newcomer, some waiting for the coordinators);
    another meets the Ehrenamtskarte's rule; people who sent the Mitmachen form are on the way in."""
    call_command("load_demo_data")
    call_command("load_demo_data")

    anna = Volunteer.objects.get(user__email="freiwillig@example.org")
    assert sorted(anna.hours.values_list("kind", "status")) == [
        ("accompanying", "confirmed"),
        ("accompanying", "confirmed"),
        ("accompanying", "logged"),
        ("event", "confirmed"),
        ("training", "confirmed"),
    ]
    eligible = ehrenamtskarte_eligible(Volunteer.objects.all(), today=timezone.localdate())
    assert list(eligible.values_list("user__email", flat=True)) == ["reza.ahmadi@example.org"]
    assert Onboarding.objects.filter(interest__isnull=False).count() == 5
