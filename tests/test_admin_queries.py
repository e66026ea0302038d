"""Every admin page a coordinator opens runs the same number of queries at 1 and at 50 rows, and at most 15
(DECISIONS.md, "Benchmarks"; issue 17): each change list, each change page (its object carrying as many related
rows as the list has rows: sign-ups, matches and log entries, languages, steps, ...), the request page with its
suggestions and the batch page.

The admins are read from the admin site when the test runs, so a new admin a coordinator may open fails here
until ``PAGES`` holds a builder for it. Each count is of the second of two requests, as in
tests/test_query_counts.py: the first fills what a running process keeps. The rows of the first count are
rolled back before the second's are built, so each count sees exactly its rows.
"""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection, models, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.enums import EventKind, Recurrence
from events.models import Event, EventMessage, EventSeries, Qualification, Signup, TrainingType
from events.services import signup_create
from matching.models import HelpRequest
from matching.services import match_decline, match_propose, request_log_view
from outbox.models import Mail
from tests.factories import CoordinatorFactory, EventFactory, VolunteerFactory, police_certificate, request_for, site
from tests.queries import count_queries
from volunteers.enums import HelpTopic, InterfaceLanguage, Language, LegalTextKind, OnboardingStep
from volunteers.models import (
    Certificate,
    HourEntry,
    Interest,
    LegalText,
    LegalTextTranslation,
    Onboarding,
    Site,
    User,
    Volunteer,
    VolunteerTopic,
)
from volunteers.services import interest_create, onboarding_reach

pytestmark = pytest.mark.django_db

QUERY_LIMIT = 15  # DECISIONS.md: at most 15 queries on every admin page
ROWS = (1, 50)


# Builders: ``build(rows, coordinator)`` writes ``rows`` rows of the admin's model that the Stade coordinator sees
# and returns the one whose change page is opened, carrying ``rows`` related rows where its page shows them.


def _stade_volunteers(rows: int, **fields) -> list[Volunteer]:
    return VolunteerFactory.create_batch(rows, sites=[site("stade")], **fields)


def _event_with_signups(rows: int, coordinator: User) -> Event:
    event = EventFactory.create_batch(rows, capacity=None)[-1]
    for volunteer in _stade_volunteers(rows):
        signup_create(event=event, volunteer=volunteer)
    return event


def _signups(rows: int, coordinator: User) -> Signup:
    return _event_with_signups(rows, coordinator).signups.latest("id")


def _series(rows: int, coordinator: User) -> EventSeries:
    start = timezone.now() + timedelta(days=7)
    for number in range(rows):
        series = EventSeries.objects.create(
            site=site("stade"),
            kind=EventKind.FORUM,
            title=f"Stammtisch {number}",
            recurrence=Recurrence.WEEKLY,
            first_start=start,
            count=6,
        )
    return series


def _messages(rows: int, coordinator: User) -> EventMessage:
    event = EventFactory()
    for number in range(rows):
        message = EventMessage.objects.create(
            event=event, subject=f"Raum {number}", body="Wir treffen uns im Saal.", sent_by=coordinator
        )
    return message


def _training_types(rows: int, coordinator: User) -> TrainingType:
    return TrainingType.objects.bulk_create(
        [TrainingType(name=f"Schulung {number}", validity_months=24) for number in range(rows)]
    )[-1]


def _qualifications(rows: int, coordinator: User) -> Qualification:
    training = TrainingType.objects.create(name="Basisschulung", validity_months=36)
    today = timezone.localdate()
    for volunteer in _stade_volunteers(rows):
        qualification = Qualification.objects.create(volunteer=volunteer, training_type=training, acquired_on=today)
    return qualification


def _requests(rows: int, coordinator: User) -> HelpRequest:
    """The last request is open, with ``rows`` volunteers who declined it (as many matches and log entries) and
    ``rows`` who fit it: its page shows suggestions."""
    help_request = [request_for(site=site("stade"), topics=["health"]) for _ in range(rows)][-1]
    for volunteer in _stade_volunteers(rows, languages={"ar": "native"}):
        match_decline(match=match_propose(request=help_request, volunteer=volunteer, by=coordinator))
        request_log_view(request=help_request, user=coordinator)
    _stade_volunteers(rows, languages={"ar": "good"})
    return help_request


def _volunteers(rows: int, coordinator: User) -> Volunteer:
    """The last with as many languages and help topics as there are (up to ``rows``) and an inspection."""
    volunteer = _stade_volunteers(rows)[-1]
    volunteer.languages.all().delete()
    for code in Language.values[:rows]:
        volunteer.languages.create(language=code, level="good")
    VolunteerTopic.objects.bulk_create(
        [VolunteerTopic(volunteer=volunteer, topic=topic) for topic in HelpTopic.values[:rows]]
    )
    police_certificate(volunteer, by=coordinator)
    return volunteer


def _interests(rows: int, coordinator: User) -> Interest:
    return [
        interest_create(
            name=f"Person {number}",
            email=f"person-{number}@example.org",
            phone="",
            languages=["ar", "fa"],
            ways=["accompany", "events"],
            site=site("stade"),
            language="ar",
        )
        for number in range(rows)
    ][-1]


def _onboardings(rows: int, coordinator: User) -> Onboarding:
    """The last has reached as many steps as there are (up to ``rows``), each set by the coordinator."""
    onboarding = _interests(rows, coordinator).onboarding
    for step in list(OnboardingStep)[1:rows]:
        onboarding_reach(onboarding=onboarding, step=step, by=coordinator)
    return onboarding


def _hours(rows: int, coordinator: User) -> HourEntry:
    volunteers = _stade_volunteers(rows)
    return HourEntry.objects.bulk_create(
        [
            HourEntry(
                volunteer=volunteer,
                site=site("stade"),
                kind="other",
                date=timezone.localdate(),
                hours=Decimal(2),
                activity="Sprachcafé",
            )
            for volunteer in volunteers
        ]
    )[-1]


def _certificates(rows: int, coordinator: User) -> Certificate:
    today = timezone.localdate()
    for volunteer in _stade_volunteers(rows):
        certificate = Certificate.objects.create(
            volunteer=volunteer,
            site=site("stade"),
            language="de",
            period_start=today.replace(month=1, day=1),
            period_end=today,
            hours_total=Decimal(12),
            issuer_name=str(coordinator),
            issued_by=coordinator,
        )
    return certificate


def _legal_texts(rows: int, coordinator: User) -> LegalText:
    """Published versions of the privacy page; the last in as many languages as there are (up to ``rows``)."""
    now = timezone.now()
    texts = LegalText.objects.bulk_create(
        [
            LegalText(
                kind=LegalTextKind.PRIVACY, version=f"2030-{number:03d}", published_at=now, published_by=coordinator
            )
            for number in range(rows)
        ]
    )
    LegalTextTranslation.objects.bulk_create(
        [
            LegalTextTranslation(text=texts[-1], language=code, body="Wir speichern ...")
            for code in InterfaceLanguage.values[:rows]
        ]
    )
    return texts[-1]


def _sites(rows: int, coordinator: User) -> Site:
    """The coordinator coordinates ``rows`` sites; the last has ``rows`` coordinators."""
    sites = [site("stade")] + [
        Site.objects.create(
            slug=f"ort-{number}", name=f"Ort {number}", street="Hauptstraße 1", postcode="21682", city="Stade"
        )
        for number in range(1, rows)
    ]
    for one in sites:
        one.coordinators.add(coordinator)
    sites[-1].coordinators.add(*CoordinatorFactory.create_batch(rows - 1, second_factor=False))
    return sites[-1]


def _mails(rows: int, coordinator: User) -> Mail:
    return Mail.objects.bulk_create(
        [
            Mail(
                cause=f"test:{number}",
                recipient=f"person{number}@example.org",
                kind="events.reminder",
                site_id=site("stade").pk,
                language="de",
                subject="Erinnerung",
                body_text="Hallo " * 200,
            )
            for number in range(rows)
        ]
    )[-1]


PAGES: dict[type[models.Model], Callable[[int, User], models.Model]] = {
    Event: _event_with_signups,
    EventSeries: _series,
    EventMessage: _messages,
    Signup: _signups,
    TrainingType: _training_types,
    Qualification: _qualifications,
    HelpRequest: _requests,
    Volunteer: _volunteers,
    Interest: _interests,
    Onboarding: _onboardings,
    HourEntry: _hours,
    Certificate: _certificates,
    LegalText: _legal_texts,
    Site: _sites,
    Mail: _mails,
}


@pytest.fixture
def coordinator() -> User:
    return CoordinatorFactory(sites=[site("stade")])


@pytest.fixture
def coordinator_client(coordinator) -> Client:
    client = Client(headers={"accept-language": "de"})
    client.force_login(coordinator)
    return client


def counts_at(rows: int, build: Callable[[int], object], pages: Callable[[object], dict[str, str]], client) -> dict:
    """Each page's queries with ``rows`` rows built; the rows are rolled back afterwards."""
    with transaction.atomic():
        built = build(rows)
        counts = {name: count_queries(client, path) for name, path in pages(built).items()}
        transaction.set_rollback(True)
    return counts


def test_every_admin_a_coordinator_opens_has_a_row_builder(coordinator):
    request = RequestFactory().get("/admin/")
    request.user = coordinator

    opened = {
        model for model, model_admin in admin.site._registry.items() if model_admin.has_module_permission(request)
    }

    assert opened == set(PAGES)


@pytest.mark.parametrize("model", PAGES, ids=lambda model: model._meta.model_name)
def test_admin_list_and_change_page_same_queries_at_1_and_50_rows_within_limit(model, coordinator, coordinator_client):
    def pages(obj) -> dict[str, str]:
        app, name = obj._meta.app_label, obj._meta.model_name
        return {
            "list": reverse(f"admin:{app}_{name}_changelist"),
            "change": reverse(f"admin:{app}_{name}_change", args=[obj.pk]),
        }

    at_one, at_fifty = (
        counts_at(rows, lambda n: PAGES[model](n, coordinator), pages, coordinator_client) for rows in ROWS
    )

    assert at_fifty == at_one
    assert max(at_one.values()) <= QUERY_LIMIT, at_one


def test_request_change_page_is_counted_with_its_suggestions(coordinator, coordinator_client):
    """The request page counted above is one that shows suggestions (an open request)."""
    help_request = _requests(50, coordinator)

    response = coordinator_client.get(reverse("admin:matching_helprequest_change", args=[help_request.pk]))

    assert len(response.context["suggestions"]) == 10


def test_batch_page_same_queries_at_1_and_50_open_requests_within_limit(coordinator, coordinator_client):
    """Counted both when the page computes the proposal and when it shows the one kept."""
    batch = reverse("admin:matching_helprequest_batch")

    def computing(rows: int) -> int:
        with transaction.atomic():
            for _ in range(rows):
                request_for(site=site("stade"), topics=["health"])
            _stade_volunteers(rows, languages={"ar": "native"})
            with CaptureQueriesContext(connection) as queries:
                response = coordinator_client.get(batch)
            transaction.set_rollback(True)
        assert len(response.context["proposals"]) == rows
        return len(queries)

    def open_requests(rows: int) -> None:
        for _ in range(rows):
            request_for(site=site("stade"), topics=["health"])
        _stade_volunteers(rows, languages={"ar": "native"})

    coordinator_client.get(batch)  # the session's first request reads more
    computed = [computing(rows) for rows in ROWS]
    at_one, at_fifty = (
        counts_at(rows, open_requests, lambda _built: {"batch": batch}, coordinator_client) for rows in ROWS
    )

    assert computed[0] == computed[1] <= QUERY_LIMIT
    assert at_fifty == at_one
    assert at_one["batch"] <= QUERY_LIMIT, at_one


ADD_PAGES = [
    "events_event",
    "events_eventseries",
    "events_trainingtype",
    "events_qualification",
    "volunteers_hourentry",
]


@pytest.mark.parametrize("model_name", ADD_PAGES)  # not "page": that is the browser tests' fixture
def test_admin_add_page_same_queries_and_size_at_1_and_50_volunteers_and_events(
    model_name, coordinator, coordinator_client
):
    """No add form offers every volunteer or event of the sites to choose from."""
    add = reverse(f"admin:{model_name}_add")

    def measured(rows: int) -> tuple[int, int]:
        with transaction.atomic():
            _stade_volunteers(rows)
            EventFactory.create_batch(rows)
            queries = count_queries(coordinator_client, add)
            size = len(coordinator_client.get(add).content)
            transaction.set_rollback(True)
        return queries, size

    (queries_one, size_one), (queries_fifty, size_fifty) = (measured(rows) for rows in ROWS)

    assert queries_one == queries_fifty <= QUERY_LIMIT
    assert abs(size_fifty - size_one) < 200  # the CSRF token and the like, no row's name
