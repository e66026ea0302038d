"""The Mitmachen page (/mitmachen/): the ways to volunteer and the interest form for people without an account."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import CoordinatorFactory, site
from volunteers.models import Interest
from volunteers.services import interest_create, interests_delete_stale

pytestmark = pytest.mark.django_db

FORM_URL = reverse("interest:create")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def form_data(**overrides):
    data = {
        "name": "Rania Haddad",
        "email": "rania@example.org",
        "phone": "",
        "ways": ["interpreting", "events"],
        "languages": ["ar", "de"],
        "site": str(site("stade").pk),
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_interest_form_in_arabic_saves_what_an_invitation_needs_and_thanks():
    client = Client(headers={"accept-language": "ar"})

    response = client.post(FORM_URL, form_data(phone="04141 123456"))

    assert (response.status_code, response["Location"]) == (302, "/mitmachen/danke/")
    interest = Interest.objects.get()
    assert (interest.name, interest.email, interest.phone) == ("Rania Haddad", "rania@example.org", "+494141123456")
    assert (interest.ways, interest.languages, interest.site) == (
        ["interpreting", "events"],
        ["ar", "de"],
        site("stade"),
    )
    assert (interest.language, interest.consent_language, interest.consent_version) == ("ar", "ar", "2026-12-01")
    thanks = client.get(response["Location"])
    assert '<html lang="ar" dir="rtl">' in thanks.text


def test_interest_form_page_describes_the_ways_and_links_the_account_sign_up():
    response = Client(headers={"accept-language": "de"}).get(FORM_URL)

    assert response.status_code == 200
    for heading in ["Neuzugewanderte begleiten (Integrationslotse)", "Sprachcafé", "Dolmetschen bei Veranstaltungen"]:
        assert heading in response.text
    assert 'href="/accounts/signup/"' in response.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("consent", "", "Wir können Sie nur mit Ihrer Einwilligung einladen."),
        ("email", "rania-at-example", "Bitte gültige E-Mail-Adresse eingeben."),
        ("ways", ["astrology"], "Bitte eine gültige Auswahl treffen. astrology ist keine gültige Auswahl."),
        ("site", "999999", "Bitte eine gültige Auswahl treffen. 999999 ist keine gültige Auswahl."),
        ("phone", "123", "Bitte geben Sie eine gültige Telefonnummer ein"),
    ],
)
def test_interest_form_bad_input_reshown_in_german_and_nothing_saved(field, value, message):
    response = Client(headers={"accept-language": "de"}).post(FORM_URL, form_data(**{field: value}))

    assert response.status_code == 422
    assert message in response.text
    assert Interest.objects.count() == 0


def test_interest_form_honeypot_filled_refused_and_nothing_saved():
    response = Client(headers={"accept-language": "de"}).post(FORM_URL, form_data(website="http://spam.example"))

    assert response.status_code == 400
    assert Interest.objects.count() == 0


def test_interest_form_eleventh_submission_from_one_address_gets_the_sites_phone():
    stade = site("stade")
    stade.phone = "04141 123456"
    stade.save()
    client = Client(headers={"accept-language": "tr"})

    statuses = [client.post(FORM_URL, form_data()).status_code for _ in range(11)]

    assert statuses == [302] * 10 + [429]
    last = client.post(FORM_URL, form_data())
    assert "04141 123456" in last.text
    assert '<html lang="tr" dir="ltr">' in last.text
    assert Interest.objects.count() == 10


def make_interest(name: str, site_slug: str | None, days_old: int = 0) -> Interest:
    interest = interest_create(
        name=name,
        email=f"{name.lower()}@example.org",
        phone="",
        languages=["de"],
        ways=["events"],
        site=site(site_slug) if site_slug else None,
        language="de",
    )
    Interest.objects.filter(pk=interest.pk).update(created_at=timezone.now() - timedelta(days=days_old))
    return interest


def test_interests_delete_stale_deletes_only_entries_past_the_period(settings):
    settings.VOLUNTEER_INTEREST_DELETE_AFTER_DAYS = 183
    old = make_interest("Alt", "stade", days_old=184)
    recent = make_interest("Neu", "stade", days_old=182)

    deleted = interests_delete_stale()

    assert deleted == 1
    assert list(Interest.objects.all()) == [recent]
    assert not Interest.objects.filter(pk=old.pk).exists()


def test_interest_admin_stade_coordinator_sees_own_site_and_no_site_entries_only(client):
    stade, buxtehude = make_interest("Stade", "stade"), make_interest("Buxte", "buxtehude")
    anywhere = make_interest("Egal", None)
    client.force_login(CoordinatorFactory(sites=[site("stade")]))

    response = client.get(reverse("admin:volunteers_interest_changelist"))

    assert response.status_code == 200
    assert set(response.context["cl"].queryset) == {stade, anywhere}
    assert client.get(reverse("admin:volunteers_interest_change", args=[buxtehude.pk])).status_code == 302
