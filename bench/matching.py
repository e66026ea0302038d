"""Matching core speed (issue 5): rank() for one request and assign_batch() for a whole batch, on synthetic data.

Pure computation, no database: 10,000 seeded volunteers and 1,000 requests shaped like the centre's (mostly
German speakers, a few hundred each for Arabic, Farsi/Dari, Ukrainian, Russian and Turkish). The SQL that
narrows candidates comes on top of the rank() figure. Run ``python -m bench.matching`` (with
DJANGO_SETTINGS_MODULE set, or without: then Django is configured just enough for gettext). Prints its lines
and appends them to artifacts/bench.txt.
"""

import os
import platform
import random
import statistics
import time
from pathlib import Path

import django
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent
if "DJANGO_SETTINGS_MODULE" not in os.environ:
    settings.configure(USE_I18N=True, LANGUAGE_CODE="en", INSTALLED_APPS=[], LOCALE_PATHS=[BASE_DIR / "locale"])
django.setup()

import numpy as np  # noqa: E402
import ortools  # noqa: E402
from django.utils import translation  # noqa: E402

from bench.report import report_append  # noqa: E402
from matching.ranking import Candidate, Need, Weights, assign_batch, assign_greedy, rank, score  # noqa: E402
from volunteers.enums import AVAILABILITY_ALL, Gender, HelpTopic, Municipality  # noqa: E402

SEED = 5
CANDIDATES = 10_000
NEEDS = 1_000
RANK_RUNS = 20
RANK_LIMIT = 20
BATCH_RUNS = 3
GOAL_RANK_MS = 50
GOAL_BATCH_S = 5

# Roughly the district's population shares: the two towns are the largest.
MUNICIPALITIES = {
    Municipality.STADE: 18,
    Municipality.BUXTEHUDE: 16,
    Municipality.JORK: 5,
    Municipality.DROCHTERSEN: 5,
    Municipality.APENSEN: 4,
    Municipality.FREDENBECK: 5,
    Municipality.HARSEFELD: 8,
    Municipality.HORNEBURG: 6,
    Municipality.LUEHE: 4,
    Municipality.NORDKEHDINGEN: 3,
    Municipality.OLDENDORF_HIMMELPFORTEN: 4,
    Municipality.OTHER: 4,
}
# Volunteers' second and third languages besides (mostly) German: share of volunteers who speak each.
VOLUNTEER_LANGUAGES = {
    "en": 0.55,
    "ar": 0.04,
    "fa": 0.025,
    "prs": 0.015,
    "uk": 0.035,
    "ru": 0.04,
    "tr": 0.035,
    "fr": 0.08,
    "es": 0.05,
    "pl": 0.02,
    "kmr": 0.008,
    "ps": 0.005,
    "ti": 0.003,
}
# The newcomers' own languages.
NEWCOMER_LANGUAGES = {"ar": 30, "uk": 20, "fa": 10, "prs": 5, "ru": 8, "tr": 10, "ps": 5, "kmr": 4, "ti": 4, "so": 4}
SITES = (1, 2)


def availability(rng: random.Random, share: float) -> int:
    return sum(1 << bit for bit in range(AVAILABILITY_ALL.bit_length()) if rng.random() < share)


def pick(rng: random.Random, weighted: dict) -> str:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def make_candidates(rng: random.Random) -> list[Candidate]:
    candidates = []
    for number in range(CANDIDATES):
        languages = {}
        if rng.random() < 0.93:
            languages["de"] = rng.choices(["native", "fluent", "good"], weights=[85, 10, 5])[0]
        for code, share in VOLUNTEER_LANGUAGES.items():
            if len(languages) < 3 and rng.random() < share:
                languages[code] = rng.choices(["native", "fluent", "good", "basic"], weights=[3, 3, 3, 4])[0]
        if not languages:
            languages["de"] = "good"
        capacity = rng.choices([0, 1, 2, 3], weights=[10, 45, 30, 15])[0]
        candidates.append(
            Candidate(
                volunteer_id=number + 1,
                name=f"Volunteer {number + 1}",
                languages=languages,
                topics=frozenset(rng.sample(HelpTopic.values, rng.randint(1, 4))),
                municipality=pick(rng, MUNICIPALITIES),
                site_ids=frozenset(rng.choices([(), (1,), (2,), (1, 2)], weights=[25, 35, 30, 10])[0]),
                availability=availability(rng, 0.25),
                gender=rng.choices(["", *Gender.values], weights=[8, 55, 35, 2])[0],
                capacity=capacity,
                active=rng.randint(0, capacity),
                valid_for_children=rng.random() < 0.6,
                qualifications=rng.choices([0, 1, 2, 3], weights=[40, 30, 20, 10])[0],
            )
        )
    return candidates


def make_needs(rng: random.Random) -> list[Need]:
    needs = []
    for number in range(NEEDS):
        languages = {pick(rng, NEWCOMER_LANGUAGES)}
        if rng.random() < 0.3:
            languages.add("de")
        if rng.random() < 0.25:
            languages.add("en")
        needs.append(
            Need(
                request_id=number + 1,
                languages=frozenset(languages),
                topics=frozenset(rng.sample(HelpTopic.values, rng.randint(1, 3))),
                municipality=pick(rng, MUNICIPALITIES),
                site_id=rng.choice([None, *SITES]),
                availability=availability(rng, 0.3),
                gender_preference=rng.choices(["", Gender.FEMALE, Gender.MALE], weights=[75, 20, 5])[0],
                children=rng.random() < 0.4,
            )
        )
    return needs


def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def goal_rank(milliseconds: float) -> str:
    return f"goal < {GOAL_RANK_MS} ms   {verdict(milliseconds < GOAL_RANK_MS)}"


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def totals(assignment: dict[int, int], needs: list[Need], candidates: list[Candidate], weights: Weights):
    """(matched, total score), scored again pair by pair with the reference score()."""
    by_request = {need.request_id: need for need in needs}
    by_volunteer = {candidate.volunteer_id: candidate for candidate in candidates}
    return len(assignment), sum(
        score(by_request[request], by_volunteer[volunteer], weights)[0] for request, volunteer in assignment.items()
    )


def main() -> None:
    rng = random.Random(SEED)  # noqa: S311 (reproducible test data, not secrets)
    candidates = make_candidates(rng)
    needs = make_needs(rng)
    weights = Weights()
    # The ranking bench's request: Arabic and German, so almost every volunteer with a free place is eligible.
    heavy = Need(
        request_id=0,
        languages=frozenset({"ar", "de"}),
        topics=frozenset({HelpTopic.HOUSING, HelpTopic.HEALTH}),
        municipality=Municipality.BUXTEHUDE,
        site_id=1,
        availability=availability(rng, 0.3),
        gender_preference="",
        children=False,
    )
    # And one that only a few hundred volunteers can take.
    arabic = Need(
        request_id=-1,
        languages=frozenset({"ar"}),
        topics=frozenset({HelpTopic.AUTHORITIES}),
        municipality=Municipality.STADE,
        site_id=None,
        availability=availability(rng, 0.3),
        gender_preference=Gender.FEMALE,
        children=True,
    )

    with translation.override("en"):
        rank(heavy, candidates, weights, limit=RANK_LIMIT)  # warm-up (translation catalogues)
        rank_runs = {
            (need_name, limit): [timed(rank, need, candidates, weights, limit)[0] * 1000 for _ in range(RANK_RUNS)]
            for need_name, need in (("German + Arabic", heavy), ("Arabic only", arabic))
            for limit in (0, RANK_LIMIT, None)
        }
        eligible = {
            name: len(rank(need, candidates, weights))
            for name, need in (("German + Arabic", heavy), ("Arabic only", arabic))
        }
        batch_runs = []
        for _ in range(BATCH_RUNS):
            seconds, batch = timed(assign_batch, needs, candidates, weights)
            batch_runs.append(seconds)
        greedy_seconds, greedy = timed(assign_greedy, needs, candidates, weights)

    batch_matched, batch_score = totals(batch, needs, candidates, weights)
    greedy_matched, greedy_score = totals(greedy, needs, candidates, weights)
    not_worse = (batch_matched, batch_score + 1e-6 * NEEDS) >= (greedy_matched, greedy_score)
    batch_p50 = statistics.median(batch_runs)
    free_places = sum(max(candidate.capacity - candidate.active, 0) for candidate in candidates)

    lines = [
        "",
        f"Matching core (issue 5): matching/ranking.py, no database; Python {platform.python_version()}, "
        f"numpy {np.__version__}, OR-tools {ortools.__version__}, {os.cpu_count()} CPUs",
        f"  data: {CANDIDATES} volunteers ({free_places} free places), {NEEDS} requests, seed {SEED}",
    ]
    for (need_name, limit), runs in rank_runs.items():
        p50 = statistics.median(runs)
        figure = f"p50 {p50:.1f} ms of {RANK_RUNS} runs"
        head = f"  rank() {need_name} ({eligible[need_name]} eligible of {CANDIDATES})"
        if limit == 0:
            lines.append(f"{head}, scoring alone (criteria, score, sort; no reasons): {figure}   {goal_rank(p50)}")
        elif limit:
            lines.append(f"{head}, top {limit} with reasons: {figure}   {goal_rank(p50)}")
        else:
            lines.append(f"{head}, every eligible one with reasons: {figure}   (no goal: the page shows a top list)")
    lines += [
        f"  assign_batch() {NEEDS} x {CANDIDATES}: p50 {batch_p50:.2f} s of {BATCH_RUNS} runs "
        f"(min {min(batch_runs):.2f}, max {max(batch_runs):.2f})   goal < {GOAL_BATCH_S} s   "
        f"{verdict(batch_p50 < GOAL_BATCH_S)}",
        f"    batch:  {batch_matched} matched, total score {batch_score:.2f}",
        f"    greedy: {greedy_matched} matched, total score {greedy_score:.2f} ({greedy_seconds:.2f} s)",
        f"    batch not worse than greedy (matched, then score): {verdict(not_worse)}",
    ]

    report_append(lines)


if __name__ == "__main__":
    main()
