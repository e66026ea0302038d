"""A volunteer's break: set and ended on their own, and while it lasts no proposals and no reminders."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.services import reminders_queue_due, signup_create
from matching.selectors import suggestions_for
from matching.services import MatchError, match_propose
from outbox.models import Mail
from tests.factories import CoordinatorFactory, EventFactory, VolunteerFactory, site
from tests.matching.test_ranking_db import request_for
from volunteers.services import volunteer_pause

pytestmark = pytest.mark.django_db

PAUSE_URL = reverse("volunteers:pause")


def german_client(volunteer) -> Client:
    client = Client(headers={"accept-language": "de"})
    client.force_login(volunteer.user)
    return client


def test_pause_until_a_date_shown_on_the_dashboard_and_resumed():
    volunteer = VolunteerFactory()
    client = german_client(volunteer)
    until = timezone.localdate() + timedelta(days=30)

    response = client.post(PAUSE_URL, {"until": until.isoformat()})

    assert (response.status_code, response["Location"]) == (302, "/mein-bereich/")
    volunteer.refresh_from_db()
    assert volunteer.paused_until == until
    assert volunteer.is_paused(timezone.localdate())
    assert "Sie machen eine Pause bis" in client.get(reverse("dashboard")).text

    client.post(reverse("volunteers:pause_end"))

    volunteer.refresh_from_db()
    assert (volunteer.paused_at, volunteer.paused_until) == (None, None)
    assert "Sie machen eine Pause" not in client.get(reverse("dashboard")).text


def test_pause_without_a_date_lasts_until_resumed():
    volunteer = VolunteerFactory()

    german_client(volunteer).post(PAUSE_URL, {"until": ""})

    volunteer.refresh_from_db()
    assert volunteer.paused_until is None
    assert volunteer.is_paused(timezone.localdate() + timedelta(days=3650))


@pytest.mark.parametrize(
    ("until", "message"),
    [
        ((timezone.localdate() - timedelta(days=1)).isoformat(), "Bitte wählen Sie heute oder ein späteres Datum."),
        ("2026-13-45", "Bitte ein gültiges Datum eingeben."),
    ],
)
def test_pause_bad_date_reshown_with_german_message_and_nothing_changed(until, message):
    volunteer = VolunteerFactory()

    response = german_client(volunteer).post(PAUSE_URL, {"until": until})

    assert response.status_code == 422
    assert message in response.text
    volunteer.refresh_from_db()
    assert volunteer.paused_at is None


def test_paused_volunteer_gets_no_proposal():
    site("stade")
    paused, active = (VolunteerFactory(languages={"ar": "native"}) for _ in range(2))
    volunteer_pause(volunteer=paused, until=None)
    help_request = request_for(languages=["ar"])

    assert [ranked.volunteer_id for ranked in suggestions_for(request=help_request)] == [active.pk]
    with pytest.raises(MatchError):
        match_propose(request=help_request, volunteer=paused, by=CoordinatorFactory())


def test_paused_volunteer_gets_no_reminder_until_the_break_ends():
    event = EventFactory(starts_at=timezone.now() + timedelta(hours=2.5), capacity=None)
    paused, ended, active = (VolunteerFactory() for _ in range(3))
    for volunteer in (paused, ended, active):
        signup_create(event=event, volunteer=volunteer)
    volunteer_pause(volunteer=paused, until=timezone.localdate())
    volunteer_pause(volunteer=ended, until=timezone.localdate() - timedelta(days=1))

    reminders_queue_due()

    recipients = set(Mail.objects.filter(kind="events.reminder").values_list("recipient", flat=True))
    assert recipients == {ended.user.email, active.user.email}


def test_coordinator_sees_the_break_in_the_volunteer_list(client):
    paused, active = VolunteerFactory(sites=[site("stade")]), VolunteerFactory(sites=[site("stade")])
    volunteer_pause(volunteer=paused, until=None)
    client.force_login(CoordinatorFactory(sites=[site("stade")]))

    response = client.get(reverse("admin:volunteers_volunteer_changelist"))

    shown = dict(
        re.findall(
            r'/admin/volunteers/volunteer/(\d+)/change/.*?<td class="field-on_break"><img src="[^"]*icon-(yes|no)',
            response.text,
            re.S,
        )
    )
    assert shown == {str(paused.pk): "yes", str(active.pk): "no"}
