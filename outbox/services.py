"""Queueing and sending mail. Domain services call ``mail_queue`` inside their own transaction."""

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from outbox.enums import MailStatus
from outbox.models import Mail

logger = logging.getLogger(__name__)

SEND_TASK = "outbox.send_mail"  # outbox.tasks.send_mail, dispatched by name: tasks import services, not back


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


def mail_queue(
    *,
    cause: str,
    recipient: str,
    kind: str,
    occurrence: str = "",
    language: str,
    template: str,
    context: dict,
    site_id: int | None = None,
    attachments: Iterable[Attachment] = (),
) -> Mail | None:
    """Write one mail to the outbox, rendered in the recipient's language; send it after commit.

    ``template`` names ``<template>_subject.txt``, ``<template>.txt`` and ``<template>.html``. A mail whose
    key is already in the outbox is not queued again (None is returned).
    """
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body_text = render_to_string(f"{template}.txt", context)
        body_html = render_to_string(f"{template}.html", context)
    try:
        with transaction.atomic():
            mail = Mail.objects.create(
                cause=cause,
                recipient=recipient,
                kind=kind,
                occurrence=occurrence,
                site_id=site_id,
                language=language,
                subject=subject[:255],
                body_text=body_text,
                body_html=body_html,
                attachments=[a.__dict__ for a in attachments],
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: current_app.send_task(SEND_TASK, kwargs={"mail_id": mail.pk}))
    return mail


def message_id(mail: Mail) -> str:
    """The same Message-ID for every attempt, so a resend is recognisably the same message."""
    return f"<outbox-{mail.pk}-{mail.created_at:%Y%m%d%H%M%S}@{DNS_NAME}>"


def mail_send(*, mail_id: int) -> None:
    """Claim a queued mail, send it over SMTP, mark it sent; a refused mail is marked failed with the error."""
    with transaction.atomic():
        mail = Mail.objects.select_for_update(skip_locked=True).filter(pk=mail_id, status=MailStatus.QUEUED).first()
        if mail is None:
            return
        mail.status = MailStatus.SENDING
        mail.attempts += 1
        mail.save(update_fields=["status", "attempts"])

    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.recipient],
        headers={"Message-ID": message_id(mail)},
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    for attachment in mail.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Mail %s to %s failed: %s", mail.pk, mail.recipient, error)
        Mail.objects.filter(pk=mail.pk).update(status=MailStatus.FAILED, last_error=str(error)[:2000])
        return
    Mail.objects.filter(pk=mail.pk).update(status=MailStatus.SENT, sent_at=timezone.now(), last_error="")
