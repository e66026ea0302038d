from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from events.enums import EventKind, EventStatus
from events.services import (
    event_cancel,
    event_save,
    reminders_queue_due,
    signup_cancel,
    signup_create,
    signup_create_for_interest,
)
from events.tasks import queue_reminders
from machmit.celery import app
from outbox.models import Mail
from tests.factories import EventFactory, VolunteerFactory
from tests.test_celery import wait_until
from volunteers.services import interest_create


def reminders():
    return sorted(Mail.objects.filter(kind="events.reminder").values_list("recipient", "occurrence"))


def signed_up(hours_ahead: float, **volunteer_fields):
    event = EventFactory(starts_at=timezone.now() + timedelta(hours=hours_ahead), capacity=None)
    return signup_create(event=event, volunteer=VolunteerFactory(**volunteer_fields))


@pytest.mark.django_db
def test_reminders_due_at_each_lead_time_once():
    far = signed_up(72)
    two_days = signed_up(47)
    soon = signed_up(2.5)

    first = reminders_queue_due()
    again = reminders_queue_due()

    start = lambda s: s.event.starts_at.isoformat()  # noqa: E731
    assert (first, again) == (3, 0)
    assert reminders() == sorted(
        [
            (two_days.volunteer.user.email, f"48h@{start(two_days)}"),
            (soon.volunteer.user.email, f"48h@{start(soon)}"),
            (soon.volunteer.user.email, f"3h@{start(soon)}"),
        ]
    )
    assert far.volunteer.user.email not in {recipient for recipient, _ in reminders()}


@pytest.mark.django_db
def test_reminder_in_recipient_language_with_calendar_and_settings_link():
    signed_up(2, user__language="en", user__first_name="Kim")

    reminders_queue_due()

    mail = Mail.objects.filter(kind="events.reminder").first()
    assert mail.subject.startswith("Reminder: ")
    assert "Hello Kim," in mail.body_text
    assert "/mein-bereich/benachrichtigungen/" in mail.body_text
    assert "/mein-bereich/benachrichtigungen/" in mail.body_html
    assert mail.attachments[0]["mimetype"] == "text/calendar"


@pytest.mark.django_db
def test_no_reminders_for_cancelled_event_cancelled_signup_or_reminders_off():
    cancelled_event = signed_up(2)
    event_cancel(event=cancelled_event.event)
    cancelled_signup = signed_up(2)
    signup_cancel(signup=cancelled_signup)
    signed_up(2, event_reminders=False)
    waiting_event = EventFactory(starts_at=timezone.now() + timedelta(hours=2), capacity=1)
    signup_create(event=waiting_event, volunteer=VolunteerFactory())
    waiting = signup_create(event=waiting_event, volunteer=VolunteerFactory())

    reminders_queue_due()

    recipients = {recipient for recipient, _occurrence in reminders()}
    assert len(recipients) == 1
    assert waiting.volunteer.user.email not in recipients


@pytest.mark.django_db
def test_event_moved_after_reminder_gets_fresh_reminder_for_new_time():
    signup = signed_up(40)
    reminders_queue_due()
    event = signup.event
    event.starts_at += timedelta(hours=4)
    event.ends_at += timedelta(hours=4)

    event_save(event=event, changed=["starts_at", "ends_at"])
    reminders_queue_due()

    occurrences = [occurrence for _recipient, occurrence in reminders()]
    assert occurrences == sorted(
        [f"48h@{(event.starts_at - timedelta(hours=4)).isoformat()}", f"48h@{event.starts_at.isoformat()}"]
    )
    assert Mail.objects.filter(kind="events.changed").count() == 1


@pytest.mark.django_db
def test_reminder_due_in_the_past_only_while_event_more_than_an_hour_away():
    close = signed_up(0.9)
    later = signed_up(1.5)

    reminders_queue_due()

    recipients = {recipient for recipient, _occurrence in reminders()}
    assert recipients == {later.volunteer.user.email}
    assert close.volunteer.user.email not in recipients


@pytest.mark.django_db
def test_draft_event_gets_no_reminder():
    signup = signed_up(2)
    signup.event.status = EventStatus.DRAFT
    signup.event.save()

    assert reminders_queue_due() == 0


@pytest.mark.django_db(transaction=True)
def test_beat_task_reminder_arrives_at_smtp_through_real_worker(smtp_sink):
    signup = signed_up(2.5, user__first_name="Lena")

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        queue_reminders.delay()
        wait_until(lambda: len(smtp_sink.handler.messages()) == 2)

    subjects = sorted(message["Subject"] for message in smtp_sink.handler.messages())
    assert all(subject.startswith("Erinnerung: ") for subject in subjects)
    assert {message["To"] for message in smtp_sink.handler.messages()} == {signup.volunteer.user.email}


@pytest.mark.django_db
def test_reminder_to_someone_without_an_account_at_an_information_evening():
    interest = interest_create(
        name="Rania", email="rania@example.org", phone="", languages=["ar"], ways=[], site=None, language="ar"
    )
    evening = EventFactory(kind=EventKind.INFO, starts_at=timezone.now() + timedelta(hours=2.5), capacity=None)
    signup_create_for_interest(event=evening, interest=interest)

    assert reminders_queue_due() == 2  # both lead times are past: two days and three hours before

    for mail in Mail.objects.filter(kind="events.reminder"):
        assert (mail.recipient, mail.language) == ("rania@example.org", "ar")
        assert "/mitmachen/infoabend/" in mail.body_text
        assert "/benachrichtigungen/" not in mail.body_text
