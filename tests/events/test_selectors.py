from datetime import timedelta

import pytest
from django.utils import timezone

from events.enums import SignupStatus
from events.models import Signup
from events.selectors import own_signup
from events.services import signup_cancel, signup_create
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
