import pytest

from outbox.enums import MailStatus
from outbox.models import Mail
from outbox.selectors import MailKey, mail_queued_keys
from outbox.services import mail_queue
from tests.factories import EventFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def stored(key: MailKey, status: MailStatus = MailStatus.QUEUED) -> Mail:
    return Mail.objects.create(**key._asdict(), language="de", subject="Betreff", body_text="Text", status=status)


def test_mail_queued_keys_answers_a_batch_in_one_query_whatever_the_status(django_assert_num_queries):
    waiting = MailKey(cause="events.signup:1", recipient="lena@example.org", kind="events.reminder", occurrence="3h")
    sent = MailKey(cause="events.signup:2", recipient="omar@example.org", kind="events.reminder", occurrence="3h")
    failed = MailKey(cause="events.signup:3", recipient="ida@example.org", kind="events.reminder", occurrence="3h")
    stored(waiting)
    stored(sent, MailStatus.SENT)
    stored(failed, MailStatus.FAILED)
    other_address = waiting._replace(recipient="lena@example.net")
    other_occurrence = waiting._replace(occurrence="48h")
    other_kind = waiting._replace(kind="events.changed")
    other_cause = waiting._replace(cause="events.signup:4")

    with django_assert_num_queries(1):
        queued = mail_queued_keys(
            keys=[waiting, sent, failed, other_address, other_occurrence, other_kind, other_cause]
        )

    assert queued == {waiting, sent, failed}


def test_mail_queued_keys_without_keys_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert mail_queued_keys(keys=[]) == set()


def test_mail_queued_keys_without_occurrence_finds_mail_queued_without_one():
    Mail.objects.create(
        cause="events.message:1", recipient="lena@example.org", kind="events.message", language="de", subject="S"
    )
    key = MailKey(cause="events.message:1", recipient="lena@example.org", kind="events.message")

    assert mail_queued_keys(keys=[key]) == {key}


def test_mail_queued_keys_are_exactly_those_mail_queue_refuses():
    event = EventFactory()
    context = {"event": event, "volunteer": VolunteerFactory()}
    first = MailKey(cause="events.signup:1", recipient="lena@example.org", kind="events.promoted", occurrence="1")
    second = first._replace(occurrence="2")
    mail_queue(**first._asdict(), language="de", template="events/mail/promoted", context=context)

    queued = mail_queued_keys(keys=[first, second])
    refused = {
        key
        for key in (first, second)
        if mail_queue(**key._asdict(), language="de", template="events/mail/promoted", context=context) is None
    }

    assert queued == {first}
    assert refused == {first}
