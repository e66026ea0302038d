"""Erasing personal data: a person's account (on their request, or ``VOLUNTEER_ERASE_AFTER_ENDED_DAYS`` after
their volunteering ended) and the records of access and failed logins after ``AUDIT_LOG_KEEP_DAYS``.

DECISIONS.md: deleting personal data never deletes a sign-up, hour or match row, it blanks the person on it. The
foreign keys do that (``on_delete=SET_NULL``); this module removes what names the person elsewhere.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from volunteers.models import Interest, LoginFailure, ProfileView, User, Volunteer


@transaction.atomic
def account_erase(*, user: User) -> None:
    """Delete an account with its profile, languages, topics, police-certificate inspection, consents and the
    record of who opened the profile. The way in stays without a person; its interest entry goes, and so do
    failed logins with the address and the admin's history entries that name the person. The caller has ended
    the volunteering first (``machmit.services.account_delete``), so nothing open is left behind."""
    email = user.email
    names = [mention for mention in (user.get_full_name(), email) if mention]
    Interest.objects.filter(Q(onboarding__user=user) | Q(email__iexact=email)).delete()
    LoginFailure.objects.filter(email__iexact=email).delete()
    naming = Q()
    for mention in names:
        naming |= Q(object_repr__icontains=mention)
    LogEntry.objects.filter(naming).update(object_repr="—")
    user.delete()


def audit_logs_delete_old(*, now: datetime | None = None) -> int:
    """Delete the records of who opened a profile, of failed logins and the admin's history older than
    ``AUDIT_LOG_KEEP_DAYS``. Returns how many rows."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_LOG_KEEP_DAYS)
    deleted = ProfileView.objects.filter(viewed_at__lt=cutoff).delete()[0]
    deleted += LoginFailure.objects.filter(failed_at__lt=cutoff).delete()[0]
    deleted += LogEntry.objects.filter(action_time__lt=cutoff).delete()[0]
    return deleted


def profile_view_record(*, volunteer: Volunteer, viewer: User) -> None:
    """A member of staff opened a volunteer's profile: the volunteer sees it on their data page."""
    ProfileView.objects.create(volunteer=volunteer, viewer=viewer)
