import pytest
from django.utils import translation

from tests.factories import site
from volunteers.enums import DayPart, Weekday, availability_bit
from volunteers.forms import VolunteerProfileForm, check_phone

pytestmark = pytest.mark.django_db


def valid_data(**overrides):
    data = {
        "first_name": "Lena",
        "last_name": "Krüger",
        "phone": "",
        "municipality": "stade",
        "sites": [str(site("stade").pk)],
        "languages_de": "native",
        "topics": ["german"],
        "availability": ["1-1", "5-0"],
        "gender": "",
        "capacity": "2",
        "about": "",
        "language": "de",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_profile_form_valid_data_cleans_to_service_arguments():
    form = VolunteerProfileForm(valid_data(languages_ar="good"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["languages"] == {"de": "native", "ar": "good"}
    assert form.cleaned_data["availability"] == availability_bit(Weekday.TUESDAY, DayPart.AFTERNOON) | availability_bit(
        Weekday.SATURDAY, DayPart.MORNING
    )
    assert form.cleaned_data["sites"] == [site("stade").pk]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("04141 123456", "+494141123456"), ("+49 151 23456789", "+4915123456789"), ("", ""), ("  ", "")],
)
def test_check_phone_valid_numbers_normalised(raw, expected):
    assert check_phone(raw) == expected


@pytest.mark.parametrize("raw", ["123", "hello", "0000 0000", "+49 1"])
def test_profile_form_invalid_phone_rejected(raw):
    form = VolunteerProfileForm(valid_data(phone=raw))

    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["phone"]] == ["invalid_phone"]


def test_profile_form_missing_consent_rejected_in_german():
    with translation.override("de"):
        form = VolunteerProfileForm(valid_data(consent=""))
        assert not form.is_valid()
        assert form.errors["consent"] == ["Wir können Ihr Profil nur mit Ihrer Einwilligung speichern."]


def test_profile_form_over_long_about_rejected():
    form = VolunteerProfileForm(valid_data(about="x" * 1001))

    assert not form.is_valid()
    assert list(form.errors) == ["about"]


def test_profile_form_no_language_rejected_in_german():
    with translation.override("de"):
        form = VolunteerProfileForm(valid_data(languages_de=""))

        assert not form.is_valid()
        assert form.errors["languages"] == [
            "Bitte nennen Sie mindestens eine Sprache, die Sie sprechen, und wie gut Sie sie sprechen."
        ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("municipality", "atlantis"),
        ("languages_de", "perfect"),
        ("language", "pl"),
        ("topics", ["astrology"]),
        ("availability", ["9-9"]),
        ("availability", ["1-1; DROP TABLE"]),
        ("gender", "unicorn"),
        ("capacity", "11"),
        ("capacity", "-1"),
        ("sites", ["999999"]),
        ("sites", ["not-a-number"]),
    ],
)
def test_profile_form_tampered_choices_rejected(field, value):
    form = VolunteerProfileForm(valid_data(**{field: value}))

    assert not form.is_valid()
    assert list(form.errors) == [field.removesuffix("_de")]


def test_profile_form_unknown_language_field_ignored():
    form = VolunteerProfileForm(valid_data(languages_xx="native"))

    assert form.is_valid()
    assert form.cleaned_data["languages"] == {"de": "native"}
