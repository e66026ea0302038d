"""Reminder throughput (issue 4): 10,000 due reminders, queued by the beat task and sent by one real Celery
worker to a local SMTP server (aiosmtpd), against the seeded PostgreSQL and Redis of scripts/bench.sh.

Counts what arrived by Message-ID: duplicates and missing mails must both be 0. Run after bench.run seeded
the database: ``python -m bench.reminders``. Prints its lines and appends them to artifacts/bench.txt.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ["EVENT_REMINDER_LEAD_HOURS"] = "3"
django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import F  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.report import report_append  # noqa: E402
from events.enums import EventKind, EventStatus, SignupStatus  # noqa: E402
from events.models import Event, Signup  # noqa: E402
from events.tasks import queue_reminders  # noqa: E402
from outbox.enums import MailStatus  # noqa: E402
from outbox.models import Mail  # noqa: E402
from outbox.services import message_id  # noqa: E402
from tests.smtp_sink import SmtpSink  # noqa: E402
from volunteers.models import Site, Volunteer  # noqa: E402

REMINDERS = 10_000
PER_EVENT = 50
GOAL_SECONDS = 60


def seed_due_reminders() -> None:
    """200 events in 2.5 hours with 50 confirmed volunteers each: 10,000 reminders due at the 3-hour lead."""
    volunteer_ids = list(Volunteer.objects.order_by("id").values_list("id", flat=True)[:REMINDERS])
    if len(volunteer_ids) < REMINDERS:
        raise SystemExit(f"bench.reminders needs {REMINDERS} seeded volunteers, found {len(volunteer_ids)}")
    start = timezone.now() + timedelta(hours=2, minutes=30)
    site = Site.objects.get(slug="stade")
    events = Event.objects.bulk_create(
        Event(
            site=site,
            kind=EventKind.FORUM,
            title=f"Erinnerungstest {n}",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            capacity=None,
            status=EventStatus.PUBLISHED,
        )
        for n in range(REMINDERS // PER_EVENT)
    )
    Signup.objects.bulk_create(
        Signup(event=event, volunteer_id=volunteer_id, status=SignupStatus.CONFIRMED)
        for index, event in enumerate(events)
        for volunteer_id in volunteer_ids[index * PER_EVENT : (index + 1) * PER_EVENT]
    )
    Event.objects.filter(pk__in=[event.pk for event in events]).update(confirmed_count=F("confirmed_count") + PER_EVENT)
    Volunteer.objects.filter(pk__in=volunteer_ids).update(event_reminders=True)


def main() -> None:
    Mail.objects.all().delete()
    seed_due_reminders()
    with SmtpSink() as sink:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "machmit", "worker", "--pool=solo", "--loglevel=WARNING"],
            cwd=settings.BASE_DIR,
            env={**os.environ, "MAIL_URL": sink.url},
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            time.sleep(3)  # the worker is ready in about 2 s
            started = time.monotonic()
            queue_reminders.delay()
            queued_at = None
            deadline = started + 300
            while time.monotonic() < deadline:
                queued = Mail.objects.count()
                if queued_at is None and queued >= REMINDERS:
                    queued_at = time.monotonic()
                if queued >= REMINDERS and not Mail.objects.exclude(status=MailStatus.SENT).exists():
                    break
                time.sleep(0.5)
            finished = time.monotonic()
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
        arrived = sink.handler.message_ids()
        connections = sink.handler.connections

    expected = {message_id(mail) for mail in Mail.objects.all()}
    total = finished - started
    lines = [
        "",
        "Reminders (issue 4): beat task queue_reminders + outbox drain, one worker (--pool=solo), aiosmtpd sink",
        f"  due reminders queued: {len(expected)} (goal {REMINDERS})",
        f"  queued after: {queued_at - started if queued_at else float('nan'):.1f} s",
        f"  all sent after: {total:.1f} s   goal < {GOAL_SECONDS} s   {'PASS' if total < GOAL_SECONDS else 'FAIL'}",
        f"  SMTP connections: {connections}",
        f"  duplicates: {len(arrived) - len(set(arrived))} (goal 0)   missing: {len(expected - set(arrived))} (goal 0)",
    ]
    report_append(lines)


if __name__ == "__main__":
    main()
