import smtplib

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail as django_mail
from django.db import transaction

from machmit.celery import app
from outbox.enums import MailStatus
from outbox.models import Mail
from outbox.services import Attachment, mail_queue, mail_send, message_id
from tests.factories import EventFactory, VolunteerFactory
from tests.test_celery import wait_until


def queue(**overrides):
    event = EventFactory(title="Austauschforum")
    volunteer = VolunteerFactory(user__first_name="Lena")
    arguments = {
        "cause": "events.signup:1",
        "recipient": "lena@example.org",
        "kind": "events.promoted",
        "occurrence": "1",
        "language": "de",
        "template": "events/mail/promoted",
        "context": {"event": event, "volunteer": volunteer},
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
    assert '<html lang="en">' in first.body_html
    assert queue() is None
    assert Mail.objects.count() == 1


@pytest.mark.django_db
def test_mail_queue_new_occurrence_is_a_new_mail():
    queue(occurrence="1")
    queue(occurrence="2")

    assert Mail.objects.count() == 2


@pytest.mark.django_db
def test_mail_send_sends_once_with_stable_message_id(mailoutbox):
    mail = queue()

    mail_send(mail_id=mail.pk)
    mail_send(mail_id=mail.pk)

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 1)
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert (sent.to, sent.extra_headers["Message-ID"]) == (["lena@example.org"], message_id(mail))
    assert sent.alternatives[0].mimetype == "text/html"
    assert sent.attachments[0][0] == "a.ics"


@pytest.mark.django_db
def test_mail_send_refused_recipient_marked_failed(monkeypatch):
    """The SMTP server lies outside the machine: its refusal is the one thing simulated here."""
    mail = queue()

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"lena@example.org": (550, b"no such user")})

    monkeypatch.setattr(django_mail.EmailMessage, "send", refuse)
    mail_send(mail_id=mail.pk)

    mail.refresh_from_db()
    assert mail.status == MailStatus.FAILED
    assert "no such user" in mail.last_error


@pytest.mark.django_db(transaction=True)
def test_mail_queued_in_transaction_is_sent_by_real_worker_after_commit(mailoutbox):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with transaction.atomic():
            mail = queue()
        wait_until(lambda: Mail.objects.get(pk=mail.pk).status == MailStatus.SENT)

    assert [m.subject for m in mailoutbox] == ["Ein Platz für Sie ist frei: Austauschforum"]
