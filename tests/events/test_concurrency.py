"""Capacity and the waiting list under real concurrency: threads with their own PostgreSQL connections."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from events.enums import SignupStatus
from events.models import Event, Signup
from events.services import signup_cancel, signup_create
from tests.factories import EventFactory, VolunteerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(actions):
    """Start every action at the same moment, each in its own thread and connection; return results."""
    barrier = threading.Barrier(len(actions))

    def run(action):
        barrier.wait()
        try:
            return action()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(actions)) as pool:
        return list(pool.map(run, actions))


def test_fifty_simultaneous_signups_fill_ten_places_exactly():
    event = EventFactory(capacity=10)
    volunteers = [VolunteerFactory() for _ in range(50)]

    results = run_at_once([lambda v=v: signup_create(event=event, volunteer=v).status for v in volunteers])

    assert results.count(SignupStatus.CONFIRMED) == 10
    assert results.count(SignupStatus.WAITLISTED) == 40
    event.refresh_from_db()
    assert event.confirmed_count == 10
    assert Signup.objects.filter(event=event, status=SignupStatus.CONFIRMED).count() == 10


def test_concurrent_cancels_and_signups_lose_no_place_and_give_none_twice():
    event = EventFactory(capacity=10)
    confirmed = [signup_create(event=event, volunteer=VolunteerFactory()) for _ in range(10)]
    waiting = [signup_create(event=event, volunteer=VolunteerFactory()) for _ in range(5)]
    newcomers = [VolunteerFactory() for _ in range(15)]

    cancels = [lambda s=s: signup_cancel(signup=s).status for s in confirmed[:8]]
    signups = [lambda v=v: signup_create(event=event, volunteer=v).status for v in newcomers]
    run_at_once(cancels + signups)

    event.refresh_from_db()
    rows = Signup.objects.filter(event=event)
    assert event.confirmed_count == 10
    assert rows.filter(status=SignupStatus.CONFIRMED).count() == 10
    # 8 places were freed: all 5 who waited before got one, in order; nobody was left waiting behind a free place.
    assert set(rows.filter(pk__in=[s.pk for s in waiting]).values_list("status", flat=True)) == {"confirmed"}
    assert rows.filter(status=SignupStatus.WAITLISTED).count() == 30 - 10 - 8
    assert Event.objects.get(pk=event.pk).confirmed_count == 10
