"""Reads of the outbox: what other apps may ask it without reading its table or spelling its key."""

from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import QuerySet

from outbox.enums import MailStatus
from outbox.models import Mail


class MailKey(NamedTuple):
    """What makes a mail unique in the outbox (the constraint ``mail_unique_key`` on ``Mail``).

    The parts mean what ``mail_queue``'s arguments of the same names mean.
    """

    cause: str
    recipient: str
    kind: str
    occurrence: str = ""


def mail_queued_keys(*, keys: Iterable[MailKey]) -> set[MailKey]:
    """Which of these mails are in the outbox already, whatever their status: ``mail_queue`` would refuse them.

    One query for the whole batch, so that a caller about to queue many mails skips rendering those that
    exist without asking once per mail.
    """
    keys = set(keys)
    if not keys:
        return set()
    # The unique key's index leads with the cause; the exact keys are compared here, as the ORM has no
    # portable IN over tuples.
    candidates = Mail.objects.filter(cause__in={key.cause for key in keys}, kind__in={key.kind for key in keys})
    return keys & {MailKey(*row) for row in candidates.values_list(*MailKey._fields)}


def mails_to(*, recipient: str) -> QuerySet[Mail]:
    """The mails to one address, newest first (the person's data page: what was sent to them)."""
    return Mail.objects.filter(recipient__iexact=recipient).only(
        "kind", "subject", "status", "language", "created_at", "sent_at"
    )


def mails_failed(mails: QuerySet[Mail]) -> QuerySet[Mail]:
    """Mails the server refused for good or that failed every attempt (the coordinators' desk)."""
    return mails.filter(status=MailStatus.FAILED)
