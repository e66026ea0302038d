"""The coordinators' desk (issue 17): the admin's first page counts what needs doing at the coordinator's sites,
each line as many rows as the list it links to shows, the other site's never; in a fixed number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.services import signup_create
from machmit.desk import LINES
from matching.models import HelpRequest, Match
from matching.services import match_accept, match_propose
from outbox.enums import MailStatus
from outbox.models import Mail
from tests.factories import CoordinatorFactory, EventFactory, VolunteerFactory, police_certificate, site
from tests.matching.test_ranking_db import request_for
from volunteers.enums import HourKind, OnboardingStep
from volunteers.models import Onboarding, Site
from volunteers.services import hours_log

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def desk_rows(place: Site, *, copies: int = 1) -> None:
    """Something for every line of the desk at ``place``, ``copies`` times."""
    now = timezone.now()
    coordinator = CoordinatorFactory(sites=[place])
    for _ in range(copies):
        request_for(site=place)  # new
        unanswered = match_propose(request=request_for(site=place), volunteer=VolunteerFactory(), by=coordinator)
        Match.objects.filter(pk=unanswered.pk).update(proposed_at=now - timedelta(days=4))
        running = match_propose(request=request_for(site=place), volunteer=VolunteerFactory(), by=coordinator)
        match_accept(match=running)
        Match.objects.filter(pk=running.pk).update(responded_at=now - timedelta(days=30))
        newcomer = VolunteerFactory(sites=[place])
        for user, step in [(newcomer.user, OnboardingStep.FIRST_ASSIGNMENT), (None, OnboardingStep.INVITED)]:
            Onboarding.objects.create(
                user=user, site=place, step=step, step_reached_at=now - timedelta(days=30), started_at=now
            )
        hours_log(
            volunteer=newcomer,
            site=place,
            kind=HourKind.OTHER,
            day=timezone.localdate(),
            hours=Decimal(2),
            activity="Büro",
        )
        certificate = police_certificate(newcomer, by=coordinator)
        certificate.next_due = timezone.localdate() + timedelta(days=30)
        certificate.save()
        Mail.objects.create(
            cause=f"test:{place.slug}:{Mail.objects.count()}",
            recipient="someone@example.org",
            kind="test",
            site_id=place.pk,
            language="de",
            subject="s",
            body_text="t",
            status=MailStatus.FAILED,
        )
        EventFactory(site=place, starts_at=now + timedelta(days=2))


def client_for(user) -> Client:
    client = Client(headers={"accept-language": "de"})
    client.force_login(user)
    return client


def test_every_line_counts_exactly_the_rows_of_the_list_it_links_to_and_only_the_coordinators_sites():
    stade, buxtehude = site("stade"), site("buxtehude")
    desk_rows(stade, copies=2)
    desk_rows(buxtehude)
    client = client_for(CoordinatorFactory(sites=[stade]))

    response = client.get(INDEX)

    lines = response.context["desk"].lines
    assert len(lines) == len(LINES) + 1  # and the coming week's events
    for line in lines:
        listed = client.get(line.url)
        assert listed.status_code == 200, line.url
        assert (line.label, listed.context["cl"].result_count) == (line.label, line.count)
        assert line.count == 2, line.label
    # Nothing of Buxtehude's on the list pages behind the lines.
    stade_requests = set(HelpRequest.objects.filter(site=stade).values_list("reference", flat=True))
    shown = {row.reference for row in client.get(lines[0].url).context["cl"].result_list}
    assert shown <= stade_requests
    assert [event.site for event in response.context["desk"].events] == [stade, stade]


def test_the_lead_sees_both_sites():
    stade, buxtehude = site("stade"), site("buxtehude")
    desk_rows(stade)
    desk_rows(buxtehude)

    lines = client_for(CoordinatorFactory(sites=[stade, buxtehude])).get(INDEX).context["desk"].lines

    assert [line.count for line in lines] == [2] * (len(LINES) + 1)


def test_the_desk_speaks_the_centres_words_and_dates():
    stade = site("stade")
    desk_rows(stade)

    text = client_for(CoordinatorFactory(sites=[stade])).get(INDEX).text

    assert "<title>Schreibtisch | MachMit – Koordination</title>" in text
    assert "Neue Anfragen, die auf eine Begleitung warten" in text
    assert f"die älteste seit {timezone.localdate():%d.%m.%Y}" in text
    assert "Django" not in text


def test_the_desk_runs_the_same_few_queries_however_much_waits():
    stade = site("stade")
    coordinator = CoordinatorFactory(sites=[stade])
    desk_rows(stade)
    client = client_for(coordinator)
    counts = []
    for _ in range(2):
        client.get(INDEX)  # the session and the admin's caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(INDEX).status_code == 200
        counts.append(len(queries))
        desk_rows(stade, copies=25)

    assert counts[0] == counts[1]
    assert counts[0] <= 15


def test_a_request_shows_its_languages_by_name():
    stade = site("stade")
    help_request = request_for(site=stade, language="ru", consent_language="ru")
    client = client_for(CoordinatorFactory(sites=[stade], language="en"))

    text = client.get(reverse("admin:matching_helprequest_change", args=[help_request.pk])).text

    assert "Русский" in text
    assert ">ru<" not in text


def test_the_weeks_events_show_places_waiting_and_the_interpreters_still_missing():
    stade = site("stade")
    forum = EventFactory(
        site=stade,
        title="Sprachcafé",
        capacity=1,
        starts_at=timezone.now() + timedelta(days=1),
        interpreter_languages=["ar", "fa"],
    )
    EventFactory(site=stade, title="Nächsten Monat", starts_at=timezone.now() + timedelta(days=30))
    signup_create(event=forum, volunteer=VolunteerFactory())
    signup_create(event=forum, volunteer=VolunteerFactory())
    signup_create(event=forum, volunteer=VolunteerFactory(languages={"ar": "native"}), interpreter_language="ar")

    response = client_for(CoordinatorFactory(sites=[stade], language="en")).get(INDEX)

    [event] = response.context["desk"].events
    assert (event.title, event.confirmed_count, event.waiting_count) == ("Sprachcafé", 1, 1)
    assert event.interpreters_missing == ["Farsi"]
    assert "Nächsten Monat" not in response.text
