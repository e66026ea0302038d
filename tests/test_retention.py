"""Every retention period (docs/privacy.md) at its edge: what is a minute younger than the period stays, what is a
minute older goes, when the beat task's service runs."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from machmit.services import accounts_erase_ended
from matching.enums import RequestStatus
from matching.models import HelpRequest
from matching.services import requests_anonymise_due
from outbox.enums import MailStatus
from outbox.models import Mail
from outbox.services import mails_delete_old
from tests.factories import CoordinatorFactory, VolunteerFactory
from tests.matching.test_ranking_db import request_for
from volunteers.models import Interest, LoginFailure, ProfileView, User, Volunteer
from volunteers.services import audit_logs_delete_old, interests_delete_stale

pytestmark = pytest.mark.django_db

NOW = timezone.now()
MINUTE = timedelta(minutes=1)


def around(days: int) -> tuple:
    """The moments a minute inside and a minute outside a period of ``days`` that ends now."""
    edge = NOW - timedelta(days=days)
    return edge + MINUTE, edge - MINUTE


def test_ended_volunteers_are_erased_after_their_period_staff_never(settings):
    settings.VOLUNTEER_ERASE_AFTER_ENDED_DAYS = 365
    inside, outside = around(365)
    kept, erased = VolunteerFactory(ended_at=inside), VolunteerFactory(ended_at=outside)
    staff = VolunteerFactory(ended_at=outside, user=CoordinatorFactory())
    active = VolunteerFactory()

    assert accounts_erase_ended(now=NOW) == 1

    assert set(Volunteer.objects.all()) == {kept, staff, active}
    assert not User.objects.filter(pk=erased.user_id).exists()


def test_interest_entries_go_after_their_period(settings):
    settings.VOLUNTEER_INTEREST_DELETE_AFTER_DAYS = 183
    inside, outside = around(183)
    entries = []
    for created_at in (inside, outside):
        entry = Interest.objects.create(
            name="Name",
            email="name@example.org",
            language="de",
            consent_version="1",
            consent_given_at=created_at,
            consent_language="de",
        )
        Interest.objects.filter(pk=entry.pk).update(created_at=created_at)
        entries.append(entry)

    assert interests_delete_stale(now=NOW) == 1

    assert list(Interest.objects.all()) == [entries[0]]


def test_ended_requests_are_anonymised_after_their_period(settings):
    settings.MATCHING_ANONYMISE_AFTER_DAYS = 183
    inside, outside = around(183)
    kept = request_for(status=RequestStatus.CLOSED, ended_at=inside)
    blanked = request_for(status=RequestStatus.CLOSED, ended_at=outside)
    still_open = request_for(status=RequestStatus.NEW)
    HelpRequest.objects.filter(pk=still_open.pk).update(created_at=outside)

    assert requests_anonymise_due(now=NOW) == 1

    assert HelpRequest.objects.get(pk=kept.pk).first_name == "Amal"
    assert HelpRequest.objects.get(pk=blanked.pk).first_name == ""
    assert HelpRequest.objects.get(pk=still_open.pk).first_name == "Amal"


def test_access_records_failed_logins_and_admin_history_go_after_their_period(settings):
    settings.AUDIT_LOG_KEEP_DAYS = 365
    inside, outside = around(365)
    coordinator = CoordinatorFactory()
    volunteer = VolunteerFactory()
    for at in (inside, outside):
        ProfileView.objects.create(volunteer=volunteer, viewer=coordinator, viewed_at=at)
        LoginFailure.objects.create(email="someone@example.org", failed_at=at)
        entry = LogEntry.objects.create(
            user=coordinator,
            content_type=ContentType.objects.get_for_model(Volunteer),
            object_id=str(volunteer.pk),
            object_repr=str(volunteer),
            action_flag=CHANGE,
        )
        LogEntry.objects.filter(pk=entry.pk).update(action_time=at)

    assert audit_logs_delete_old(now=NOW) == 3

    assert list(ProfileView.objects.values_list("viewed_at", flat=True)) == [inside]
    assert list(LoginFailure.objects.values_list("failed_at", flat=True)) == [inside]
    assert list(LogEntry.objects.values_list("action_time", flat=True)) == [inside]


def test_sent_and_failed_mails_go_after_their_period_waiting_ones_stay(settings):
    settings.OUTBOX_KEEP_DAYS = 90
    inside, outside = around(90)
    mails = {}
    for name, status, created_at in [
        ("sent_inside", MailStatus.SENT, inside),
        ("sent_outside", MailStatus.SENT, outside),
        ("failed_outside", MailStatus.FAILED, outside),
        ("queued_outside", MailStatus.QUEUED, outside),
    ]:
        mail = Mail.objects.create(
            cause=name,
            recipient="someone@example.org",
            kind="test",
            language="de",
            subject="s",
            body_text="t",
            status=status,
        )
        Mail.objects.filter(pk=mail.pk).update(created_at=created_at)
        mails[name] = mail

    assert mails_delete_old(now=NOW) == 2

    assert set(Mail.objects.values_list("cause", flat=True)) == {"sent_inside", "queued_outside"}
