from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matching.enums import LogAction, MatchStatus, RequestStatus
from matching.models import HelpRequest, Match, RequestLog
from matching.services import (
    MatchError,
    checkins_queue_due,
    match_accept,
    match_decline,
    match_propose,
    request_close,
    requests_anonymise_due,
)
from outbox.models import Mail
from tests.factories import CoordinatorFactory, UserFactory, VolunteerFactory, site

pytestmark = pytest.mark.django_db

FORM_URL = reverse("matching:create")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def form_data(**overrides):
    data = {
        "first_name": "Amal",
        "contact_method": "email",
        "email": "amal@example.org",
        "phone": "",
        "counselling_service": "",
        "municipality": "buxtehude",
        "site": str(site("buxtehude").pk),
        "languages": ["ar"],
        "topics": ["authorities", "health"],
        "availability": ["1-1"],
        "gender_preference": "female",
        "message": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def arabic_client() -> Client:
    return Client(headers={"accept-language": "ar"})


def submit(**overrides) -> HelpRequest:
    response = arabic_client().post(FORM_URL, form_data(**overrides))
    assert response.status_code == 302, response.context["form"].errors
    return HelpRequest.objects.latest("id")


def test_form_page_in_arabic_is_right_to_left_without_german_left():
    response = arabic_client().get(FORM_URL)

    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.text
    for german in ["Behörden", "Wohnen", "Montag", "Vormittag", "Arabisch", "Bitte"]:
        assert german not in response.text


def test_form_page_cached_per_language_and_follows_site_changes():
    german = Client(headers={"accept-language": "de"})
    stade = site("stade")
    assert "Behörden" in german.get(FORM_URL).text
    assert "Behörden" not in arabic_client().get(FORM_URL).text

    stade.name = "MachMit am Hafen"
    stade.save()

    assert "MachMit am Hafen" in german.get(FORM_URL).text


def test_submit_stores_request_with_consent_and_confirms_in_arabic():
    client = arabic_client()

    response = client.post(FORM_URL, form_data(phone="0151 23456789"), follow=True)

    request = HelpRequest.objects.get()
    assert response.redirect_chain == [(reverse("matching:thanks"), 302)]
    assert request.reference in response.text
    assert '<html lang="ar" dir="rtl">' in response.text
    assert (request.language, request.consent_language, request.status) == ("ar", "ar", RequestStatus.NEW)
    assert request.phone == ""  # only the chosen way of contact is kept
    mail = Mail.objects.get(kind="matching.received")
    assert (mail.recipient, mail.language) == ("amal@example.org", "ar")
    assert '<html lang="ar" dir="rtl">' in mail.body_html
    assert list(RequestLog.objects.values_list("action", flat=True)) == [LogAction.SUBMITTED]


def test_thanks_page_without_submission_goes_to_form():
    assert Client().get(reverse("matching:thanks"))["Location"] == FORM_URL


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"first_name": ""}, "first_name"),
        ({"first_name": "x" * 81}, "first_name"),
        ({"contact_method": "pigeon"}, "contact_method"),
        ({"contact_method": "phone", "phone": ""}, "phone"),
        ({"contact_method": "phone", "phone": "123"}, "phone"),
        ({"email": "not-an-address"}, "email"),
        ({"municipality": "berlin"}, "municipality"),
        ({"site": "999999"}, "site"),
        ({"languages": []}, "languages"),
        ({"languages": ["xx"]}, "languages"),
        ({"topics": ["<script>alert(1)</script>"]}, "topics"),
        ({"availability": ["8-8"]}, "availability"),
        ({"gender_preference": "any"}, "gender_preference"),
        ({"message": "x" * 1001}, "message"),
        ({"consent": ""}, "consent"),
    ],
)
def test_bad_input_reshown_with_error_nothing_stored(overrides, field):
    response = arabic_client().post(FORM_URL, form_data(**overrides))

    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert '<html lang="ar" dir="rtl">' in response.text
    assert not HelpRequest.objects.exists()


def test_empty_post_reshown_not_500():
    response = arabic_client().post(FORM_URL, {})

    assert response.status_code == 422
    assert not HelpRequest.objects.exists()


def test_script_in_text_is_stored_as_text_and_escaped_for_coordinators(admin_client):
    request = submit(message="<script>alert(1)</script>", first_name="<b>Amal</b>")

    page = admin_client.get(reverse("admin:matching_helprequest_change", args=[request.pk]))

    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text


def test_honeypot_filled_stores_nothing():
    response = arabic_client().post(FORM_URL, form_data(website="http://spam.example"))

    assert response.status_code == 400
    assert not HelpRequest.objects.exists()


def test_rate_limit_eleventh_submission_gets_friendly_page_with_phone():
    stade = site("stade")
    stade.phone = "04141 123456"
    stade.save()
    client = arabic_client()

    statuses = [client.post(FORM_URL, form_data()).status_code for _ in range(11)]

    assert statuses == [302] * 10 + [429]
    last = client.post(FORM_URL, form_data())
    assert "04141 123456" in last.text
    assert '<html lang="ar" dir="rtl">' in last.text
    assert HelpRequest.objects.count() == 10


def test_rate_limit_counts_client_behind_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    visitor = Client(headers={"x-forwarded-for": "203.0.113.7"}, REMOTE_ADDR="10.0.0.1")
    other_visitor = Client(headers={"x-forwarded-for": "198.51.100.9"}, REMOTE_ADDR="10.0.0.1")
    for _submission in range(10):
        visitor.post(FORM_URL, form_data())

    assert visitor.post(FORM_URL, form_data()).status_code == 429
    assert other_visitor.post(FORM_URL, form_data()).status_code == 302


def test_lifecycle_propose_accept_mails_volunteer_and_newcomer_in_arabic():
    request = submit()
    coordinator = CoordinatorFactory(sites=[site("buxtehude")])
    volunteer = VolunteerFactory(languages={"ar": "native"})

    match = match_propose(request=request, volunteer=volunteer, by=coordinator, score=7.5, reasons=["speaks Arabic"])
    match_accept(match=match)

    request.refresh_from_db()
    match.refresh_from_db()
    assert (request.status, match.status) == (RequestStatus.ACTIVE, MatchStatus.ACTIVE)
    assert Mail.objects.get(kind="matching.proposed").recipient == volunteer.user.email
    accepted = Mail.objects.get(kind="matching.accepted")
    assert (accepted.recipient, accepted.language) == ("amal@example.org", "ar")
    assert list(request.log.order_by("id").values_list("action", flat=True)) == ["submitted", "proposed", "accepted"]


def test_lifecycle_decline_reopens_and_second_proposal_possible():
    request = submit()
    coordinator = CoordinatorFactory(sites=[site("buxtehude")])
    first = match_propose(request=request, volunteer=VolunteerFactory(), by=coordinator)

    match_decline(match=first)
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW
    match_propose(request=request, volunteer=VolunteerFactory(), by=coordinator)

    with pytest.raises(MatchError):
        match_accept(match=first)
    assert Match.objects.filter(request=request, status=MatchStatus.PROPOSED).count() == 1


def test_propose_twice_refused():
    request = submit()
    coordinator = CoordinatorFactory(sites=[site("buxtehude")])
    match_propose(request=request, volunteer=VolunteerFactory(), by=coordinator)

    with pytest.raises(MatchError):
        match_propose(request=request, volunteer=VolunteerFactory(), by=coordinator)


def test_anonymise_blanks_personal_data_after_period_keeps_statistics(settings):
    request = submit(message="Meine Adresse ist geheim")
    request_close(request=request, outcome="helped", feedback="Sehr gut", by=UserFactory())
    HelpRequest.objects.filter(pk=request.pk).update(ended_at=timezone.now() - timedelta(days=184))
    recent = submit()
    request_close(request=recent, outcome="helped", by=UserFactory())

    assert requests_anonymise_due() == 1

    request.refresh_from_db()
    assert (request.first_name, request.email, request.message, request.feedback) == ("", "", "", "")
    assert (request.municipality, request.languages, request.outcome) == ("buxtehude", ["ar"], "helped")
    recent.refresh_from_db()
    assert recent.first_name == "Amal"
    assert requests_anonymise_due() == 0


def test_checkin_after_four_weeks_once():
    request = submit()
    match = match_propose(request=request, volunteer=VolunteerFactory(), by=UserFactory())
    match_accept(match=match)
    Match.objects.filter(pk=match.pk).update(responded_at=timezone.now() - timedelta(days=29))

    assert checkins_queue_due() == 1
    assert checkins_queue_due() == 0
    assert Mail.objects.filter(kind="matching.checkin").count() == 1


def test_flyer_has_qr_code_and_invitation_in_seven_languages():
    response = Client(headers={"accept-language": "de"}).get(reverse("matching:flyer", args=["stade"]))

    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in response.text
    assert [code for code, _name, _bidi, _text in response.context["invitations"]] == [
        "de",
        "en",
        "ar",
        "fa",
        "uk",
        "ru",
        "tr",
    ]
    texts = [text for _code, _name, _bidi, text in response.context["invitations"]]
    assert len(set(texts)) == 7
    assert "Brauchen Sie Hilfe im Alltag?" in texts[0]


def test_flyer_unknown_site_404():
    assert Client().get(reverse("matching:flyer", args=["hamburg"])).status_code == 404


def test_newcomer_mail_has_no_links_into_the_member_area():
    submit()

    mail = Mail.objects.get(kind="matching.received")

    assert "/mein-bereich/" not in mail.body_html
    assert "/mein-bereich/" not in mail.body_text
