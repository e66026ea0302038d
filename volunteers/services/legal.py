"""Writes of the texts people agree to and the privacy page (``models/legal.py``), and of volunteers' consents."""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from volunteers.enums import LEGAL_TEXT_FALLBACK, LegalTextKind
from volunteers.models import Consent, LegalText, LegalTextTranslation, User, Volunteer
from volunteers.selectors import legal_text_cache_key, legal_text_current


class LegalTextError(Exception):
    """A change the rules of legal texts do not allow; the message says why, in the admin's language."""


@transaction.atomic
def legal_text_draft(*, kind: str, by: User) -> LegalText:
    """The next version of a kind to edit: the draft begun earlier, or a new one copied from the current version
    (named after today, "2027-01-15", or "2027-01-15-2" when a version of that name exists)."""
    draft = LegalText.objects.select_for_update().filter(kind=kind, published_at=None).first()
    if draft is not None:
        return draft
    current = LegalText.objects.filter(kind=kind).exclude(published_at=None).order_by("-published_at").first()
    today = timezone.localdate().isoformat()
    taken = set(LegalText.objects.filter(kind=kind, version__startswith=today).values_list("version", flat=True))
    version, number = today, 1
    while version in taken:
        number += 1
        version = f"{today}-{number}"
    draft = LegalText.objects.create(kind=kind, version=version, created_by=by)
    if current is not None:
        LegalTextTranslation.objects.bulk_create(
            LegalTextTranslation(text=draft, language=row.language, body=row.body) for row in current.translations.all()
        )
    return draft


@transaction.atomic
def legal_text_publish(*, text: LegalText, by: User) -> None:
    """Publish a draft: from now on it is the current text of its kind, frozen. Forms record its version; a new
    volunteer consent text asks each volunteer to agree again at their next login. Needs German or English, which
    the other languages fall back to."""
    text = LegalText.objects.select_for_update().get(pk=text.pk)
    if text.is_published:
        raise LegalTextError(_("This version has been published already."))
    if not text.translations.filter(language__in=LEGAL_TEXT_FALLBACK).exclude(body="").exists():
        raise LegalTextError(_("A version needs a German or an English text before it can be published."))
    text.published_at = timezone.now()
    text.published_by = by
    text.save(update_fields=["published_at", "published_by"])
    # The pages read the current text from the shared cache; once this is committed, they read it anew.
    transaction.on_commit(lambda: cache.delete(legal_text_cache_key(text.kind)))


def consent_record(*, volunteer: Volunteer, language: str) -> Consent:
    """The volunteer agrees to the current consent text, read in ``language``: kept in the history and, as the
    consent in force, on the profile, which the caller saves (``volunteer_profile_save`` creates it with it)."""
    current = legal_text_current(kind=LegalTextKind.VOLUNTEER_CONSENT, language=language)
    if current is None:
        raise LegalTextError("No consent text for volunteers has been published.")
    text = LegalText.objects.get(kind=LegalTextKind.VOLUNTEER_CONSENT, version=current.version)
    volunteer.consent_version = text.version
    volunteer.consent_given_at = timezone.now()
    volunteer.consent_language = language
    return Consent.objects.create(
        user=volunteer.user, text=text, language=language, given_at=volunteer.consent_given_at
    )


@transaction.atomic
def volunteer_consent_give(*, volunteer: Volunteer, language: str) -> Consent | None:
    """A volunteer agrees again, to a consent text published since they last agreed (``/mein-bereich/einwilligung/``).
    None when they had agreed to the current text already (the form sent twice)."""
    current = legal_text_current(kind=LegalTextKind.VOLUNTEER_CONSENT, language=language)
    if current is not None and volunteer.consent_version == current.version:
        return None
    consent = consent_record(volunteer=volunteer, language=language)
    volunteer.save(update_fields=["consent_version", "consent_given_at", "consent_language", "updated_at"])
    return consent
