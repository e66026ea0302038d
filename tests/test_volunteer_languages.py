"""The volunteer's pages speak all seven languages (issue 13): every page of the way in, from sign-up to the
answer to a match proposal and the hours (issue 14), with its `lang` and `dir`, and no source text (English) or
German left on it.

"Left" is found against the catalogues themselves: every string of ours (locale/) and of allauth's that is
prose (two words or more) must not stand in the page's visible text, in English unless the page is English,
in German unless it is German.
"""

import gettext
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.enums import EventKind
from events.models import TrainingType
from events.services import (
    invitations_queue,
    onboarding_nudge,
    signup_cancel,
    signup_create,
    signup_create_for_interest,
)
from events.services._mail import invitation_token
from matching.models import HelpRequest
from matching.services import match_propose
from outbox.models import Mail
from tests.factories import EventFactory, UserFactory, VolunteerFactory, site
from volunteers.enums import DocumentKind, HourKind, HourStatus, OnboardingStep
from volunteers.models import Certificate, HourEntry
from volunteers.services import certificate_issue, interest_create, onboarding_link_account, onboarding_reach

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "en", "ar", "fa", "uk", "ru", "tr"]
RIGHT_TO_LEFT = {"ar", "fa"}
CATALOGUES = [Path(settings.BASE_DIR) / "locale", Path(allauth.__file__).parent / "locale"]


class VisibleText(HTMLParser):
    """The text a reader sees: text nodes outside script, style and the language switcher (which names every
    language in itself, on purpose)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style") or (tag == "form" and ("class", "language-switcher") in attrs):
            self.skipping.append(tag)

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", unescape(" ".join(parser.parts)))


def prose(text: str) -> bool:
    """A sentence or phrase of two words or more, without placeholders: what a reader would notice."""
    return " " in text.strip() and not re.search(r"%[(a-z]|\{", text) and len(text) >= 8


def catalogue_texts(language: str) -> dict[str, str]:
    """Source string -> translation, from our catalogue and allauth's, ours first."""
    texts: dict[str, str] = {}
    for folder in CATALOGUES:
        mo = folder / language / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            with mo.open("rb") as file:
                for key, value in gettext.GNUTranslations(file)._catalog.items():
                    if isinstance(key, str) and key and key not in texts:
                        texts[key] = value
    return texts


@pytest.fixture(scope="module")
def leftovers():
    """Per page language: the texts that must not appear (English sources, German translations)."""
    german = catalogue_texts("de")
    english_sources = {source for source in german if prose(source)}
    # A German text that is its own source (a municipality's official name) is a name, not a leftover.
    german_texts = {text for source, text in german.items() if prose(text) and text != source}
    forbidden = {}
    for language in LANGUAGES:
        translated = catalogue_texts(language)
        forbidden[language] = (
            # An English source whose translation here is the same text (a name, say) may stay.
            {source for source in english_sources if translated.get(source, source) != source}
            if language != "en"
            else set()
        ) | (german_texts if language != "de" else set())
    return forbidden


def journey_data(language: str) -> tuple:
    """A volunteer who speaks ``language``, signed up for an event that needs interpreters and asked to help a
    newcomer; and a newly registered person of the same language without a profile."""
    site("stade")
    event = EventFactory(interpreter_languages=["ar"])
    volunteer = VolunteerFactory(user__language=language, languages={"de": "native", "ar": "good"})
    signup_create(event=event, volunteer=volunteer)
    now = timezone.now()
    request = HelpRequest.objects.create(
        reference=f"R-{language}",
        first_name="Amal",
        contact_method="phone",
        phone="+4915112345678",
        municipality="stade",
        languages=["ar"],
        language="ar",
        consent_version="1",
        consent_given_at=now,
        consent_language="ar",
    )
    match = match_propose(request=request, volunteer=volunteer, by=UserFactory(is_staff=True))
    # Hours of each state and kind, and a certificate: the hours page shows them all.
    today = timezone.localdate()
    for kind, status in ((HourKind.TRAINING, HourStatus.CONFIRMED), (HourKind.OTHER, HourStatus.LOGGED)):
        HourEntry.objects.create(
            volunteer=volunteer, kind=kind, date=today, hours=2, activity="Sprachcafé", status=status, decided_at=now
        )
    certificate_issue(
        volunteer=volunteer,
        kind=DocumentKind.ENGAGEMENT,
        period_start=today,
        period_end=today,
        language="de",
        site=site("stade"),
        issuer_name="Anna",
        by=volunteer.user,
    )
    return volunteer, UserFactory(language=language), event, match


# The way in: a visitor's pages, a new account's, then the volunteer's.
VISITOR_PAGES = [
    "interest:create",
    "interest:thanks",
    "account_signup",
    "account_login",
    "account_reset_password",
    "account_email_verification_sent",
]
NEW_ACCOUNT_PAGES = ["dashboard", "volunteers:profile_edit"]


def volunteer_pages(event, match) -> list[str]:
    return [
        reverse("dashboard"),
        reverse("volunteers:profile_edit"),
        reverse("volunteers:notifications"),
        reverse("volunteers:pause"),
        reverse("volunteering_end"),
        reverse("events:list"),
        reverse("events:detail", args=[event.pk]),
        reverse("matches:list"),
        reverse("matches:detail", args=[match.pk]),
        reverse("hours"),
        reverse("volunteers:certificate_request"),
    ]


def invitation_page(language: str) -> str:
    """The page of someone interested, without an account, who took a place at an information evening through
    the link in their invitation."""
    interest = interest_create(
        name="Rania",
        email=f"rania-{language}@example.org",
        phone="",
        languages=["ar"],
        ways=[],
        site=None,
        language=language,
    )
    signup_create_for_interest(event=EventFactory(kind=EventKind.INFO, title="Infoabend"), interest=interest)
    return reverse("info_evening:list", args=[invitation_token(interest.onboarding)])


def journey_pages(language: str) -> list[tuple[Client, str]]:
    volunteer, newcomer, event, match = journey_data(language)
    invitation = invitation_page(language)
    onboarding_link_account(user=newcomer, language=language)  # the new account's dashboard shows its way in
    visitor = Client(headers={"accept-language": language})
    new_account = Client(headers={"accept-language": language})
    new_account.force_login(newcomer)
    client = Client(headers={"accept-language": language})
    client.force_login(volunteer.user)
    return [
        *((visitor, reverse(name)) for name in VISITOR_PAGES),
        (visitor, invitation),
        (visitor, reverse("certificate:verify", args=[Certificate.objects.get(volunteer=volunteer).code])),
        *((new_account, reverse(name)) for name in NEW_ACCOUNT_PAGES),
        *((client, path) for path in volunteer_pages(event, match)),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_volunteer_journey_pages_speak_the_language_with_nothing_left_untranslated(language, leftovers):
    for client, path in journey_pages(language):
        response = client.get(path)
        assert response.status_code == 200, path

        assert f'<html lang="{language}" dir="{"rtl" if language in RIGHT_TO_LEFT else "ltr"}">' in response.text
        text = visible_text(response.text)
        assert sorted(phrase for phrase in leftovers[language] if phrase in text) == [], path


@pytest.mark.parametrize("language", LANGUAGES)
def test_mail_to_volunteer_in_their_preferred_language(
    language, leftovers, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1, title="Sprachcafé")
    first = signup_create(event=event, volunteer=VolunteerFactory(user__language="de"))
    waiting = VolunteerFactory(user__language=language)
    signup_create(event=event, volunteer=waiting)

    signup_cancel(signup=first)

    mail = Mail.objects.get(recipient=waiting.user.email, kind="events.promoted")
    subject = catalogue_texts(language).get("A place is free for you: %(title)s", "A place is free for you: %(title)s")
    assert mail.subject == subject % {"title": "Sprachcafé"}
    body = visible_text(mail.body_html) + " " + mail.body_text
    assert sorted(phrase for phrase in leftovers[language] if phrase in body) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_mails_along_the_way_in_in_the_persons_language(language, leftovers):
    EventFactory(kind=EventKind.INFO, title="Infoabend")
    basic = TrainingType.objects.create(name="Basisschulung", is_basic_training=True)
    EventFactory(kind=EventKind.TRAINING, training_type=basic, title="Basisschulung")
    entry = interest_create(
        name="Rania",
        email="rania@example.org",
        phone="",
        languages=["ar"],
        ways=["accompany"],
        site=None,
        language=language,
    )
    onboarding = entry.onboarding
    invitations_queue()
    # A nudge before each step someone can take themselves, then the welcome after the first assignment.
    for step in (OnboardingStep.INFO_EVENING, OnboardingStep.TRAINING, OnboardingStep.CERTIFICATE):
        onboarding.refresh_from_db()
        onboarding_nudge(onboarding=onboarding, occurrence=step)
        onboarding_reach(onboarding=onboarding, step=step)
    onboarding.refresh_from_db()
    onboarding_nudge(onboarding=onboarding, occurrence="first")
    onboarding_link_account(user=UserFactory(email="rania@example.org", language=language), language=language)
    onboarding_reach(onboarding=onboarding, step=OnboardingStep.FIRST_ASSIGNMENT)

    mails = Mail.objects.filter(recipient="rania@example.org")
    assert sorted(mails.values_list("kind", flat=True)) == [
        "events.invitation",
        *["events.onboarding_nudge"] * 4,
        "volunteers.welcome",
    ]
    for mail in mails:
        assert mail.language == language
        body = f"{mail.subject} {visible_text(mail.body_html)} {mail.body_text}"
        assert sorted(phrase for phrase in leftovers[language] if phrase in body) == [], mail.kind
