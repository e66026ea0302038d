import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, CoordinatorFactory, UserFactory, VolunteerFactory, site
from volunteers.models import User, Volunteer

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("volunteers:profile_edit")
DASHBOARD_URL = reverse("dashboard")


def profile_data(**overrides):
    data = {
        "first_name": "Lena",
        "last_name": "Krüger",
        "municipality": "buxtehude",
        "sites": [str(site("buxtehude").pk)],
        "languages_de": "native",
        "capacity": "1",
        "language": "de",
        "consent": "on",
    }
    data.update(overrides)
    return data


def german_client(**kwargs) -> Client:
    return Client(headers={"accept-language": "de"}, **kwargs)


def test_dashboard_anonymous_redirected_to_login(client):
    response = client.get(DASHBOARD_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={DASHBOARD_URL}"


def test_dashboard_without_profile_asks_to_complete_it():
    client = german_client()
    client.force_login(UserFactory())

    response = client.get(DASHBOARD_URL)

    assert response.status_code == 200
    assert response.context["volunteer"] is None
    assert PROFILE_URL in response.text


def test_profile_edit_valid_post_saves_and_redirects():
    user = UserFactory()
    client = german_client()
    client.force_login(user)

    response = client.post(PROFILE_URL, profile_data())

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL
    volunteer = Volunteer.objects.get(user=user)
    assert volunteer.municipality == "buxtehude"
    assert volunteer.consent_language == "de"


def test_dashboard_profile_summary_follows_profile_edits():
    """The summary is cached: a saved profile must show at once all the same."""
    user = UserFactory()
    client = german_client()
    client.force_login(user)
    client.post(PROFILE_URL, profile_data())
    assert "Buxtehude" in client.get(DASHBOARD_URL).text

    client.post(PROFILE_URL, profile_data(municipality="jork", languages_ar="good", sites=[]))
    summary = client.get(DASHBOARD_URL).text

    assert "Jork" in summary
    assert "Arabisch" in summary
    assert "Beide Standorte" in summary


def test_profile_edit_invalid_post_reshown_with_german_errors_and_saved_data_kept():
    volunteer = VolunteerFactory(municipality="jork", user__first_name="Alt")
    client = german_client()
    client.force_login(volunteer.user)

    response = client.post(PROFILE_URL, profile_data(phone="123", about="x" * 5000, municipality="mars"))

    assert response.status_code == 422
    assert "Bitte prüfen Sie die markierten Felder." in response.text
    assert set(response.context["form"].errors) == {"phone", "about", "municipality"}
    volunteer.refresh_from_db()
    assert volunteer.municipality == "jork"
    assert volunteer.user.first_name == "Alt"


def test_profile_edit_english_visitor_sees_english_errors():
    client = Client(headers={"accept-language": "en"})
    client.force_login(UserFactory())

    response = client.post(PROFILE_URL, profile_data(consent=""))

    assert response.status_code == 422
    assert "We can only save your profile with your consent." in response.text


def test_profile_edit_english_visitor_sees_english_form():
    client = Client(headers={"accept-language": "en"})
    client.force_login(UserFactory())

    response = client.get(PROFILE_URL)

    assert "Tuesday Afternoon" in response.text
    assert "Practising German" in response.text
    assert "Dienstag" not in response.text


def test_profile_edit_get_prefills_existing_profile():
    volunteer = VolunteerFactory(languages={"ar": "native"}, sites=[site("buxtehude")])
    client = german_client()
    client.force_login(volunteer.user)

    response = client.get(PROFILE_URL)

    assert response.status_code == 200
    assert response.context["form"].initial["languages"] == {"ar": "native"}
    assert response.context["form"].initial["sites"] == [site("buxtehude").pk]
    assert f'value="{site("buxtehude").pk}"  id="id_sites_0" checked>' in response.text
    assert f'value="{site("stade").pk}"  id="id_sites_1">' in response.text
    assert '<option value="native" selected>' in response.text


def test_profile_edit_wrong_method_gets_page_not_500():
    client = german_client()
    client.force_login(UserFactory())

    response = client.put(PROFILE_URL)

    assert response.status_code == 405
    assert "MachMit" in response.text


def test_profile_edit_missing_csrf_token_gets_403_page():
    client = german_client(enforce_csrf_checks=True)
    client.force_login(UserFactory())

    response = client.post(PROFILE_URL, profile_data())

    assert response.status_code == 403
    assert "Formular abgelaufen" in response.text
    assert not Volunteer.objects.exists()


def test_signup_duplicate_email_reveals_nothing_and_warns_the_owner(mailoutbox):
    """allauth prevents account enumeration: the form says "check your mail", the owner is told by mail."""
    UserFactory(email="schon@example.org")

    response = german_client().post(
        reverse("account_signup"), {"email": "Schon@Example.org", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact="schon@example.org").count() == 1
    assert [m.to for m in mailoutbox] == [["schon@example.org"]]
    assert "Konto existiert bereits" in mailoutbox[0].subject


def test_signup_weak_password_reshown_with_german_error():
    response = german_client().post(
        reverse("account_signup"), {"email": "neu@example.org", "password1": "12345678", "password2": "12345678"}
    )

    assert response.status_code == 200
    assert "Dieses Passwort ist zu kurz." in response.text
    assert not User.objects.filter(email="neu@example.org").exists()


def test_signup_sends_verification_mail_and_blocks_login_until_verified(mailoutbox):
    client = german_client()

    response = client.post(
        reverse("account_signup"), {"email": "neu@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert [m.to for m in mailoutbox] == [["neu@example.org"]]
    response = client.get(DASHBOARD_URL)
    assert response.status_code == 302


def test_login_demo_style_account_reaches_dashboard():
    UserFactory(email="login@example.org")
    client = german_client()

    response = client.post(reverse("account_login"), {"login": "login@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL


def test_home_arabic_browser_is_right_to_left():
    response = Client(headers={"accept-language": "ar"}).get("/")

    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.text
    assert "bootstrap.rtl.min" in response.text


def test_volunteer_page_arabic_browser_is_arabic_right_to_left():
    client = Client(headers={"accept-language": "ar"})
    client.force_login(UserFactory())

    response = client.get(DASHBOARD_URL)

    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.text


def test_admin_arabic_browser_falls_back_to_english():
    client = Client(headers={"accept-language": "ar"})
    client.force_login(CoordinatorFactory(sites=[site("stade")]))

    response = client.get("/admin/")

    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in response.text


def test_language_switch_to_arabic_stored_for_pages_and_mails():
    user = UserFactory(language="de")
    client = german_client()
    client.force_login(user)

    client.post(reverse("set_language"), {"language": "ar", "next": DASHBOARD_URL})

    user.refresh_from_db()
    assert user.language == "ar"
    assert '<html lang="ar" dir="rtl">' in client.get(DASHBOARD_URL).text


def test_lang_parameter_sets_language_cookie_and_drops_parameter():
    client = Client()

    response = client.get("/?lang=uk&ref=flyer")

    assert response.status_code == 302
    assert response["Location"] == "/?ref=flyer"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"
    assert '<html lang="uk" dir="ltr">' in client.get(response["Location"]).text


def test_lang_parameter_unknown_language_ignored():
    response = Client(headers={"accept-language": "de"}).get("/?lang=xx")

    assert response.status_code == 200
    assert '<html lang="de" dir="ltr">' in response.text


def test_unknown_address_404_page_in_visitor_language():
    response = Client(headers={"accept-language": "tr"}).get("/gibt-es-nicht/")

    assert response.status_code == 404
    assert '<html lang="tr" dir="ltr">' in response.text


def test_language_switch_logged_in_stores_preferred_language():
    user = UserFactory(language="de")
    client = german_client()
    client.force_login(user)

    response = client.post(reverse("set_language"), {"language": "en", "next": DASHBOARD_URL})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"
    assert '<html lang="en" dir="ltr">' in client.get(DASHBOARD_URL).text


def test_responses_carry_strict_content_security_policy(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_healthz_answers_ok(client):
    response = client.get("/healthz/")

    assert (response.status_code, response.text) == (200, "ok")


def test_password_reset_mail_link_sets_new_password(mailoutbox):
    UserFactory(email="vergessen@example.org")
    client = german_client()

    response = client.post(reverse("account_reset_password"), {"email": "vergessen@example.org"})

    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["vergessen@example.org"]]
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "Ein-neues-Passwort-2026", "password2": "Ein-neues-Passwort-2026"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="vergessen@example.org").check_password("Ein-neues-Passwort-2026")


def test_logout_by_post_ends_session():
    client = german_client()
    client.force_login(UserFactory())

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get(DASHBOARD_URL).status_code == 302


@pytest.fixture
def production_rate_limits(settings):
    """allauth's own default limits, as in production, with fresh counters."""
    del settings.ACCOUNT_RATE_LIMITS
    cache.clear()
    yield
    cache.clear()


def test_login_failed_attempts_rate_limited_with_message(production_rate_limits):
    UserFactory(email="ziel@example.org")
    client = german_client()

    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": "ziel@example.org", "password": "falsch"})
    response = client.post(reverse("account_login"), {"login": "ziel@example.org", "password": PASSWORD})

    assert response.status_code == 200
    assert "Zu viele gescheiterte Anmeldeversuche." in response.text
    assert "_auth_user_id" not in client.session


def test_signup_flood_from_one_address_gets_429_page(production_rate_limits):
    client = german_client()

    statuses = [
        client.post(
            reverse("account_signup"), {"email": f"flut{n}@example.org", "password1": "x", "password2": "x"}
        ).status_code
        for n in range(21)
    ]

    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429
    assert "Zu viele Versuche" in client.post(reverse("account_signup"), {}).text


def test_notification_settings_turn_reminders_off():
    volunteer = VolunteerFactory()
    client = german_client()
    client.force_login(volunteer.user)

    page = client.get(reverse("volunteers:notifications"))
    response = client.post(reverse("volunteers:notifications"), {})

    assert page.status_code == 200
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.event_reminders is False
