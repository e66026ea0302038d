"""Writes of accounts and profiles: the profile, language, calendar address, notifications, a break, the end."""

import secrets
from collections.abc import Iterable, Mapping
from datetime import date

from django.db import transaction
from django.utils import timezone

from volunteers.enums import LegalTextKind
from volunteers.models import (
    Onboarding,
    PoliceCertificate,
    Site,
    User,
    Volunteer,
    VolunteerLanguage,
    VolunteerTopic,
)
from volunteers.selectors import legal_text_current
from volunteers.services.legal import consent_record


@transaction.atomic
def volunteer_profile_save(
    *,
    user: User,
    first_name: str,
    last_name: str,
    phone: str,
    municipality: str,
    sites: Iterable[Site | int],
    languages: Mapping[str, str],
    topics: Iterable[str],
    availability: int,
    gender: str,
    capacity: int,
    about: str,
    language: str,
    consent_language: str,
) -> Volunteer:
    """Create or update a volunteer's profile; the caller has checked that consent was given.

    Consent is recorded with the version of the text and the language it was read in (``consent_record``), anew
    whenever the text has changed since the volunteer last agreed.
    """
    user.first_name = first_name
    user.last_name = last_name
    user.language = language
    user.save(update_fields=["first_name", "last_name", "language"])

    volunteer = Volunteer.objects.select_for_update().filter(user=user).first() or Volunteer(user=user)
    volunteer.phone = phone
    volunteer.municipality = municipality
    volunteer.availability = availability
    volunteer.gender = gender
    volunteer.capacity = capacity
    volunteer.about = about
    current = legal_text_current(kind=LegalTextKind.VOLUNTEER_CONSENT, language=consent_language)
    if current is None or volunteer.consent_version != current.version:
        consent_record(volunteer=volunteer, language=consent_language)
    volunteer.full_clean(exclude=["user"])
    volunteer.save()
    sites = list(sites)
    volunteer.sites.set(sites)
    if len(sites) == 1:  # a way in without a site yet goes to the one the volunteer chose
        Onboarding.objects.filter(user=user, site=None).update(site=sites[0])

    VolunteerLanguage.objects.filter(volunteer=volunteer).exclude(language__in=languages).delete()
    for language, level in languages.items():
        VolunteerLanguage.objects.update_or_create(volunteer=volunteer, language=language, defaults={"level": level})
    topics = set(topics)
    VolunteerTopic.objects.filter(volunteer=volunteer).exclude(topic__in=topics).delete()
    VolunteerTopic.objects.bulk_create(
        [VolunteerTopic(volunteer=volunteer, topic=topic) for topic in topics], ignore_conflicts=True
    )
    return volunteer


def user_language_update(*, user: User, language: str) -> None:
    """Remember the language a person reads the portal in; their e-mails use it too."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def volunteer_calendar_token_renew(*, volunteer: Volunteer) -> str:
    """A new secret address for the personal calendar feed; the old address stops working at once."""
    volunteer.calendar_token = secrets.token_urlsafe(32)
    volunteer.save(update_fields=["calendar_token", "updated_at"])
    return volunteer.calendar_token


def volunteer_notifications_update(*, volunteer: Volunteer, event_reminders: bool) -> None:
    """Which optional mails a volunteer gets; cancellations and changes of their events always go out."""
    volunteer.event_reminders = event_reminders
    volunteer.save(update_fields=["event_reminders", "updated_at"])


@transaction.atomic
def volunteer_pause(*, volunteer: Volunteer, until: date | None) -> None:
    """A break: no match proposals and no event reminders until ``until`` (inclusive), or until resumed."""
    volunteer.paused_at = timezone.now()
    volunteer.paused_until = until
    volunteer.save(update_fields=["paused_at", "paused_until", "updated_at"])


@transaction.atomic
def volunteer_resume(*, volunteer: Volunteer) -> None:
    volunteer.paused_at = None
    volunteer.paused_until = None
    volunteer.save(update_fields=["paused_at", "paused_until", "updated_at"])


@transaction.atomic
def volunteer_end(*, volunteer: Volunteer, reason: str, by: User) -> None:
    """Record the end of someone's volunteering, by themselves or a coordinator, and delete the inspection of
    their police certificate at once (§72a(5) SGB VIII). Their sign-ups and matches are ended by the apps that
    own them (``machmit.services.volunteering_end`` composes all three)."""
    volunteer.ended_at = timezone.now()
    volunteer.end_reason = reason
    volunteer.ended_by = by
    volunteer.paused_at = None
    volunteer.paused_until = None
    volunteer.save(update_fields=["ended_at", "end_reason", "ended_by", "paused_at", "paused_until", "updated_at"])
    PoliceCertificate.objects.filter(volunteer=volunteer).delete()
