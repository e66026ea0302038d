"""A newcomer withdraws a request (issue 16): by its number and the contact given in it, or through a coordinator
on the phone; an open match ends, the helper is told without details, and the request is anonymised at once."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from matching.enums import LogAction, MatchStatus, Outcome, RequestStatus
from matching.models import HelpRequest
from matching.services import match_accept, match_propose
from outbox.models import Mail
from tests.factories import CoordinatorFactory, VolunteerFactory, site
from tests.matching.test_requests import form_data, submit

pytestmark = pytest.mark.django_db

URL = reverse("matching:withdraw")
NOT_FOUND = "We found no open request with this number and this contact."


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def english() -> Client:
    return Client(headers={"accept-language": "en"})


def withdraw(reference: str, contact: str, client: Client | None = None):
    return (client or english()).post(URL, {"reference": reference, "contact": contact, "website": ""})


def active_match(request: HelpRequest):
    coordinator = CoordinatorFactory(sites=[site("buxtehude")])
    helper = VolunteerFactory(languages={"ar": "native"}, user__language="uk", user__first_name="Olena")
    return match_accept(match=match_propose(request=request, volunteer=helper, by=coordinator))


def test_newcomer_withdraws_ending_the_match_telling_the_helper_without_details_and_anonymising_at_once():
    request = submit(first_name="Amal", email="amal@example.org")
    match = active_match(request)

    response = withdraw(request.reference.lower(), " AMAL@example.org ")

    assert response.status_code == 302
    request.refresh_from_db()
    match.refresh_from_db()
    assert (request.status, request.outcome) == (RequestStatus.CLOSED, Outcome.WITHDRAWN)
    assert match.status == MatchStatus.CLOSED
    assert (request.first_name, request.email, request.anonymised_at is not None) == ("", "", True)
    assert list(request.log.order_by("id").values_list("action", "user")) == [
        ("submitted", None),
        ("proposed", match.proposed_by_id),
        ("accepted", match.volunteer.user_id),
        ("withdrawn", None),
        ("anonymised", None),
    ]
    told = Mail.objects.get(kind="matching.withdrawn")
    assert (told.recipient, told.language) == (match.volunteer.user.email, "uk")
    assert request.reference in told.body_text
    assert "Amal" not in told.body_text + told.body_html + told.subject
    assert "amal@example.org" not in told.body_text + told.body_html


def test_the_confirmation_page_names_the_number_withdrawn():
    request = submit(contact_method="phone", phone="0151 23456789", email="")
    client = english()

    response = withdraw(request.reference, "+49 151 2345 6789", client)
    page = client.get(response.url)

    assert page.status_code == 200
    assert request.reference in page.text
    assert "We have ended your request and deleted your name and contact details." in page.text


def test_a_counselling_service_withdraws_by_its_name():
    request = submit(contact_method="counselling", counselling_service="Migrationsberatung Stade", email="")

    response = withdraw(request.reference, "migrationsberatung  stade")

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.outcome == Outcome.WITHDRAWN


@pytest.mark.parametrize("wrong", ["reference", "contact", "both", "already withdrawn"])
def test_a_wrong_number_or_contact_gets_one_message_that_tells_neither_and_changes_nothing(wrong):
    request = submit(email="amal@example.org")
    if wrong == "already withdrawn":
        withdraw(request.reference, "amal@example.org")
    reference = "MM-XXXXXX" if wrong in ("reference", "both") else request.reference
    contact = "someone@example.org" if wrong in ("contact", "both") else "amal@example.org"
    before = HelpRequest.objects.values().get(pk=request.pk)

    response = withdraw(reference, contact)

    assert response.status_code == 422
    assert NOT_FOUND in response.text
    assert HelpRequest.objects.values().get(pk=request.pk) == before


def test_attempts_are_limited_per_address_with_the_sites_phone_numbers(settings):
    settings.MATCHING_WITHDRAWAL_ATTEMPTS_PER_HOUR = 3
    request = submit(email="amal@example.org")
    for _attempt in range(3):
        assert withdraw("MM-XXXXXX", "guess@example.org").status_code == 422

    response = withdraw(request.reference, "amal@example.org")

    assert response.status_code == 429
    assert "Please call us" in response.text
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW


def test_honeypot_and_empty_form_change_nothing():
    request = submit(email="amal@example.org")

    spam = english().post(URL, {"reference": request.reference, "contact": "amal@example.org", "website": "x"})
    empty = english().post(URL, {})

    assert spam.status_code == 400
    assert empty.status_code == 422
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW


def test_coordinator_withdraws_on_the_phone_and_the_log_names_them():
    request = submit(email="amal@example.org")
    coordinator = CoordinatorFactory(sites=[site("buxtehude")])
    admin = Client()
    admin.force_login(coordinator)

    admin.post(
        reverse("admin:matching_helprequest_changelist"),
        {"action": "withdraw_requests", "_selected_action": [request.pk]},
    )

    request.refresh_from_db()
    assert request.outcome == Outcome.WITHDRAWN
    assert request.log.get(action=LogAction.WITHDRAWN).user == coordinator
    assert request.anonymised_at is not None


def test_confirmation_page_and_mail_say_how_to_withdraw():
    client = english()
    client.post(reverse("matching:create"), form_data())
    page = client.get(reverse("matching:thanks"))
    mail = Mail.objects.get(kind="matching.received")

    assert URL in page.text
    assert URL in mail.body_text
    assert URL in mail.body_html


def test_coordinator_withdrawing_a_request_that_ended_already_is_told_and_nothing_changes():
    request = submit(email="amal@example.org")
    withdraw(request.reference, "amal@example.org")
    admin = Client(headers={"accept-language": "en"})
    admin.force_login(CoordinatorFactory(sites=[site("buxtehude")]))

    response = admin.post(
        reverse("admin:matching_helprequest_changelist"),
        {"action": "withdraw_requests", "_selected_action": [request.pk]},
        follow=True,
    )

    assert f"{request.reference}: This request has already ended." in response.text
    assert request.log.filter(action=LogAction.WITHDRAWN).count() == 1
