import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import site

LOCALE = Path(settings.BASE_DIR) / "locale"
NEWCOMER_LANGUAGES = ["ar", "fa", "uk", "ru", "tr"]


def entries(*msgattrib_args: str, language: str) -> list[str]:
    output = subprocess.run(
        ["msgattrib", *msgattrib_args, "--no-obsolete", str(LOCALE / language / "LC_MESSAGES" / "django.po")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in output.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


def test_german_catalogue_complete():
    assert entries("--untranslated", language="de") == []
    assert entries("--only-fuzzy", language="de") == []


@pytest.mark.parametrize("language", NEWCOMER_LANGUAGES)
def test_catalogue_complete_for_volunteers_too(language):
    """Volunteers' pages and mails speak every language (issue 13): no string is left to fall back to German."""
    assert entries("--untranslated", language=language) == []


@pytest.mark.parametrize("language", NEWCOMER_LANGUAGES)
def test_newcomer_catalogue_has_no_fuzzy_entries_and_asks_for_review(language):
    assert entries("--only-fuzzy", language=language) == []
    assert "a native speaker should review it" in (LOCALE / language / "LC_MESSAGES" / "django.po").read_text()


@pytest.mark.django_db
@pytest.mark.parametrize("language", NEWCOMER_LANGUAGES)
@pytest.mark.parametrize(
    "path", ["/", "/gibt-es-nicht/", "/veranstaltungen/", "/hilfe/", "/hilfe/flyer/stade/", "/hilfe/zurueckziehen/"]
)
def test_newcomer_page_has_no_english_left(language, path):
    site("stade")
    text = Client(headers={"accept-language": language}).get(path).text

    english = [
        "Skip to content",
        "Become a volunteer",
        "Log in",
        "Legal notice",
        "Privacy",
        "Together in",
        "Page not",
        "Events",
        "All months",
        "Everyone is welcome",
        "Ask for a helper",
        "Your first name",
        "Morning",
        "Housing",
        "Arabic",
        "Withdraw your request",
        "Your phone number or e-mail address",
    ]
    assert [phrase for phrase in english if phrase in text] == []
    assert f'<html lang="{language}"' in text
