from datetime import timedelta

import pytest
from django.utils import timezone

from events.enums import SignupStatus
from events.models import Event, Signup
from events.selectors import my_signups, own_signup, signup_statuses
from events.services import signup_cancel, signup_create
from events.summaries import KEY_FIELDS
from tests.factories import EventFactory, UserFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def test_own_signup_numbers_the_waiting_list_by_time_then_id():
    event = EventFactory(capacity=1)
    confirmed = VolunteerFactory()
    signup_create(event=event, volunteer=confirmed)
    waiting = VolunteerFactory.create_batch(4)
    for volunteer in waiting:
        signup_create(event=event, volunteer=volunteer)
    # the second and third joined at the same moment: the lower id comes first
    same_moment = timezone.now()
    Signup.objects.filter(volunteer__in=waiting[1:3]).update(waitlisted_at=same_moment)
    Signup.objects.filter(volunteer=waiting[3]).update(waitlisted_at=same_moment + timedelta(seconds=1))

    positions = [own_signup(user=volunteer.user, event=event).waitlist_position for volunteer in waiting]

    assert own_signup(user=confirmed.user, event=event).waitlist_position is None
    assert positions == [1, 2, 3, 4]


def test_own_signup_moves_up_when_someone_ahead_cancels():
    event = EventFactory(capacity=1)
    signup_create(event=event, volunteer=VolunteerFactory())
    first, second = VolunteerFactory.create_batch(2)
    for volunteer in (first, second):
        signup_create(event=event, volunteer=volunteer)

    signup_cancel(signup=Signup.objects.get(event=event, volunteer=first))

    signup = own_signup(user=second.user, event=event)
    assert (signup.status, signup.waitlist_position) == (SignupStatus.WAITLISTED, 1)
    assert own_signup(user=first.user, event=event) is None


def test_own_signup_none_for_a_user_without_profile():
    assert own_signup(user=UserFactory(), event=EventFactory()) is None


def test_my_signups_lists_coming_active_signups_soonest_first_with_their_summary_keys():
    volunteer = VolunteerFactory()
    later = EventFactory(starts_at=timezone.now() + timedelta(days=9))
    sooner = EventFactory(starts_at=timezone.now() + timedelta(days=2), capacity=1)
    cancelled = EventFactory()
    signup_create(event=sooner, volunteer=VolunteerFactory())  # takes the only place
    for event in (later, sooner, cancelled):
        signup_create(event=event, volunteer=volunteer)
    signup_cancel(signup=Signup.objects.get(event=cancelled, volunteer=volunteer))
    ended = EventFactory(starts_at=timezone.now() - timedelta(days=2))
    Signup.objects.create(event=ended, volunteer=volunteer, status=SignupStatus.CONFIRMED)
    signup_create(event=later, volunteer=VolunteerFactory())  # someone else's sign-up

    rows = my_signups(volunteer=volunteer)

    keys = {pk: (pk, updated_at, count) for pk, updated_at, count in Event.objects.values_list(*KEY_FIELDS)}
    assert rows == [(keys[sooner.pk], SignupStatus.WAITLISTED), (keys[later.pk], SignupStatus.CONFIRMED)]


def test_signup_statuses_of_the_asked_events_only_active_ones():
    volunteer = VolunteerFactory()
    confirmed, cancelled, not_asked, other = EventFactory.create_batch(4)
    waiting = EventFactory(capacity=1)
    signup_create(event=waiting, volunteer=VolunteerFactory())  # takes the only place
    for event in (confirmed, waiting, cancelled, not_asked):
        signup_create(event=event, volunteer=volunteer)
    signup_cancel(signup=Signup.objects.get(event=cancelled, volunteer=volunteer))
    signup_create(event=other, volunteer=VolunteerFactory())

    statuses = signup_statuses(user=volunteer.user, event_ids=[confirmed.pk, waiting.pk, cancelled.pk, other.pk])

    assert statuses == {confirmed.pk: SignupStatus.CONFIRMED, waiting.pk: SignupStatus.WAITLISTED}
    assert signup_statuses(user=volunteer.user, event_ids=[]) == {}
