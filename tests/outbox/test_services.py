"""The outbox against a real SMTP server (aiosmtpd) and, where the path goes through Celery, a real worker."""

from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction
from django.utils import timezone

from machmit.celery import app
from outbox.enums import MailStatus
from outbox.models import Mail
from outbox.services import Attachment, mail_queue, message_id, outbox_drain, outbox_sweep
from tests.factories import EventFactory, VolunteerFactory
from tests.test_celery import wait_until


def queue(recipient="lena@example.org", **overrides):
    event = EventFactory(title="Austauschforum")
    volunteer = VolunteerFactory(user__first_name="Lena")
    arguments = {
        "cause": "events.signup:1",
        "recipient": recipient,
        "kind": "events.promoted",
        "occurrence": "1",
        "language": "de",
        "template": "events/mail/promoted",
        "context": {"event": event, "volunteer": volunteer, "first_name": "Lena", "signup_path": "/veranstaltungen/1/"},
        "site_id": event.site_id,
        "attachments": [Attachment(filename="a.ics", content="BEGIN:VCALENDAR", mimetype="text/calendar")],
    }
    arguments.update(overrides)
    return mail_queue(**arguments)


@pytest.mark.django_db
def test_mail_queue_renders_in_recipient_language_and_refuses_second_copy():
    first = queue(language="en")

    assert first.subject == "A place is free for you: Austauschforum"
    assert "Hello Lena," in first.body_text
    assert "&quot;" not in first.body_text
    assert "/mein-bereich/benachrichtigungen/" in first.body_text
    assert '<html lang="en" dir="ltr">' in first.body_html
    assert queue() is None
    assert Mail.objects.count() == 1


@pytest.mark.django_db
def test_mail_queue_new_occurrence_is_a_new_mail():
    queue(occurrence="1")
    queue(occurrence="2")

    assert Mail.objects.count() == 2


@pytest.mark.django_db
def test_outbox_drain_sends_batch_over_one_connection_with_stable_message_ids(smtp_sink):
    mails = [queue(recipient=f"p{n}@example.org") for n in range(5)]

    assert outbox_drain() == 5
    assert outbox_drain() == 0

    assert smtp_sink.handler.connections == 1
    assert sorted(smtp_sink.handler.message_ids()) == sorted(message_id(mail) for mail in mails)
    arrived = smtp_sink.handler.messages()[0]
    assert arrived["Subject"] == "Ein Platz für Sie ist frei: Austauschforum"
    assert [part.get_content_type() for part in arrived.walk()][-1] == "text/calendar"
    assert set(Mail.objects.values_list("status", "attempts")) == {(MailStatus.SENT, 1)}


@pytest.mark.django_db
def test_permanently_refused_recipient_failed_without_retries(smtp_sink):
    smtp_sink.handler.refuse["weg@example.org"] = "550 5.1.1 No such user"
    refused = queue(recipient="weg@example.org")
    fine = queue(recipient="da@example.org")

    outbox_drain()
    outbox_sweep()
    outbox_drain()

    refused.refresh_from_db()
    fine.refresh_from_db()
    assert (refused.status, refused.attempts) == (MailStatus.FAILED, 1)
    assert "No such user" in refused.last_error
    assert fine.status == MailStatus.SENT
    assert smtp_sink.handler.message_ids() == [message_id(fine)]


@pytest.mark.django_db
def test_transient_refusal_retried_later_with_growing_pause(smtp_sink, settings):
    smtp_sink.handler.refuse["voll@example.org"] = "452 4.2.2 Mailbox full"
    mail = queue(recipient="voll@example.org")

    outbox_drain()
    mail.refresh_from_db()
    first_pause = mail.next_attempt_at - timezone.now()
    assert (mail.status, mail.attempts) == (MailStatus.QUEUED, 1)
    assert timedelta(seconds=settings.OUTBOX_RETRY_BASE_SECONDS - 5) < first_pause

    Mail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now())
    outbox_drain()
    mail.refresh_from_db()
    assert mail.next_attempt_at - timezone.now() > first_pause

    del smtp_sink.handler.refuse["voll@example.org"]
    Mail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now())
    outbox_drain()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 3)


@pytest.mark.django_db
def test_transient_refusal_gives_up_after_max_attempts(smtp_sink, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp_sink.handler.refuse["voll@example.org"] = "452 4.2.2 Mailbox full"
    mail = queue(recipient="voll@example.org")

    for _attempt in range(3):
        Mail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now())
        outbox_drain()

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.FAILED, 2)


@pytest.mark.django_db
def test_smtp_server_down_keeps_mail_queued(settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    mail = queue()

    assert outbox_drain() == 0

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.QUEUED, 1)
    assert mail.last_error


@pytest.mark.django_db
def test_sweeper_requeues_mail_stuck_in_sending(smtp_sink, settings):
    mail = queue()
    Mail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENDING,
        claimed_at=timezone.now() - timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS + 1),
    )
    fresh = queue(recipient="frisch@example.org")
    Mail.objects.filter(pk=fresh.pk).update(status=MailStatus.SENDING, claimed_at=timezone.now())

    assert outbox_sweep() == 1
    outbox_drain()

    assert smtp_sink.handler.message_ids() == [message_id(mail)]
    assert Mail.objects.get(pk=fresh.pk).status == MailStatus.SENDING


@pytest.mark.django_db(transaction=True)
def test_mail_queued_in_transaction_reaches_smtp_through_real_worker(smtp_sink):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with transaction.atomic():
            mail = queue()
        wait_until(lambda: smtp_sink.handler.message_ids() == [message_id(mail)])

    assert Mail.objects.get(pk=mail.pk).status == MailStatus.SENT
