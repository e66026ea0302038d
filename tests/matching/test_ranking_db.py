"""The ranking for one request as the coordinator's page gets it (SQL shortlist, then matching/ranking.py)
against the reference: ``rank`` over every candidate loaded into Python."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Qualification, TrainingType
from matching.enums import MatchStatus
from matching.models import Match
from matching.ranking import Need, check_eligible, rank
from matching.selectors import candidates_for, ranked_for, suggestions_for, weights
from tests.factories import VolunteerFactory, request_for, site
from tests.matching.test_ranking import need as make_need
from volunteers.enums import AVAILABILITY_ALL, Gender, HelpTopic, Language, LanguageLevel, Municipality
from volunteers.models import PoliceCertificate, VolunteerTopic

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "en", "ar", "fa", "uk"]
MUNICIPALITIES = [Municipality.STADE, Municipality.BUXTEHUDE, Municipality.JORK, Municipality.OTHER]


def seeded(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311  (reproducible test data, nothing secret)


def populate(rng: random.Random, count: int = 60) -> list:
    """Volunteers varied in every criterion, with open and closed matches, qualifications and certificates."""
    today = timezone.localdate()
    sites = [site("stade"), site("buxtehude")]
    training_types = [TrainingType.objects.create(name=f"Training {n}", validity_months=12) for n in range(3)]
    past_request = request_for(status="closed")
    volunteers = []
    for _ in range(count):
        spoken = {code: rng.choice(LanguageLevel.values) for code in rng.sample(LANGUAGES, rng.randint(1, 3))}
        volunteer = VolunteerFactory(
            municipality=rng.choice(MUNICIPALITIES),
            capacity=rng.randint(0, 3),
            availability=rng.getrandbits(21) & AVAILABILITY_ALL,
            gender=rng.choice([*Gender.values, ""]),
            sites=rng.sample(sites, rng.randint(0, 2)),
            languages=spoken,
        )
        for topic in rng.sample(HelpTopic.values, rng.randint(0, 3)):
            VolunteerTopic.objects.create(volunteer=volunteer, topic=topic)
        for training_type in rng.sample(training_types, rng.randint(0, 3)):
            Qualification.objects.create(
                volunteer=volunteer,
                training_type=training_type,
                acquired_on=today - timedelta(days=300),
                # Some expired: those must not count.
                valid_until=today + timedelta(days=rng.choice([-1, 0, 60])),
            )
        if rng.random() < 0.5:
            PoliceCertificate.objects.create(
                volunteer=volunteer,
                inspected_on=today - timedelta(days=100),
                certificate_date=today - timedelta(days=120),
                next_due=today + timedelta(days=rng.choice([-1, 0, 400])),
                cleared_for_children=rng.random() < 0.8,
            )
        for _ in range(rng.randint(0, volunteer.capacity)):
            Match.objects.create(
                request=request_for(status="active"),
                volunteer=volunteer,
                status=rng.choice([MatchStatus.PROPOSED, MatchStatus.ACTIVE]),
            )
        if rng.random() < 0.3:
            Match.objects.create(request=past_request, volunteer=volunteer, status=MatchStatus.CLOSED)
        volunteers.append(volunteer)
    return sites


def random_need(rng: random.Random, sites: list, request_id: int = 0) -> Need:
    return Need(
        request_id=request_id,
        languages=frozenset(rng.sample(LANGUAGES, rng.randint(1, 2))),
        topics=frozenset(rng.sample(HelpTopic.values, rng.randint(0, 3))),
        municipality=rng.choice([*MUNICIPALITIES, ""]),
        site_id=rng.choice([None, *(s.pk for s in sites)]),
        availability=rng.getrandbits(21) & AVAILABILITY_ALL,
        gender_preference=rng.choice(["", *Gender.values]),
        children=rng.random() < 0.3,
    )


def summary(ranked) -> list[tuple[int, float, list[str]]]:
    return [(r.volunteer_id, r.score, r.reasons) for r in ranked]


def test_ranked_for_equals_reference_rank_over_all_candidates():
    rng = seeded(7)
    sites = populate(rng)
    compared = nonempty = 0
    for _ in range(80):
        need = random_need(rng, sites)
        for limit in (1, 5, 100):
            expected = rank(need, candidates_for(need=need), weights(), limit=limit)
            assert summary(ranked_for(need=need, limit=limit)) == summary(expected), need
            compared += 1
            nonempty += bool(expected)
    # The random needs must reach the interesting cases, not only empty lists.
    assert nonempty > compared // 2


def test_ranked_for_follows_weights_from_settings(settings):
    rng = seeded(11)
    sites = populate(rng, count=30)
    settings.MATCHING_WEIGHTS = {"topic": 0.1, "availability": 4.0, "caseload": 7.25, "training": 0.0}
    for _ in range(20):
        need = random_need(rng, sites)
        expected = rank(need, candidates_for(need=need), weights(), limit=5)
        assert summary(ranked_for(need=need, limit=5)) == summary(expected)


def test_ranked_for_equal_scores_fewer_active_first_then_lower_id(settings):
    settings.MATCHING_WEIGHTS = {"caseload": 0.0}  # the score no longer sees the caseload
    busy, idle, idle_later = (VolunteerFactory(capacity=2) for _ in range(3))
    Match.objects.create(request=request_for(status="active"), volunteer=busy, status=MatchStatus.ACTIVE)
    german = make_need(request_id=0, languages=frozenset({"de"}))

    assert [r.volunteer_id for r in ranked_for(need=german, limit=2)] == [idle.pk, idle_later.pk]


def test_suggestions_leave_out_volunteers_already_asked():
    declined, other = VolunteerFactory(capacity=2), VolunteerFactory(capacity=2)
    help_request = request_for(languages=["de"])
    Match.objects.create(request=help_request, volunteer=declined, status=MatchStatus.DECLINED)

    assert [r.volunteer_id for r in suggestions_for(request=help_request)] == [other.pk]


def test_ranked_for_nobody_shares_a_language_empty():
    VolunteerFactory(languages={"de": "native", "tr": "basic"})
    assert ranked_for(need=make_need(request_id=0, languages=frozenset({Language.TURKISH})), limit=10) == []


def test_candidate_filter_in_the_orm_drops_nobody_the_reference_accepts():
    """``candidate_volunteers`` narrows by the hard criteria before loading: it may only leave out volunteers whom
    ``check_eligible`` would refuse anyway."""
    rng = seeded(11)
    sites = populate(rng)
    everyone = candidates_for(need=None)
    compared = 0
    for _ in range(80):
        need = random_need(rng, sites)
        reference = {c.volunteer_id for c in everyone if check_eligible(need, c)}

        narrowed = {c.volunteer_id for c in candidates_for(need=need) if check_eligible(need, c)}

        assert narrowed == reference, need
        compared += bool(reference)
    assert compared > 40  # most needs have someone eligible: the comparison is not of empty sets
