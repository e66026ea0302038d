"""The texts people agree to and the privacy page, kept per version and language: publishing, the fallback
language, the consents' history, the forms that record the current version, agreeing again at the next login,
the privacy page in every language, and the lead's admin."""

import pytest
from django.core.cache import cache, caches
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matching.models import HelpRequest
from tests.factories import (
    FIRST_LEGAL_TEXTS,
    PASSWORD,
    CoordinatorFactory,
    UserFactory,
    VolunteerFactory,
    legal_text_new_version,
    site,
)
from volunteers.enums import LegalTextKind
from volunteers.models import Consent, Interest, LegalText, LegalTextTranslation, Site
from volunteers.selectors import consent_renewal_needed, consents_for, legal_text_current
from volunteers.services import (
    LegalTextError,
    legal_text_draft,
    legal_text_publish,
    volunteer_consent_give,
    volunteer_end,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "en", "ar", "fa", "uk", "ru", "tr"]
CONSENT_URL = reverse("volunteers:consent")
DASHBOARD_URL = reverse("dashboard")
PRIVACY_URL = reverse("privacy")
LOGIN_URL = reverse("account_login")


@pytest.fixture(autouse=True)
def fresh_caches():
    """Rate limits and the current texts (shared cache), the /hilfe/ form (each process's fragments)."""
    cache.clear()
    caches["fragments"].clear()
    yield
    cache.clear()


@pytest.fixture
def lead():
    return UserFactory(is_staff=True, is_superuser=True)


def first_text(kind: str, language: str) -> str:
    """The first paragraph of the data migration's text, as a page shows it."""
    return FIRST_LEGAL_TEXTS.TEXTS[kind]["bodies"][language].split("\n")[0]


# The texts and their versions


def test_first_versions_keep_the_names_stored_consents_carry_in_seven_languages():
    versions = {kind: legal_text_current(kind=kind, language="de").version for kind in LegalTextKind}

    assert versions == {
        LegalTextKind.VOLUNTEER_CONSENT: "2026-11-25",
        LegalTextKind.INTEREST_CONSENT: "2026-12-01",
        LegalTextKind.REQUEST_CONSENT: "2026-11-25",
        LegalTextKind.PRIVACY: "2026-12-01",
    }
    for text in LegalText.objects.all():
        assert sorted(text.translations.values_list("language", flat=True)) == sorted(LANGUAGES)
    request_consent = legal_text_current(kind=LegalTextKind.REQUEST_CONSENT, language="ar")
    assert request_consent.language == "ar"
    assert request_consent.blocks[0] == ("p", [first_text(LegalTextKind.REQUEST_CONSENT, "ar")])


def test_legal_text_blocks_are_paragraphs_and_lists():
    privacy = legal_text_current(kind=LegalTextKind.PRIVACY, language="en")

    assert [kind for kind, _lines in privacy.blocks] == ["p", "p", "ul", "p"]
    assert privacy.blocks[1] == ("p", ["What this portal stores"])
    assert privacy.blocks[2][1][0] == "Your account: e-mail address and password (stored only as a hash)."


def test_legal_text_draft_copies_the_current_version_and_is_kept_until_published(lead):
    current = LegalText.objects.get(kind=LegalTextKind.VOLUNTEER_CONSENT)

    draft = legal_text_draft(kind=LegalTextKind.VOLUNTEER_CONSENT, by=lead)

    assert (draft.version, draft.published_at, draft.created_by) == (timezone.localdate().isoformat(), None, lead)
    assert dict(draft.translations.values_list("language", "body")) == dict(
        current.translations.values_list("language", "body")
    )
    assert legal_text_draft(kind=LegalTextKind.VOLUNTEER_CONSENT, by=lead) == draft
    assert legal_text_current(kind=LegalTextKind.VOLUNTEER_CONSENT).version == "2026-11-25"


def test_legal_text_draft_named_today_gets_a_number_when_a_version_has_that_name(lead):
    LegalText.objects.filter(kind=LegalTextKind.PRIVACY).update(version=timezone.localdate().isoformat())

    draft = legal_text_draft(kind=LegalTextKind.PRIVACY, by=lead)

    assert draft.version == f"{timezone.localdate().isoformat()}-2"


def test_one_draft_per_kind_enforced_by_the_database(lead):
    legal_text_draft(kind=LegalTextKind.PRIVACY, by=lead)

    with pytest.raises(IntegrityError):
        LegalText.objects.create(kind=LegalTextKind.PRIVACY, version="2099-01-01")


def test_legal_text_publish_makes_the_draft_current_and_the_pages_read_it(lead, django_capture_on_commit_callbacks):
    assert legal_text_current(kind=LegalTextKind.REQUEST_CONSENT, language="uk").version == "2026-11-25"  # cached
    draft = legal_text_draft(kind=LegalTextKind.REQUEST_CONSENT, by=lead)
    draft.translations.filter(language="uk").update(body="Новий текст.\n\nДругий абзац.")

    with django_capture_on_commit_callbacks(execute=True):
        legal_text_publish(text=draft, by=lead)

    draft.refresh_from_db()
    assert (draft.published_by, draft.is_published) == (lead, True)
    current = legal_text_current(kind=LegalTextKind.REQUEST_CONSENT, language="uk")
    assert (current.version, current.language) == (draft.version, "uk")
    assert current.blocks == [("p", ["Новий текст."]), ("p", ["Другий абзац."])]
    with pytest.raises(LegalTextError):
        legal_text_publish(text=draft, by=lead)


def test_legal_text_publish_needs_german_or_english(lead):
    draft = legal_text_draft(kind=LegalTextKind.PRIVACY, by=lead)
    draft.translations.filter(language__in=["de", "en"]).delete()

    with pytest.raises(LegalTextError):
        legal_text_publish(text=draft, by=lead)

    draft.refresh_from_db()
    assert draft.published_at is None


def test_legal_text_current_falls_back_to_german_then_english(lead, django_capture_on_commit_callbacks):
    draft = legal_text_draft(kind=LegalTextKind.INTEREST_CONSENT, by=lead)
    draft.translations.filter(language__in=["tr", "fa"]).delete()
    with django_capture_on_commit_callbacks(execute=True):
        legal_text_publish(text=draft, by=lead)
    german = legal_text_current(kind=LegalTextKind.INTEREST_CONSENT, language="tr")
    assert (german.language, german.body) == ("de", draft.translations.get(language="de").body)

    english_only = legal_text_draft(kind=LegalTextKind.INTEREST_CONSENT, by=lead)
    english_only.translations.exclude(language__in=["en", "ar"]).delete()
    with django_capture_on_commit_callbacks(execute=True):
        legal_text_publish(text=english_only, by=lead)

    assert legal_text_current(kind=LegalTextKind.INTEREST_CONSENT, language="fa").language == "en"
    arabic = legal_text_current(kind=LegalTextKind.INTEREST_CONSENT, language="ar")
    assert (arabic.language, arabic.bidi) == ("ar", True)


def test_legal_text_current_comes_from_the_shared_cache(django_assert_num_queries):
    with django_assert_num_queries(2):  # the current version, its translations
        legal_text_current(kind=LegalTextKind.PRIVACY, language="ru")

    with django_assert_num_queries(0):
        shown = legal_text_current(kind=LegalTextKind.PRIVACY, language="tr")

    assert shown.blocks[0] == ("p", [first_text(LegalTextKind.PRIVACY, "tr")])


# Consents


def test_volunteer_consent_give_keeps_version_time_and_language_in_history_and_profile(lead):
    volunteer = VolunteerFactory()
    text = legal_text_new_version(LegalTextKind.VOLUNTEER_CONSENT, by=lead)
    assert consent_renewal_needed(user=volunteer.user)

    consent = volunteer_consent_give(volunteer=volunteer, language="fa")

    volunteer.refresh_from_db()
    assert (consent.text, consent.language, consent.user) == (text, "fa", volunteer.user)
    assert (volunteer.consent_version, volunteer.consent_language, volunteer.consent_given_at) == (
        text.version,
        "fa",
        consent.given_at,
    )
    assert list(consents_for(user=volunteer.user)) == [consent]
    assert not consent_renewal_needed(user=volunteer.user)
    assert volunteer_consent_give(volunteer=volunteer, language="fa") is None  # the form sent twice
    assert Consent.objects.count() == 1


def test_consent_renewal_not_asked_without_profile_nor_after_the_end(lead):
    without_profile = UserFactory()
    ended = VolunteerFactory()
    volunteer_end(volunteer=ended, reason="moving", by=ended.user)
    legal_text_new_version(LegalTextKind.VOLUNTEER_CONSENT, by=lead)

    assert not consent_renewal_needed(user=without_profile)
    assert not consent_renewal_needed(user=ended.user)


def test_a_version_someone_agreed_to_cannot_be_deleted():
    volunteer = VolunteerFactory()
    text = LegalText.objects.get(kind=LegalTextKind.VOLUNTEER_CONSENT)
    Consent.objects.create(user=volunteer.user, text=text, language="de")

    with pytest.raises(ProtectedError):
        text.delete()


# The forms record the current version


def test_profile_form_shows_the_current_text_and_records_it(lead):
    text = legal_text_new_version(
        LegalTextKind.VOLUNTEER_CONSENT, by=lead, bodies={"en": "We keep your profile.\n- to invite you"}
    )
    user = UserFactory()
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)

    page = client.get(reverse("volunteers:profile_edit"))
    client.post(
        reverse("volunteers:profile_edit"),
        {
            "first_name": "Lena",
            "last_name": "Krüger",
            "municipality": "stade",
            "languages_de": "native",
            "capacity": "1",
            "language": "en",
            "consent": "on",
        },
    )

    assert "We keep your profile." in page.text
    assert "<li>to invite you</li>" in page.text
    assert f"Consent text version {text.version}." in page.text
    assert [(c.text, c.language) for c in consents_for(user=user)] == [(text, "en")]


def test_help_request_form_shows_and_records_the_current_version(lead):
    client = Client(headers={"accept-language": "ar"})
    client.get(reverse("matching:create"))  # the empty form is cached with the first version
    text = legal_text_new_version(LegalTextKind.REQUEST_CONSENT, by=lead, bodies={"ar": "نص جديد للموافقة."})

    page = client.get(reverse("matching:create"))
    client.post(
        reverse("matching:create"),
        {
            "first_name": "Amal",
            "contact_method": "email",
            "email": "amal@example.org",
            "municipality": "buxtehude",
            "languages": ["ar"],
            "topics": ["authorities"],
            "consent": "on",
            "website": "",
        },
    )

    assert "نص جديد للموافقة." in page.text
    request = HelpRequest.objects.get()
    assert (request.consent_version, request.consent_language) == (text.version, "ar")


def test_interest_form_shows_and_records_the_current_version(lead):
    text = legal_text_new_version(LegalTextKind.INTEREST_CONSENT, by=lead, bodies={"uk": "Новий текст згоди."})
    client = Client(headers={"accept-language": "uk"})

    page = client.get(reverse("interest:create"))
    client.post(
        reverse("interest:create"),
        {
            "name": "Olena Koval",
            "email": "olena@example.org",
            "ways": ["interpreting"],
            "languages": ["uk"],
            "consent": "on",
            "website": "",
        },
    )

    assert "Новий текст згоди." in page.text
    interest = Interest.objects.get()
    assert (interest.consent_version, interest.consent_language) == (text.version, "uk")


# Agreeing again at the next login


def log_in(client: Client, email: str, next_path: str = ""):
    return client.post(LOGIN_URL + (f"?next={next_path}" if next_path else ""), {"login": email, "password": PASSWORD})


def test_login_after_a_new_consent_text_asks_to_agree_and_records_it(lead):
    volunteer = VolunteerFactory(user__language="tr")
    text = legal_text_new_version(LegalTextKind.VOLUNTEER_CONSENT, by=lead, bodies={"tr": "Yeni onay metni."})
    client = Client(headers={"accept-language": "tr"})

    response = log_in(client, volunteer.user.email)

    assert response.status_code == 302
    assert response["Location"] == f"{CONSENT_URL}?next=%2Fmein-bereich%2F"
    page = client.get(response["Location"])
    assert "Yeni onay metni." in page.text
    assert reverse("volunteering_end") in page.text
    refused = client.post(CONSENT_URL, {"next": DASHBOARD_URL})
    assert refused.status_code == 422
    agreed = client.post(CONSENT_URL, {"next": DASHBOARD_URL, "consent": "on"})
    assert (agreed.status_code, agreed["Location"]) == (302, DASHBOARD_URL)
    consent = consents_for(user=volunteer.user).first()
    assert (consent.text, consent.language) == (text, "tr")
    volunteer.refresh_from_db()
    assert (volunteer.consent_version, volunteer.consent_language) == (text.version, "tr")

    client.logout()
    again = log_in(client, volunteer.user.email)
    assert again["Location"] == DASHBOARD_URL


def test_login_with_next_after_a_new_consent_text_leads_on_to_it(lead):
    volunteer = VolunteerFactory()
    legal_text_new_version(LegalTextKind.VOLUNTEER_CONSENT, by=lead)
    client = Client()

    response = log_in(client, volunteer.user.email, next_path="/veranstaltungen/")
    agreed = client.post(CONSENT_URL, {"next": "/veranstaltungen/", "consent": "on"})

    assert response["Location"] == f"{CONSENT_URL}?next=%2Fveranstaltungen%2F"
    assert agreed["Location"] == "/veranstaltungen/"


def test_login_with_the_current_consent_goes_straight_on():
    volunteer = VolunteerFactory()

    response = log_in(Client(), volunteer.user.email)

    assert (response.status_code, response["Location"]) == (302, DASHBOARD_URL)


def test_consent_page_when_agreed_shows_the_text_and_when_and_ignores_a_foreign_next():
    volunteer = VolunteerFactory(consent_language="en")
    client = Client(headers={"accept-language": "en"})
    client.force_login(volunteer.user)

    page = client.get(CONSENT_URL + "?next=https://example.com/")
    posted = client.post(CONSENT_URL, {"next": "https://example.com/", "consent": "on"})

    assert page.status_code == 200
    assert "You agreed to version 2026-11-25 of this text on" in page.text
    assert first_text(LegalTextKind.VOLUNTEER_CONSENT, "en") in page.text
    assert 'name="consent"' not in page.text
    assert posted["Location"] == DASHBOARD_URL
    assert Consent.objects.count() == 0


# The privacy page


@pytest.mark.parametrize("language", LANGUAGES)
def test_privacy_page_in_each_language_shows_the_text_the_periods_and_whom_to_ask(language, settings):
    settings.OUTBOX_KEEP_DAYS = 90
    Site.objects.filter(pk=site("stade").pk).update(email="stade@machmit-stade.de")

    response = Client(headers={"accept-language": language}).get(PRIVACY_URL)

    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.text
    assert first_text(LegalTextKind.PRIVACY, language) in response.text
    table = response.text[response.text.index('<table class="table retention">') :]
    assert len(response.context["retention"]) == 7
    for row in response.context["retention"]:
        assert str(row.period) in table
    assert "90" in response.context["retention"][-1].period
    assert "mailto:datenschutz@machmit-stade.de" in response.text
    assert "mailto:stade@machmit-stade.de" in response.text
    assert "Neubourgstraße 6, 21682 Stade" in response.text


def test_privacy_page_periods_follow_the_settings(settings):
    settings.VOLUNTEER_ERASE_AFTER_ENDED_DAYS = 730
    settings.MATCHING_ANONYMISE_AFTER_DAYS = 1

    response = Client(headers={"accept-language": "en"}).get(PRIVACY_URL)

    periods = [row.period for row in response.context["retention"]]
    assert periods[0] == "While you volunteer; erased 730 days after your volunteering has ended."
    assert periods[4] == "Name and contact are deleted 1 day after the help has ended."


def test_privacy_page_shows_a_new_version_at_once(lead, django_assert_num_queries):
    client = Client(headers={"accept-language": "de"})
    client.get(PRIVACY_URL)
    legal_text_new_version(LegalTextKind.PRIVACY, by=lead, bodies={"de": "Verantwortlich ist der Diakonieverband."})

    client.get(PRIVACY_URL)
    with django_assert_num_queries(1):  # the sites; the text comes from the shared cache
        response = client.get(PRIVACY_URL)

    assert "Verantwortlich ist der Diakonieverband." in response.text


# The admin


def test_lead_edits_a_new_version_and_publishes_it_in_the_admin(lead):
    client = Client(headers={"accept-language": "de"})
    client.force_login(lead)
    current = LegalText.objects.get(kind=LegalTextKind.REQUEST_CONSENT)

    page = client.get(reverse("admin:volunteers_legaltext_change", args=[current.pk]))
    started = client.post(reverse("admin:volunteers_legaltext_new_version", args=[current.pk]))
    draft = LegalText.objects.get(kind=LegalTextKind.REQUEST_CONSENT, published_at=None)
    form = client.get(started["Location"])
    translations = list(draft.translations.order_by("language"))
    data = {
        "version": draft.version,
        "note": "Neue Frist",
        "translations-TOTAL_FORMS": str(len(translations)),
        "translations-INITIAL_FORMS": str(len(translations)),
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "7",
        "_publish": "Speichern und veröffentlichen",
    }
    for index, row in enumerate(translations):
        data |= {
            f"translations-{index}-id": str(row.pk),
            f"translations-{index}-text": str(draft.pk),
            f"translations-{index}-language": row.language,
            f"translations-{index}-body": "Wir löschen nach drei Monaten." if row.language == "de" else row.body,
        }
    published = client.post(started["Location"], data)

    assert page.status_code == 200
    assert 'name="_publish"' not in page.text  # a published version is read-only
    assert started["Location"] == reverse("admin:volunteers_legaltext_change", args=[draft.pk])
    assert 'name="_publish"' in form.text
    assert published.status_code == 302
    shown = legal_text_current(kind=LegalTextKind.REQUEST_CONSENT, language="de")
    assert (shown.version, shown.body) == (draft.version, "Wir löschen nach drei Monaten.")
    draft.refresh_from_db()
    assert (draft.note, draft.published_by) == ("Neue Frist", lead)


def test_coordinator_of_every_site_is_the_lead():
    coordinator = CoordinatorFactory(sites=[site("stade"), site("buxtehude")])
    client = Client()
    client.force_login(coordinator)
    current = LegalText.objects.get(kind=LegalTextKind.PRIVACY)

    response = client.post(reverse("admin:volunteers_legaltext_new_version", args=[current.pk]))

    assert response.status_code == 302
    assert LegalText.objects.filter(kind=LegalTextKind.PRIVACY, published_at=None).count() == 1


def test_plain_coordinator_reads_the_texts_but_cannot_change_them(lead):
    draft = legal_text_draft(kind=LegalTextKind.PRIVACY, by=lead)
    current = LegalText.objects.get(kind=LegalTextKind.PRIVACY, published_at__isnull=False)
    client = Client()
    client.force_login(CoordinatorFactory(sites=[site("stade")]))

    listed = client.get(reverse("admin:volunteers_legaltext_changelist"))
    opened = client.get(reverse("admin:volunteers_legaltext_change", args=[draft.pk]))
    started = client.post(reverse("admin:volunteers_legaltext_new_version", args=[current.pk]))
    changed = client.post(
        reverse("admin:volunteers_legaltext_change", args=[draft.pk]), {"version": "x", "_publish": "1"}
    )

    assert listed.status_code == 200
    assert opened.status_code == 200
    assert 'name="_publish"' not in opened.text
    assert (started.status_code, changed.status_code) == (403, 403)
    assert LegalText.objects.get(pk=draft.pk).version == draft.version
    assert LegalText.objects.get(pk=draft.pk).published_at is None


def test_volunteer_cannot_open_the_texts_in_the_admin():
    client = Client()
    client.force_login(VolunteerFactory().user)

    response = client.get(reverse("admin:volunteers_legaltext_changelist"))

    assert response.status_code in (302, 403)
    assert LegalTextTranslation.objects.count() == 4 * 7
