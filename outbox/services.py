"""Queueing and sending mail. Domain services call ``mail_queue`` inside their own transaction.

Delivery is at least once and never lost: a mail is claimed ("sending") before SMTP and marked sent right
after the server accepted it. Transient errors (4xx, connection trouble) are retried with growing pauses;
permanent ones (5xx) mark the mail failed with the error. The sweeper (beat, every minute) requeues mails
whose worker died while sending and starts a drain whenever due mails wait, e.g. because the broker was
down when they were committed.
"""

import logging
import re
import smtplib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.utils import DNS_NAME
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from outbox.enums import MailStatus
from outbox.models import Mail

logger = logging.getLogger(__name__)

# outbox.tasks.drain_outbox, dispatched by name: tasks import services, never the other way round.
DRAIN_TASK = "outbox.drain"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


def outbox_dispatch() -> None:
    """Ask a worker to drain the outbox. A broker that is down loses nothing: the sweeper tries again."""
    try:
        current_app.send_task(DRAIN_TASK, retry=False)
    except Exception:
        logger.warning("Broker unavailable; queued mail waits for the sweeper.", exc_info=True)


def mail_render(*, language: str, template: str, context: dict) -> tuple[str, str, str]:
    """Subject, text and HTML of ``<template>_subject.txt``, ``<template>.txt``, ``<template>.html``."""
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        return (
            subject[:255],
            render_to_string(f"{template}.txt", context),
            render_to_string(f"{template}.html", context),
        )


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
    dispatch: bool = True,
) -> Mail | None:
    """Write one mail to the outbox, rendered in the recipient's language; drain the outbox after commit.

    A mail whose key (cause, recipient, kind, occurrence) is already in the outbox is not queued again:
    None is returned. Callers queueing many mails pass ``dispatch=False`` and call ``outbox_dispatch`` once.
    """
    subject, body_text, body_html = mail_render(language=language, template=template, context=context)
    try:
        with transaction.atomic():
            mail = Mail.objects.create(
                cause=cause,
                recipient=recipient,
                kind=kind,
                occurrence=occurrence,
                site_id=site_id,
                language=language,
                subject=subject,
                body_text=body_text,
                body_html=body_html,
                attachments=[asdict(attachment) for attachment in attachments],
            )
    except IntegrityError:
        return None
    if dispatch:
        transaction.on_commit(outbox_dispatch)
    return mail


def message_id(mail: Mail) -> str:
    """The same Message-ID for every attempt, so that a resend is recognisably the same message."""
    return f"<outbox-{mail.pk}-{mail.created_at:%Y%m%d%H%M%S}@{DNS_NAME}>"


def _message(mail: Mail) -> EmailMultiAlternatives:
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
    return message


def mail_claim_batch(*, size: int) -> list[Mail]:
    """Claim up to ``size`` due mails for this worker; other workers skip them."""
    now = timezone.now()
    with transaction.atomic():
        due = Mail.objects.select_for_update(skip_locked=True).filter(
            status=MailStatus.QUEUED, next_attempt_at__lte=now
        )
        ids = list(due.order_by("next_attempt_at", "id").values_list("id", flat=True)[:size])
        Mail.objects.filter(id__in=ids).update(status=MailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return list(Mail.objects.filter(id__in=ids).order_by("id"))


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _mark_failed_or_retry(mail: Mail, error: Exception) -> None:
    message = str(error)[:2000]
    if _is_permanent(error) or mail.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        logger.warning("Mail %s to %s failed for good: %s", mail.pk, mail.recipient, message)
        Mail.objects.filter(pk=mail.pk).update(status=MailStatus.FAILED, last_error=message, claimed_at=None)
        return
    pause = timedelta(seconds=settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (mail.attempts - 1))
    Mail.objects.filter(pk=mail.pk).update(
        status=MailStatus.QUEUED, last_error=message, claimed_at=None, next_attempt_at=timezone.now() + pause
    )


def _mark_rest_for_retry(mails: list[Mail], error: Exception) -> None:
    """The connection is gone: this mail and the rest of the batch wait for their next try."""
    for mail in mails:
        _mark_failed_or_retry(mail, error)


def mail_send_batch(mails: list[Mail]) -> int:
    """Send claimed mails over one SMTP connection; returns how many the server accepted."""
    backend = mailers.default
    sent = 0
    try:
        backend.open()
    except (smtplib.SMTPException, OSError) as error:
        for mail in mails:
            _mark_failed_or_retry(mail, error)
        return 0
    try:
        for index, mail in enumerate(mails):
            try:
                backend.send_messages([_message(mail)])
            except smtplib.SMTPServerDisconnected as error:
                _mark_rest_for_retry(mails[index:], error)
                break
            except smtplib.SMTPException as error:  # refused by the server: this mail only
                _mark_failed_or_retry(mail, error)
                continue
            except OSError as error:  # the connection broke (SMTPException is an OSError too: caught above)
                _mark_rest_for_retry(mails[index:], error)
                break
            Mail.objects.filter(pk=mail.pk).update(
                status=MailStatus.SENT, sent_at=timezone.now(), last_error="", claimed_at=None
            )
            sent += 1
    finally:
        backend.close()
    return sent


def outbox_drain(*, max_batches: int | None = None) -> int:
    """Send due mails in batches until none are left (or ``max_batches`` were sent); returns the count."""
    sent = batches = 0
    while max_batches is None or batches < max_batches:
        mails = mail_claim_batch(size=settings.OUTBOX_BATCH_SIZE)
        if not mails:
            break
        accepted = mail_send_batch(mails)
        sent += accepted
        batches += 1
        if accepted == 0:
            break  # the server refuses everything right now: leave the rest to their retry time
    return sent


def outbox_sweep() -> int:
    """Requeue mails stuck in "sending" (their worker died) and drain whatever is due; returns requeued."""
    stuck_since = timezone.now() - timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS)
    requeued = Mail.objects.filter(status=MailStatus.SENDING, claimed_at__lt=stuck_since).update(
        status=MailStatus.QUEUED, claimed_at=None, next_attempt_at=timezone.now()
    )
    if requeued:
        logger.warning("Requeued %d mails stuck in sending.", requeued)
    if Mail.objects.filter(status=MailStatus.QUEUED, next_attempt_at__lte=timezone.now()).exists():
        outbox_dispatch()
    return requeued


@transaction.atomic
def mail_resend(*, mail: Mail) -> None:
    """A coordinator sends a failed mail again (the same message, with the same Message-ID)."""
    Mail.objects.filter(pk=mail.pk, status=MailStatus.FAILED).update(
        status=MailStatus.QUEUED, next_attempt_at=timezone.now(), attempts=0
    )
    transaction.on_commit(outbox_dispatch)


def mail_send_now(*, recipient: str, language: str, template: str, context: dict) -> bool:
    """Render and send one mail at once, without keeping it: the confirmation that someone's data was erased
    must not leave their address behind. Returns whether the server took it; a failure is logged, never raised
    (there is no row to retry from)."""
    subject, body_text, body_html = mail_render(language=language, template=template, context=context)
    message = EmailMultiAlternatives(
        subject=subject, body=body_text, from_email=settings.DEFAULT_FROM_EMAIL, to=[recipient]
    )
    if body_html:
        message.attach_alternative(body_html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("A mail that is not kept (%s) could not be sent: %s", template, error)
        return False
    return True


@transaction.atomic
def mails_erase(*, recipient: str, mentions: Iterable[str]) -> None:
    """Forget a person: delete every mail to their address and put a placeholder, in each mail's language, where
    other mails name them (``mentions``: their name and address, matched as whole words without case)."""
    Mail.objects.filter(recipient__iexact=recipient).delete()
    # As written in the text, and as the HTML part escapes it (O'Brien).
    mentions = sorted({form for mention in mentions if mention.strip() for form in (mention, escape(mention))})
    if not mentions:
        return
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, mentions)) + r")(?!\w)", re.IGNORECASE)
    naming = Q()
    for mention in mentions:
        naming |= Q(subject__icontains=mention) | Q(body_text__icontains=mention) | Q(body_html__icontains=mention)
    for mail in Mail.objects.select_for_update().filter(naming):
        with translation.override(mail.language):
            placeholder = _("(name deleted)")
        mail.subject = pattern.sub(placeholder, mail.subject)
        mail.body_text = pattern.sub(placeholder, mail.body_text)
        mail.body_html = pattern.sub(placeholder, mail.body_html)
        mail.save(update_fields=["subject", "body_text", "body_html"])


def mails_delete_old(*, now: datetime | None = None) -> int:
    """Delete sent and failed mails older than ``OUTBOX_KEEP_DAYS`` (they name people); queued ones stay until
    sent. Returns how many."""
    before = (now or timezone.now()) - timedelta(days=settings.OUTBOX_KEEP_DAYS)
    deleted, _by_model = Mail.objects.filter(
        status__in=[MailStatus.SENT, MailStatus.FAILED], created_at__lt=before
    ).delete()
    return deleted
