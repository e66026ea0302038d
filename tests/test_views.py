"""The pages at the top of the house (machmit/views.py): the home page as the front door, the admin's door."""

import re

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The three ways in (DECISIONS.md): label in each language, then where it leads.
WAYS_IN = {
    "de": ["Ich suche Hilfe", "Ich möchte mitmachen", "Veranstaltungen"],
    "en": ["I am looking for help", "I want to get involved", "Events"],
    "ar": ["أبحث عن مساعدة", "أريد أن أشارك", "الفعاليات"],
    "fa": ["به کمک نیاز دارم", "می‌خواهم همکاری کنم", "برنامه‌ها"],
    "uk": ["Я шукаю допомогу", "Я хочу долучитися", "Заходи"],
    "ru": ["Мне нужна помощь", "Я хочу участвовать", "Мероприятия"],
    "tr": ["Yardım arıyorum", "Katılmak istiyorum", "Etkinlikler"],
}
TARGETS = ["/hilfe/", "/mitmachen/", "/veranstaltungen/"]


@pytest.mark.parametrize("language", list(WAYS_IN))
def test_home_page_shows_the_three_ways_in_in_every_language(language):
    client = Client(headers={"accept-language": language})

    html = client.get("/").text

    ways_in = html[html.index('<div class="ways-in') :]
    ways_in = ways_in[: ways_in.index("</div>")]
    links = re.findall(r'<a class="btn [^"]*" href="([^"]+)">([^<]+)</a>', ways_in)
    assert links == list(zip(TARGETS, WAYS_IN[language], strict=True))


def test_admin_answers_a_signed_in_volunteer_with_a_403_page_and_a_way_to_their_area():
    client = Client(headers={"accept-language": "de"})
    client.force_login(UserFactory())

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    assert response.status_code == 403
    assert re.search(r"<h1>\s*Nur für Koordinatorinnen und Koordinatoren\s*</h1>", response.text)
    assert re.search(r'<a class="btn btn-primary" href="/mein-bereich/">\s*Zu meinem Bereich\s*</a>', response.text)


def test_admin_page_for_a_signed_in_volunteer_speaks_english_to_an_english_browser():
    client = Client(headers={"accept-language": "en"})
    client.force_login(UserFactory())

    response = client.get("/admin/matching/helprequest/", follow=True)

    assert response.status_code == 403
    assert re.search(r"<h1>\s*For coordinators only\s*</h1>", response.text)


def test_admin_login_sends_signed_in_staff_to_the_admin():
    client = Client()
    client.force_login(UserFactory(is_staff=True))

    response = client.get("/admin/login/?next=/admin/")

    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_admin_door_speaks_arabic_to_an_arabic_volunteer():
    client = Client(headers={"accept-language": "ar"})
    client.force_login(UserFactory(language="ar"))

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert '<html lang="ar" dir="rtl">' in response.text
    assert "For coordinators only" not in response.text
