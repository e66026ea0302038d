from datetime import datetime, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone, translation

from events.enums import EventStatus, Recurrence, SignupRole, SignupStatus
from events.models import Event, EventSeries, Qualification, Signup, TrainingType
from events.services import (
    SignupError,
    event_cancel,
    event_duplicate,
    event_message_send,
    event_save,
    series_dates,
    series_save,
    signup_attendance_mark,
    signup_cancel,
    signup_create,
)
from outbox.models import Mail
from tests.factories import EventFactory, UserFactory, VolunteerFactory, site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Error messages are matched in English (the source language)."""
    with translation.override("en"):
        yield


def statuses(event):
    return list(event.signups.order_by("id").values_list("status", flat=True))


def test_signup_create_free_place_confirms_and_counts():
    event = EventFactory(capacity=2)

    signup = signup_create(event=event, volunteer=VolunteerFactory())

    event.refresh_from_db()
    assert (signup.status, event.confirmed_count) == (SignupStatus.CONFIRMED, 1)


def test_signup_create_full_event_waitlists_in_order():
    event = EventFactory(capacity=1)
    signup_create(event=event, volunteer=VolunteerFactory())

    second = signup_create(event=event, volunteer=VolunteerFactory())
    third = signup_create(event=event, volunteer=VolunteerFactory())

    event.refresh_from_db()
    assert event.confirmed_count == 1
    assert (second.status, third.status) == (SignupStatus.WAITLISTED, SignupStatus.WAITLISTED)
    assert second.waitlisted_at <= third.waitlisted_at


def test_signup_create_unlimited_capacity_always_confirms():
    event = EventFactory(capacity=None)

    signups = [signup_create(event=event, volunteer=VolunteerFactory()) for _ in range(3)]

    assert [s.status for s in signups] == [SignupStatus.CONFIRMED] * 3


def test_signup_create_twice_refused():
    event, volunteer = EventFactory(), VolunteerFactory()
    signup_create(event=event, volunteer=volunteer)

    with pytest.raises(SignupError, match="already signed up"):
        signup_create(event=event, volunteer=volunteer)
    assert event.signups.count() == 1


def test_signup_database_refuses_second_row_for_same_volunteer():
    event, volunteer = EventFactory(), VolunteerFactory()
    Signup.objects.create(event=event, volunteer=volunteer, status=SignupStatus.CONFIRMED)

    with pytest.raises(IntegrityError):
        Signup.objects.create(event=event, volunteer=volunteer, status=SignupStatus.CONFIRMED)


def test_event_database_refuses_count_above_capacity():
    event = EventFactory(capacity=1)
    event.confirmed_count = 2

    with pytest.raises(IntegrityError):
        event.save()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": EventStatus.CANCELLED}, "cancelled"),
        ({"status": EventStatus.DRAFT}, "not open"),
        ({"signup_deadline": timezone.now() - timedelta(minutes=1)}, "deadline"),
        (
            {"starts_at": timezone.now() - timedelta(days=1), "ends_at": timezone.now() - timedelta(hours=20)},
            "deadline",
        ),
    ],
)
def test_signup_create_closed_event_refused(changes, message):
    event = EventFactory(**changes)

    with pytest.raises(SignupError, match=message):
        signup_create(event=event, volunteer=VolunteerFactory())
    assert event.signups.count() == 0


def test_signup_cancel_promotes_first_waitlisted_and_mails_them():
    event = EventFactory(capacity=1)
    first = signup_create(event=event, volunteer=VolunteerFactory())
    second = signup_create(event=event, volunteer=VolunteerFactory(user__language="en"))
    third = signup_create(event=event, volunteer=VolunteerFactory())

    signup_cancel(signup=first)

    event.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert event.confirmed_count == 1
    assert (second.status, second.promotion_number) == (SignupStatus.CONFIRMED, 1)
    assert third.status == SignupStatus.WAITLISTED
    mail = Mail.objects.get()
    assert (mail.kind, mail.recipient, mail.occurrence) == ("events.promoted", second.volunteer.user.email, "1")
    assert mail.language == "en"
    assert mail.subject.startswith("A place is free for you")
    assert mail.attachments[0]["mimetype"] == "text/calendar"


def test_signup_cancel_waitlisted_frees_nothing():
    event = EventFactory(capacity=1)
    signup_create(event=event, volunteer=VolunteerFactory())
    waiting = signup_create(event=event, volunteer=VolunteerFactory())

    signup_cancel(signup=waiting)

    event.refresh_from_db()
    assert event.confirmed_count == 1
    assert statuses(event) == [SignupStatus.CONFIRMED, SignupStatus.CANCELLED]
    assert not Mail.objects.exists()


def test_signup_cancel_after_deadline_refused_for_volunteer_allowed_for_coordinator():
    event = EventFactory()
    signup = signup_create(event=event, volunteer=VolunteerFactory())
    Event.objects.filter(pk=event.pk).update(signup_deadline=timezone.now() - timedelta(minutes=1))

    with pytest.raises(SignupError, match="deadline"):
        signup_cancel(signup=signup)
    signup_cancel(signup=signup, by_coordinator=True)

    assert Signup.objects.get(pk=signup.pk).status == SignupStatus.CANCELLED


def test_signup_again_after_cancelling_reuses_row():
    event, volunteer = EventFactory(), VolunteerFactory()
    signup_cancel(signup=signup_create(event=event, volunteer=volunteer))

    again = signup_create(event=event, volunteer=volunteer)

    assert again.status == SignupStatus.CONFIRMED
    assert event.signups.count() == 1


def test_signup_interpreter_needs_language_and_takes_no_place():
    event = EventFactory(capacity=1, interpreter_languages=["ar"])
    signup_create(event=event, volunteer=VolunteerFactory())
    speaker = VolunteerFactory(languages={"de": "native", "ar": "good"})

    signup = signup_create(event=event, volunteer=speaker, interpreter_language="ar")

    event.refresh_from_db()
    assert (signup.role, signup.status, event.confirmed_count) == (SignupRole.INTERPRETER, SignupStatus.CONFIRMED, 1)


@pytest.mark.parametrize(
    ("languages", "asked", "message"),
    [({"ar": "basic"}, "ar", "good enough"), ({"ar": "native"}, "uk", "no interpreter")],
)
def test_signup_interpreter_without_usable_language_refused(languages, asked, message):
    event = EventFactory(interpreter_languages=["ar"])

    with pytest.raises(SignupError, match=message):
        signup_create(event=event, volunteer=VolunteerFactory(languages=languages), interpreter_language=asked)


def test_event_cancel_mails_everyone_signed_up_once():
    event = EventFactory(capacity=1)
    confirmed = signup_create(event=event, volunteer=VolunteerFactory())
    waiting = signup_create(event=event, volunteer=VolunteerFactory())
    signup_cancel(signup=signup_create(event=event, volunteer=VolunteerFactory()))

    event_cancel(event=event)
    event_cancel(event=event)

    event.refresh_from_db()
    assert (event.status, event.change_number) == (EventStatus.CANCELLED, 1)
    recipients = set(Mail.objects.filter(kind="events.cancelled").values_list("recipient", flat=True))
    assert recipients == {confirmed.volunteer.user.email, waiting.volunteer.user.email}


def test_event_save_stale_copy_keeps_counter_and_fills_raised_capacity():
    event = EventFactory(capacity=1)
    signup_create(event=event, volunteer=VolunteerFactory())
    waiting = [signup_create(event=event, volunteer=VolunteerFactory()) for _ in range(3)]
    event.capacity = 3

    promoted = event_save(event=event, changed=["capacity"])

    assert [s.pk for s in promoted] == [waiting[0].pk, waiting[1].pk]
    event.refresh_from_db()
    assert event.confirmed_count == 3


def test_event_duplicate_is_draft_without_signups():
    event = EventFactory(languages=["de", "ar"])
    signup_create(event=event, volunteer=VolunteerFactory())

    copy = event_duplicate(event=event)

    assert (copy.status, copy.title, copy.languages, copy.confirmed_count) == ("draft", event.title, ["de", "ar"], 0)
    assert copy.signups.count() == 0


def test_series_dates_keep_local_time_across_daylight_saving():
    first = datetime(2026, 10, 19, 18, 0, tzinfo=timezone.get_current_timezone())
    series = EventSeries(recurrence=Recurrence.WEEKLY, first_start=first, count=3)

    dates = [timezone.localtime(start) for start in series_dates(series)]

    assert [(d.day, d.hour) for d in dates] == [(19, 18), (26, 18), (2, 18)]
    assert dates[0].utcoffset() != dates[2].utcoffset()


def test_series_dates_monthly_and_fortnightly():
    first = datetime(2027, 1, 31, 10, 0, tzinfo=timezone.get_current_timezone())

    monthly = series_dates(EventSeries(recurrence=Recurrence.MONTHLY, first_start=first, count=3))
    fortnightly = series_dates(EventSeries(recurrence=Recurrence.FORTNIGHTLY, first_start=first, count=2))

    assert [d.date().isoformat() for d in monthly] == ["2027-01-31", "2027-02-28", "2027-03-31"]
    assert fortnightly[1] - fortnightly[0] == timedelta(weeks=2)


def series(**overrides):
    fields = {
        "site": site("stade"),
        "kind": "forum",
        "title": "Sprachcafé",
        "recurrence": Recurrence.WEEKLY,
        "first_start": timezone.now() + timedelta(days=1),
        "duration_minutes": 90,
        "count": 4,
        "capacity": 5,
    }
    fields.update(overrides)
    return EventSeries(**fields)


def test_series_save_creates_dates_then_edits_whole_series():
    created = series_save(series=series())
    assert [e.title for e in created] == ["Sprachcafé"] * 4
    signup_create(event=created[0], volunteer=VolunteerFactory())

    edited = created[0].series
    edited.title = "Sprachcafé international"
    edited.count = 3
    series_save(series=edited)

    events = list(Event.objects.filter(series=edited).order_by("series_position"))
    assert [(e.title, e.status) for e in events] == [
        ("Sprachcafé international", "published"),
        ("Sprachcafé international", "published"),
        ("Sprachcafé international", "published"),
        ("Sprachcafé", "cancelled"),
    ]
    assert events[0].confirmed_count == 1
    assert all(e.ends_at - e.starts_at == timedelta(minutes=90) for e in events)


def test_attendance_at_training_grants_and_renews_qualification():
    training = TrainingType.objects.create(name="Integrationslotsen-Basisschulung", validity_months=24)
    event = EventFactory(kind="training", training_type=training)
    volunteer = VolunteerFactory()
    signup = signup_create(event=event, volunteer=volunteer)
    coordinator = UserFactory(is_staff=True)

    signup_attendance_mark(signup=signup, attended=True, by=coordinator)
    signup_attendance_mark(signup=signup, attended=True, by=coordinator)

    qualification = Qualification.objects.get(volunteer=volunteer)
    acquired = timezone.localdate(event.ends_at)
    assert (qualification.acquired_on, qualification.valid_until.year) == (acquired, acquired.year + 2)
    signup.refresh_from_db()
    assert (signup.attended, signup.attendance_marked_by) == (True, coordinator)


def test_absence_grants_no_qualification():
    training = TrainingType.objects.create(name="Asylrecht")
    signup = signup_create(event=EventFactory(training_type=training), volunteer=VolunteerFactory())

    signup_attendance_mark(signup=signup, attended=False, by=UserFactory())

    assert not Qualification.objects.exists()


def test_event_message_send_reaches_confirmed_only():
    event = EventFactory(capacity=1)
    confirmed = signup_create(event=event, volunteer=VolunteerFactory())
    signup_create(event=event, volunteer=VolunteerFactory())

    message = event_message_send(event=event, subject="Raumänderung", body="Wir sind in Raum 2.", by=UserFactory())

    mail = Mail.objects.get()
    assert (mail.recipient, mail.cause) == (confirmed.volunteer.user.email, f"events.message:{message.pk}")
    assert "Wir sind in Raum 2." in mail.body_text
