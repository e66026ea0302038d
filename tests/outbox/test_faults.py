"""Faults the outbox must survive: a broker that is down, a worker killed in the middle of a batch."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection
from django.utils import timezone

from events.services import reminders_queue_due, signup_cancel, signup_create
from machmit.celery import app
from outbox.enums import MailStatus
from outbox.models import Mail
from outbox.services import outbox_sweep
from outbox.tasks import sweep_outbox
from tests.factories import EventFactory, VolunteerFactory
from tests.test_celery import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def use_broker(url: str) -> None:
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    working = app.conf.broker_url
    use_broker("redis://127.0.0.1:9/0")  # nothing listens on the discard port
    yield lambda: use_broker(working)
    use_broker(working)


def test_broker_down_at_commit_signup_succeeds_and_mail_follows_when_back(broker_down, smtp_sink):
    event = EventFactory(capacity=1)
    first = signup_create(event=event, volunteer=VolunteerFactory())
    waiting = signup_create(event=event, volunteer=VolunteerFactory())

    started = time.monotonic()
    signup_cancel(signup=first)  # promotes the waiting volunteer and queues their mail; dispatch fails
    assert time.monotonic() - started < 10
    mail = Mail.objects.get(kind="events.promoted")
    assert mail.status == MailStatus.QUEUED

    broker_down()  # the broker is back; beat's next sweep finds the mail
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        sweep_outbox.delay()
        wait_until(lambda: len(smtp_sink.handler.messages()) == 1)

    assert smtp_sink.handler.messages()[0]["To"] == waiting.volunteer.user.email
    assert Mail.objects.get(pk=mail.pk).status == MailStatus.SENT


def start_worker_process(sink_url: str) -> subprocess.Popen:
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "MAIL_URL": sink_url,
        "OUTBOX_BATCH_SIZE": "25",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "machmit", "worker", "--pool=solo", "--loglevel=WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
    os.killpg(worker.pid, sig)
    worker.wait(timeout=30)


def test_worker_killed_mid_batch_every_reminder_arrives_after_restart(smtp_sink, settings):
    total = 150
    smtp_sink.handler.delay = 0.02  # a slow server, so that the kill lands in the middle of the work
    start = timezone.now() + timedelta(hours=2)
    for _ in range(total // 3):
        event = EventFactory(starts_at=start, capacity=None)
        for _ in range(3):
            signup_create(event=event, volunteer=VolunteerFactory())
    settings.EVENT_REMINDER_LEAD_HOURS = [3]

    worker = start_worker_process(smtp_sink.url)
    try:
        assert reminders_queue_due() == total
        wait_until(lambda: len(smtp_sink.handler.messages()) >= 30, timeout=60)
        stop(worker, signal.SIGKILL)
        arrived_before_kill = len(smtp_sink.handler.messages())
        assert arrived_before_kill < total
        assert Mail.objects.filter(status=MailStatus.SENDING).exists()

        # Beat's sweeper finds the mails the dead worker had claimed once they count as stuck.
        settings.OUTBOX_STUCK_AFTER_SECONDS = 0
        worker = start_worker_process(smtp_sink.url)
        outbox_sweep()
        wait_until(lambda: not Mail.objects.exclude(status=MailStatus.SENT).exists(), timeout=90)
    finally:
        stop(worker)

    ids = smtp_sink.handler.message_ids()
    expected = {f"<outbox-{mail.pk}-{mail.created_at:%Y%m%d%H%M%S}@" for mail in Mail.objects.all()}
    arrived = {message_id.split("@")[0] + "@" for message_id in ids}
    copies = len(ids) - len(set(ids))
    print(
        f"\nkill test: {total} reminders, {arrived_before_kill} arrived before SIGKILL, "
        f"{len(expected - arrived)} missing, {copies} copies (same Message-ID, from the kill's moment)"
    )
    assert expected - arrived == set()
    assert copies <= 1
