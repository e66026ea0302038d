"""The query counts DECISIONS.md ("Benchmarks") asks of each page: the same at 1 and at 50 rows, and at most
15 on the form pages.

The benchmark measures speed only; these counts are checked here, where a page that starts to read row by row
fails at once. Each page is asked twice and the second request counted: the first fills what a process keeps
(the event summaries, the cached filter choices, the session in the cache), as on a server that has been up
for a while. The rows are events for the pages of visitors and sign-ups for a volunteer's.

Pinned elsewhere, not repeated here: the event list of a volunteer and the dashboard (tests/events/test_views.py,
``test_*_query_count_constant``) and the cached public feed
(``test_public_feed_served_from_cache_until_an_event_changes``).
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from events.enums import Audience, EventKind
from events.services import signup_create
from events.services._mail import invitation_token
from tests.factories import CoordinatorFactory, EventFactory, VolunteerFactory, site
from tests.queries import count_queries
from volunteers.enums import OnboardingStep
from volunteers.models import Interest
from volunteers.services import interest_create, onboarding_reach, volunteer_calendar_token_renew

pytestmark = pytest.mark.django_db

ROWS = [1, 50]
# The form pages' counts, each within DECISIONS.md's limit of 15.
PROFILE_FORM_QUERIES = 5
NOTIFICATION_FORM_QUERIES = 1


def visitor_client() -> Client:
    return Client(headers={"accept-language": "de"})


def volunteer_client(volunteer) -> Client:
    client = visitor_client()
    client.force_login(volunteer.user)
    return client


def volunteer_with_signups(rows: int):
    volunteer = VolunteerFactory()
    for event in EventFactory.create_batch(rows, capacity=None):
        signup_create(event=event, volunteer=volunteer)
    return volunteer


def get_counted(client: Client, path: str, django_assert_num_queries, queries: int):
    """The second of two requests, which must make exactly ``queries`` queries."""
    client.get(path)
    with django_assert_num_queries(queries):
        response = client.get(path)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("rows", ROWS)
def test_home_query_count_constant(django_assert_num_queries, rows):
    EventFactory.create_batch(rows, audience=Audience.PUBLIC)

    # the sites with their addresses
    get_counted(visitor_client(), reverse("home"), django_assert_num_queries, 1)


@pytest.mark.parametrize("rows", ROWS)
def test_event_list_anonymous_query_count_constant(django_assert_num_queries, rows):
    EventFactory.create_batch(rows, audience=Audience.PUBLIC)

    # the sites for the filter, the page's event keys (their summaries come from the cache)
    response = get_counted(visitor_client(), reverse("events:list"), django_assert_num_queries, 2)

    assert len(response.context["events"]) == min(rows, 20)


@pytest.mark.parametrize("rows", ROWS)
def test_event_page_query_count_constant(django_assert_num_queries, rows):
    event = EventFactory(capacity=1)
    for other in VolunteerFactory.create_batch(rows):
        signup_create(event=event, volunteer=other)
    volunteer = VolunteerFactory()
    signup_create(event=event, volunteer=volunteer)

    # user, event with its site, own sign-up with its place on the waiting list
    response = get_counted(
        volunteer_client(volunteer), reverse("events:detail", args=[event.pk]), django_assert_num_queries, 3
    )

    assert response.context["signup"].waitlist_position == rows


@pytest.mark.parametrize("rows", ROWS)
def test_public_feed_query_count_constant_when_built(django_assert_num_queries, rows):
    EventFactory.create_batch(rows, audience=Audience.PUBLIC)
    cache.clear()

    # the version of the feed (count and last change), then its events with their sites
    with django_assert_num_queries(2):
        response = visitor_client().get(reverse("events:public_feed"))

    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == rows


@pytest.mark.parametrize("rows", ROWS)
def test_personal_feed_query_count_constant(django_assert_num_queries, rows):
    volunteer = volunteer_with_signups(rows)
    token = volunteer_calendar_token_renew(volunteer=volunteer)

    # the volunteer by token, the events with their sites
    response = get_counted(
        visitor_client(), reverse("events:personal_feed", args=[token]), django_assert_num_queries, 2
    )

    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == rows


@pytest.mark.parametrize("rows", ROWS)
def test_help_request_form_query_count_constant(django_assert_num_queries, rows):
    EventFactory.create_batch(rows, audience=Audience.PUBLIC)

    # the sites to choose from
    get_counted(visitor_client(), reverse("matching:create"), django_assert_num_queries, 1)


@pytest.mark.parametrize("rows", ROWS)
def test_interest_form_query_count_constant(django_assert_num_queries, rows):
    EventFactory.create_batch(rows, audience=Audience.PUBLIC)

    # the sites to choose from
    get_counted(visitor_client(), reverse("interest:create"), django_assert_num_queries, 1)


@pytest.mark.parametrize("rows", ROWS)
def test_login_form_query_count_constant(django_assert_num_queries, rows):
    EventFactory.create_batch(rows, audience=Audience.PUBLIC)

    # none: no session yet, nothing from the database on the form
    get_counted(visitor_client(), reverse("account_login"), django_assert_num_queries, 0)


@pytest.mark.parametrize("rows", ROWS)
def test_signup_form_query_count_constant(django_assert_num_queries, rows):
    EventFactory.create_batch(rows, audience=Audience.PUBLIC)

    # none: no session yet, nothing from the database on the form
    get_counted(visitor_client(), reverse("account_signup"), django_assert_num_queries, 0)


@pytest.mark.parametrize("rows", ROWS)
def test_profile_form_query_count_constant_and_within_limit(django_assert_num_queries, rows):
    client = volunteer_client(volunteer_with_signups(rows))

    # user with profile, the sites, the chosen sites, languages and topics
    get_counted(client, reverse("volunteers:profile_edit"), django_assert_num_queries, PROFILE_FORM_QUERIES)


@pytest.mark.parametrize("rows", ROWS)
def test_notification_settings_form_query_count_constant_and_within_limit(django_assert_num_queries, rows):
    client = volunteer_client(volunteer_with_signups(rows))

    # user with profile
    get_counted(client, reverse("volunteers:notifications"), django_assert_num_queries, NOTIFICATION_FORM_QUERIES)


def people_interested(count: int) -> list:
    return [
        interest_create(
            name=f"Person {n}",
            email=f"person-{n}-{Interest.objects.count()}@example.org",
            phone="",
            languages=["ar"],
            ways=["accompany"],
            site=site("stade"),
            language="ar",
        )
        for n in range(count)
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/admin/volunteers/onboarding/",
        "/admin/volunteers/onboarding/?step__exact=invited",
        "/admin/volunteers/interest/",
        "/admin/volunteers/volunteer/",
    ],
)
def test_way_in_admin_lists_same_queries_at_1_and_50_rows_within_limit(path):
    """The coordinators' view of the way in and the lists it links to (DECISIONS.md: at most 15)."""
    client = visitor_client()
    client.force_login(CoordinatorFactory(sites=[site("stade")]))
    for entry in people_interested(1):
        onboarding_reach(onboarding=entry.onboarding, step=OnboardingStep.INVITED)
    VolunteerFactory(sites=[site("stade")])
    at_one = count_queries(client, path)
    for entry in people_interested(49):
        onboarding_reach(onboarding=entry.onboarding, step=OnboardingStep.INVITED)
    VolunteerFactory.create_batch(49, sites=[site("stade")])

    assert count_queries(client, path) == at_one <= 15


@pytest.mark.parametrize("rows", ROWS)
def test_way_in_change_page_and_invitation_page_within_limit(rows):
    client = visitor_client()
    client.force_login(CoordinatorFactory(sites=[site("stade")]))
    entry = people_interested(1)[0]
    for _n in range(rows):
        EventFactory(kind=EventKind.INFO, audience=Audience.PUBLIC)
    for step in list(OnboardingStep)[1:]:
        onboarding_reach(onboarding=entry.onboarding, step=step)

    # the session, the user, the way in with its person and site, its steps, the sites to choose from, ...
    assert count_queries(client, f"/admin/volunteers/onboarding/{entry.onboarding.pk}/change/") <= 15
    # the way in with its entry, the coming evenings (at most four) and the entry's sign-ups for them
    assert count_queries(visitor_client(), reverse("info_evening:list", args=[invitation_token(entry.onboarding)])) == 3
