import pytest
from django.core.exceptions import ValidationError

from tests.factories import UserFactory, legal_text_new_version, site
from volunteers.enums import LegalTextKind
from volunteers.models import Volunteer
from volunteers.selectors import consents_for
from volunteers.services import user_language_update, volunteer_profile_save

pytestmark = pytest.mark.django_db


def save(user, **overrides):
    arguments = {
        "user": user,
        "first_name": "Lena",
        "last_name": "Krüger",
        "phone": "+494141123456",
        "municipality": "stade",
        "sites": [site("stade")],
        "languages": {"de": "native", "ar": "good"},
        "topics": ["german", "health"],
        "availability": 0b101,
        "gender": "female",
        "capacity": 2,
        "about": "Ich fahre gern Rad.",
        "language": "en",
        "consent_language": "de",
    }
    arguments.update(overrides)
    return volunteer_profile_save(**arguments)


def test_volunteer_profile_save_creates_profile_with_consent_record():
    user = UserFactory()

    volunteer = save(user)

    volunteer.refresh_from_db()
    assert (user.first_name, user.last_name, user.language) == ("Lena", "Krüger", "en")
    assert volunteer.consent_version == "2026-11-25"
    assert volunteer.consent_language == "de"
    assert volunteer.consent_given_at is not None
    assert [(c.text.version, c.language, c.given_at) for c in consents_for(user=user)] == [
        ("2026-11-25", "de", volunteer.consent_given_at)
    ]
    assert sorted(volunteer.languages.values_list("language", "level")) == [("ar", "good"), ("de", "native")]
    assert sorted(volunteer.topics.values_list("topic", flat=True)) == ["german", "health"]
    assert list(volunteer.sites.all()) == [site("stade")]


def test_volunteer_profile_save_update_replaces_lists_and_keeps_consent_time():
    user = UserFactory()
    first = save(user)

    second = save(
        user,
        languages={"de": "fluent", "uk": "basic"},
        topics=["housing"],
        sites=[],
        consent_language="en",
    )

    assert second.pk == first.pk
    assert Volunteer.objects.count() == 1
    assert sorted(second.languages.values_list("language", "level")) == [("de", "fluent"), ("uk", "basic")]
    assert list(second.topics.values_list("topic", flat=True)) == ["housing"]
    assert list(second.sites.all()) == []
    assert second.consent_given_at == first.consent_given_at
    assert second.consent_language == "de"
    assert consents_for(user=user).count() == 1


def test_volunteer_profile_save_new_consent_text_records_consent_again():
    user = UserFactory()
    first = save(user)
    text = legal_text_new_version(LegalTextKind.VOLUNTEER_CONSENT, by=UserFactory(is_staff=True, is_superuser=True))

    second = save(user, consent_language="en")

    assert second.consent_version == text.version
    assert second.consent_language == "en"
    assert second.consent_given_at > first.consent_given_at
    assert [(c.text.version, c.language) for c in consents_for(user=user)] == [
        (text.version, "en"),
        ("2026-11-25", "de"),
    ]


def test_volunteer_profile_save_capacity_over_maximum_rejected_nothing_saved():
    user = UserFactory()

    with pytest.raises(ValidationError):
        save(user, capacity=11)

    assert Volunteer.objects.count() == 0


def test_user_language_update_stores_choice():
    user = UserFactory(language="de")

    user_language_update(user=user, language="en")

    user.refresh_from_db()
    assert user.language == "en"
