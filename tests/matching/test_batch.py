"""The batch proposal is computed once for a set of open requests and then kept (matching.selectors.batch_proposal):
the coordinator's pages through it stay fast, new requests are taken in by themselves, "Compute again" takes in
the volunteers' changes, and proposing checks every pair against the data of that moment."""

import pytest
from django.urls import reverse

from matching.models import Match
from matching.services import match_propose
from tests.factories import CoordinatorFactory, VolunteerFactory, request_for, site

pytestmark = pytest.mark.django_db

BATCH = reverse("admin:matching_helprequest_batch")


@pytest.fixture
def stade_client(client):
    coordinator = CoordinatorFactory(sites=[site("stade")])
    client.force_login(coordinator)
    client.coordinator = coordinator
    return client


def proposed(response) -> list[tuple[int, int]]:
    return [(help_request.pk, fit.volunteer_id) for help_request, fit in response.context["proposals"]]


def test_kept_while_the_open_requests_stay_the_same_and_computed_again_on_request(stade_client):
    stade = site("stade")
    first = VolunteerFactory(languages={"ar": "native"}, capacity=1, sites=[stade])
    help_request = request_for(site=stade)
    shown = stade_client.get(BATCH, headers={"accept-language": "en"})
    first.capacity = 0
    first.save()
    second = VolunteerFactory(languages={"ar": "good"}, capacity=1, sites=[stade])

    kept = stade_client.get(BATCH, headers={"accept-language": "en"})
    stade_client.post(f"{BATCH}?site={stade.pk}", {"recompute": "1"})
    again = stade_client.get(BATCH)

    assert proposed(shown) == proposed(kept) == [(help_request.pk, first.pk)]
    assert "Computed at" in kept.text
    assert kept.context["computed_at"] == shown.context["computed_at"]
    assert proposed(again) == [(help_request.pk, second.pk)]
    assert again.context["computed_at"] > shown.context["computed_at"]


def test_a_new_request_is_taken_in_without_computing_again_by_hand(stade_client):
    stade = site("stade")
    speakers = VolunteerFactory.create_batch(2, languages={"ar": "native"}, capacity=1, sites=[stade])
    older = request_for(site=stade)
    stade_client.get(BATCH)

    newer = request_for(site=stade)
    page = stade_client.get(BATCH)

    assert [request_id for request_id, _volunteer_id in proposed(page)] == [older.pk, newer.pk]
    assert {volunteer_id for _request_id, volunteer_id in proposed(page)} == {speaker.pk for speaker in speakers}


def test_a_request_proposed_elsewhere_leaves_the_kept_proposal(stade_client):
    stade = site("stade")
    speakers = VolunteerFactory.create_batch(2, languages={"ar": "native"}, capacity=1, sites=[stade])
    first, second = request_for(site=stade), request_for(site=stade)
    shown = stade_client.get(BATCH)
    taken = dict(proposed(shown))[first.pk]

    match_propose(request=first, volunteer=next(s for s in speakers if s.pk == taken), by=stade_client.coordinator)
    page = stade_client.get(BATCH)

    assert [request_id for request_id, _volunteer_id in proposed(page)] == [second.pk]


def test_a_kept_pair_whose_volunteer_has_no_free_place_now_is_refused(stade_client):
    stade = site("stade")
    speaker = VolunteerFactory(languages={"ar": "native"}, capacity=1, sites=[stade])
    help_request = request_for(site=stade)
    shown = stade_client.get(BATCH)
    match_propose(request=request_for(site=stade), volunteer=speaker, by=stade_client.coordinator)

    response = stade_client.post(f"{BATCH}?site={stade.pk}", {"pair": [f"{help_request.pk}:{speaker.pk}"]}, follow=True)

    assert proposed(shown) == [(help_request.pk, speaker.pk)]
    assert "Diese Person passt nicht zu dieser Anfrage." in response.text
    assert not Match.objects.filter(request=help_request).exists()
