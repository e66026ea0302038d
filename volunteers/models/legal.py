"""The texts people agree to (the consent on each form) and the privacy page, per version and language, and the
consents volunteers gave.

A version is edited while it is a draft and frozen once published. A consent names the version it was given to
(``Consent.text``; ``Interest`` and ``matching.HelpRequest`` keep the version's name), so the words it refers to
must never change underneath it: a change of wording is a new draft, copied from the current version
(``services.legal_text_draft``), which the centre's lead edits and publishes (``services.legal_text_publish``).
The admin shows published versions read-only and deletes only drafts; a version someone agreed to cannot be
deleted at all (``PROTECT``). The newest published version of a kind is the current one.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volunteers.enums import InterfaceLanguage, LegalTextKind
from volunteers.models.people import User


class LegalText(models.Model):
    """One version of a text of one kind; its words per language are ``LegalTextTranslation`` rows."""

    kind = models.CharField(_("text"), max_length=20, choices=LegalTextKind)
    version = models.CharField(
        _("version"),
        max_length=20,  # as the consent_version fields that name it
        help_text=_("Its name in every consent given to it, usually the day it takes effect (2027-01-15)."),
    )
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("published by")
    )

    class Meta:
        verbose_name = _("legal text")
        verbose_name_plural = _("legal texts")
        ordering = ["kind", models.F("published_at").desc(nulls_first=True)]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="legal_text_version_unique"),
            # One draft per kind: the lead finds the next version where they left it.
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(published_at=None), name="legal_text_one_draft"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.version}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class LegalTextTranslation(models.Model):
    text = models.ForeignKey(LegalText, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=InterfaceLanguage)
    body = models.TextField(
        _("text"),
        help_text=_("Paragraphs are separated by an empty line; lines that begin with “- ” become a list."),
    )

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["text", "language"]
        constraints = [
            models.UniqueConstraint(fields=["text", "language"], name="legal_text_translation_unique"),
        ]

    def __str__(self):
        return self.get_language_display()


class Consent(models.Model):
    """A consent a volunteer gave to a version of the profile's consent text, when, and in which language they
    read it. ``Volunteer.consent_*`` repeats the latest, which the login and the admin read with the profile; this
    is the history the volunteer's data page lists (``selectors.consents_for``)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person"))
    text = models.ForeignKey(LegalText, on_delete=models.PROTECT, related_name="+", verbose_name=_("text"))
    language = models.CharField(_("language"), max_length=8, choices=InterfaceLanguage)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]

    def __str__(self):
        return f"{self.user} – {self.text} ({self.given_at:%Y-%m-%d %H:%M})"
