import pytest
from django.test import Client
from django.urls import reverse

from matching.admin import BATCH_PAGE
from matching.enums import LogAction
from matching.models import HelpRequest, RequestLog
from matching.services import match_decline, match_propose, request_submit
from tests.factories import CoordinatorFactory, UserFactory, VolunteerFactory, site
from volunteers.admin.base import NEWEST_SHOWN

pytestmark = pytest.mark.django_db

SUBMITTED = [
    "first_name", "contact_method", "phone", "email", "counselling_service", "submitted_by_counsellor",
    "municipality", "languages", "topics", "availability", "gender_preference", "children_involved", "message",
    "language",
]  # fmt: skip


@pytest.fixture
def help_request():
    return request_submit(
        first_name="Amal",
        contact_method="phone",
        phone="+4915123456789",
        email="",
        counselling_service="",
        submitted_by_counsellor=False,
        municipality="buxtehude",
        site=site("buxtehude"),
        languages=["ar"],
        topics=["health"],
        availability=0,
        gender_preference="",
        children_involved=False,
        message="",
        language="ar",
    )


def change_url(help_request):
    return reverse("admin:matching_helprequest_change", args=[help_request.pk])


def test_anonymous_visitor_cannot_see_request(client, help_request):
    response = client.get(change_url(help_request))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_other_site_coordinator_cannot_list_or_open(client, help_request):
    client.force_login(CoordinatorFactory(sites=[site("stade")]))

    listing = client.get(reverse("admin:matching_helprequest_changelist"))
    detail = client.get(change_url(help_request))

    assert list(listing.context["cl"].queryset) == []
    assert detail.status_code == 302
    assert "+4915123456789" not in detail.text
    assert not RequestLog.objects.filter(action=LogAction.VIEWED).exists()


def test_own_site_coordinator_sees_it_and_the_view_is_logged(client, help_request):
    coordinator = CoordinatorFactory(sites=[site("buxtehude")])
    client.force_login(coordinator)

    response = client.get(change_url(help_request))

    assert "+4915123456789" in response.text
    log = RequestLog.objects.get(action=LogAction.VIEWED)
    assert (log.user, log.request) == (coordinator, help_request)


def test_request_page_shows_the_newest_log_entries_only(client, help_request):
    client.force_login(CoordinatorFactory(sites=[site("buxtehude")]))
    for _ in range(NEWEST_SHOWN + 2):
        client.get(change_url(help_request))

    response = client.get(change_url(help_request), headers={"accept-language": "en"})

    assert response.context["log"].rows == list(help_request.log.all()[:NEWEST_SHOWN])  # this visit's entry the newest
    assert f"Only the newest {NEWEST_SHOWN} are shown." in response.text


def test_request_page_shows_its_matches_with_a_link_to_the_volunteer(client, help_request):
    volunteer = VolunteerFactory(user__first_name="Samira", user__last_name="Haddad", sites=[site("buxtehude")])
    match = match_propose(request=help_request, volunteer=volunteer, by=UserFactory())
    client.force_login(CoordinatorFactory(sites=[site("buxtehude")]))

    response = client.get(change_url(help_request), headers={"accept-language": "de"})

    assert response.context["matches"].rows == [match]
    volunteer_url = reverse("admin:volunteers_volunteer_change", args=[volunteer.pk])
    assert f'<a href="{volunteer_url}">Samira Haddad</a>' in response.text
    assert "<th>Vorgeschlagen von</th>" in response.text


def test_list_shows_no_personal_data(client, help_request):
    client.force_login(CoordinatorFactory(sites=[site("buxtehude")]))

    response = client.get(reverse("admin:matching_helprequest_changelist"))

    assert help_request.reference in response.text
    assert "Amal" not in response.text


def test_other_volunteer_cannot_open_a_proposal(help_request):
    match = match_propose(request=help_request, volunteer=VolunteerFactory(), by=UserFactory())
    other = Client()
    other.force_login(VolunteerFactory().user)

    assert other.get(reverse("matches:detail", args=[match.pk])).status_code == 404
    assert other.post(reverse("matches:accept", args=[match.pk])).status_code == 404


def test_helper_sees_contact_only_after_accepting(help_request):
    volunteer = VolunteerFactory()
    match = match_propose(request=help_request, volunteer=volunteer, by=UserFactory())
    client = Client(headers={"accept-language": "de"})
    client.force_login(volunteer.user)

    before = client.get(reverse("matches:detail", args=[match.pk]))
    accepted = client.post(reverse("matches:accept", args=[match.pk]), follow=True)

    assert "+4915123456789" not in before.text
    assert "Amal" not in before.text
    assert "+4915123456789" in accepted.text
    assert RequestLog.objects.filter(action=LogAction.CONTACT_VIEWED, user=volunteer.user).exists()
    assert HelpRequest.objects.get().status == "active"


def test_accepting_twice_gets_409(help_request):
    volunteer = VolunteerFactory()
    match = match_propose(request=help_request, volunteer=volunteer, by=UserFactory())
    client = Client()
    client.force_login(volunteer.user)
    client.post(reverse("matches:accept", args=[match.pk]))

    assert client.post(reverse("matches:decline", args=[match.pk])).status_code == 409


def test_propose_view_refuses_volunteer_missing_a_hard_criterion(client, help_request):
    client.force_login(CoordinatorFactory(sites=[site("buxtehude")]))
    german_only = VolunteerFactory(languages={"de": "native"})

    client.post(reverse("admin:matching_helprequest_propose", args=[help_request.pk]), {"volunteer": german_only.pk})

    assert not help_request.matches.exists()


def test_batch_view_proposes_the_ticked_pairs(client, help_request):
    client.force_login(CoordinatorFactory(sites=[site("buxtehude")]))
    speaker = VolunteerFactory(languages={"ar": "native"}, capacity=1)
    url = reverse("admin:matching_helprequest_batch")

    page = client.get(url, {"site": site("buxtehude").pk})
    client.post(f"{url}?site={site('buxtehude').pk}", {"pair": [f"{help_request.pk}:{speaker.pk}"]})

    assert [(r.pk, fit.volunteer_id) for r, fit in page.context["proposals"]] == [(help_request.pk, speaker.pk)]
    assert list(help_request.matches.values_list("volunteer_id", "status")) == [(speaker.pk, "proposed")]


def test_batch_view_shows_the_proposal_a_page_at_a_time(client, help_request):
    client.force_login(CoordinatorFactory(sites=[site("buxtehude")]))
    VolunteerFactory.create_batch(BATCH_PAGE + 1, languages={"ar": "native"}, capacity=1)
    for _ in range(BATCH_PAGE):
        request_submit(**{field: getattr(help_request, field) for field in SUBMITTED}, site=site("buxtehude"))
    url = reverse("admin:matching_helprequest_batch")

    first = client.get(url, headers={"accept-language": "en"})
    second = client.get(url, {"site": site("buxtehude").pk, "page": 2})

    assert len(first.context["proposals"]) == BATCH_PAGE
    assert f"Proposals 1 to {BATCH_PAGE} of {BATCH_PAGE + 1};" in first.text
    assert f'href="?site={site("buxtehude").pk}&amp;page=2"' in first.text
    assert first.context["proposals"][0][0] == help_request  # the oldest open request first
    assert len(second.context["proposals"]) == 1


def test_batch_view_proposes_the_pair_shown_even_if_a_better_one_came_since(client, help_request):
    client.force_login(CoordinatorFactory(sites=[site("buxtehude")]))
    shown = VolunteerFactory(languages={"ar": "good"}, capacity=1, municipality="jork")
    url = reverse("admin:matching_helprequest_batch")
    client.get(url)
    VolunteerFactory(languages={"ar": "native"}, capacity=1, municipality="buxtehude", sites=[site("buxtehude")])

    client.post(url, {"pair": [f"{help_request.pk}:{shown.pk}"]})

    assert list(help_request.matches.values_list("volunteer_id", flat=True)) == [shown.pk]


def test_batch_view_never_offers_a_volunteer_who_declined_the_request(client, help_request):
    client.force_login(CoordinatorFactory(sites=[site("buxtehude")]))
    declined = VolunteerFactory(languages={"ar": "native"}, capacity=2)
    other_speaker = VolunteerFactory(languages={"ar": "good"}, capacity=1)
    match_decline(match=match_propose(request=help_request, volunteer=declined, by=None, score=1, reasons=[]))

    page = client.get(reverse("admin:matching_helprequest_batch"))

    assert [(r.pk, fit.volunteer_id) for r, fit in page.context["proposals"]] == [(help_request.pk, other_speaker.pk)]


@pytest.mark.parametrize("query", ["abc", "999999", "", "1;drop", "9" * 30, "١"])
def test_batch_view_tampered_site_shows_own_site(client, help_request, query):
    client.force_login(CoordinatorFactory(sites=[site("buxtehude")]))

    response = client.get(reverse("admin:matching_helprequest_batch"), {"site": query})

    assert response.status_code == 200
    assert response.context["site"] == site("buxtehude")


@pytest.mark.parametrize("pair", ["x", "1", "1:", ":2", "1:2:3", f"{'9' * 30}:1", "1:-2"])
def test_batch_view_tampered_pair_400_nothing_proposed(client, help_request, pair):
    client.force_login(CoordinatorFactory(sites=[site("buxtehude")]))

    response = client.post(reverse("admin:matching_helprequest_batch"), {"pair": [pair]})

    assert response.status_code == 400
    assert not help_request.matches.exists()


def test_batch_view_one_bad_pair_among_good_ones_proposes_nothing(client, help_request):
    client.force_login(CoordinatorFactory(sites=[site("buxtehude")]))
    speaker = VolunteerFactory(languages={"ar": "native"})

    response = client.post(
        reverse("admin:matching_helprequest_batch"), {"pair": [f"{help_request.pk}:{speaker.pk}", "x:1"]}
    )

    assert response.status_code == 400
    assert not help_request.matches.exists()


@pytest.mark.parametrize("volunteer", ["", "abc", "9" * 30])
def test_propose_view_tampered_volunteer_400(client, help_request, volunteer):
    client.force_login(CoordinatorFactory(sites=[site("buxtehude")]))

    response = client.post(
        reverse("admin:matching_helprequest_propose", args=[help_request.pk]), {"volunteer": volunteer}
    )

    assert response.status_code == 400
    assert not help_request.matches.exists()


def test_batch_view_other_sites_request_403_nothing_proposed(client, help_request):
    client.force_login(CoordinatorFactory(sites=[site("stade")]))
    speaker = VolunteerFactory(languages={"ar": "native"})

    response = client.post(reverse("admin:matching_helprequest_batch"), {"pair": [f"{help_request.pk}:{speaker.pk}"]})

    assert response.status_code == 403
    assert not help_request.matches.exists()
