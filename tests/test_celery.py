"""The Celery path for real: a worker in this process, on the Redis broker that `make test` started."""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from machmit.celery import app, clear_expired_sessions, erase_ended_volunteers
from tests.factories import VolunteerFactory
from volunteers.models import User


def wait_until(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the worker did not finish the task in time")
        time.sleep(0.1)


def new_session() -> str:
    session = SessionStore()
    session["seen"] = True
    session.create()
    return session.session_key


@pytest.mark.django_db(transaction=True)
def test_clear_expired_sessions_on_real_worker_deletes_only_expired():
    current, expired = new_session(), new_session()
    Session.objects.filter(session_key=expired).update(expire_date=timezone.now() - timedelta(days=1))

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        clear_expired_sessions.delay()
        wait_until(lambda: not Session.objects.filter(session_key=expired).exists())

    assert list(Session.objects.values_list("session_key", flat=True)) == [current]


def test_beat_schedule_names_registered_tasks():
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}

    assert scheduled == {
        "machmit.clear_expired_sessions",
        "events.queue_reminders",
        "outbox.sweep",
        "matching.anonymise_requests",
        "matching.queue_checkins",
        "volunteers.delete_stale_interests",
        "volunteers.queue_follow_up_reminders",
        "events.invite_interested",
        "events.queue_onboarding_nudges",
        "machmit.erase_ended_volunteers",
        "volunteers.delete_old_audit_logs",
        "outbox.delete_old",
    }
    assert scheduled <= set(app.tasks)


@pytest.mark.django_db(transaction=True)
def test_erase_ended_volunteers_on_real_worker(settings):
    settings.VOLUNTEER_ERASE_AFTER_ENDED_DAYS = 365
    ended = VolunteerFactory(ended_at=timezone.now() - timedelta(days=366))
    recent = VolunteerFactory(ended_at=timezone.now() - timedelta(days=300))

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        erase_ended_volunteers.delay()
        wait_until(lambda: not User.objects.filter(pk=ended.user_id).exists())

    assert User.objects.filter(pk=recent.user_id).exists()
