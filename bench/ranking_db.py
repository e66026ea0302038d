"""Ranking for one request from the database (issue 5), as the coordinator's page does it
(``matching.selectors.ranked_for``: the database scores every candidate by the hard and soft criteria and returns
the best ten, which are then loaded and ranked with their reasons), against the seeded PostgreSQL of
scripts/bench.sh. Run after bench.run.

Prints the p50 of 20 runs for a request in German and Arabic (every seeded volunteer speaks German: the worst
case), one in Arabic only and one with children involved and a gender preference, with the scoring alone (the
SQL query) beside it; appends to artifacts/bench.txt.
"""

import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()


from django.utils import timezone  # noqa: E402

from bench.report import report_append  # noqa: E402
from matching.enums import RequestStatus  # noqa: E402
from matching.models import HelpRequest  # noqa: E402
from matching.ranking import Need, shortlist  # noqa: E402
from matching.selectors import candidate_volunteers, ranked_for, weights  # noqa: E402
from volunteers.models import Volunteer  # noqa: E402

GOAL_MS = 50
RUNS = 20


def measure(languages: list[str], *, children: bool = False, gender: str = "") -> str:
    request = HelpRequest.objects.filter(status=RequestStatus.NEW).order_by("pk").first()
    need = Need(
        request_id=request.pk,
        languages=frozenset(languages),
        topics=frozenset({"health", "authorities"}),
        municipality="stade",
        site_id=None,
        availability=0b111000111,
        gender_preference=gender,
        children=children,
    )
    today = timezone.localdate()
    eligible = candidate_volunteers(need=need, today=today).count()
    totals, scoring = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        ranked = ranked_for(need=need, limit=10, today=today)
        totals.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        shortlist(need=need, weights=weights(), limit=10, today=today)
        scoring.append((time.perf_counter() - started) * 1000)
    if len(ranked) != min(10, eligible) and eligible >= 10:
        raise RuntimeError(f"ranked {len(ranked)} of {eligible} candidates")
    total = statistics.median(totals)
    verdict = "PASS" if total < GOAL_MS else "FAIL"
    label = "+".join(languages) + (", children" if children else "") + (f", {gender}" if gender else "")
    return (
        f"  {label:26} {eligible:6} candidates: request to ranked top 10 p50 {total:5.1f} ms "
        f"(goal < {GOAL_MS} ms {verdict}); scoring alone (SQL) {statistics.median(scoring):5.1f} ms"
    )


def main() -> None:
    lines = [
        "",
        f"Ranking one request from the database (issue 5), {Volunteer.objects.count()} volunteers, p50 of {RUNS}:",
        measure(["de", "ar"]),
        measure(["ar"]),
        measure(["de", "ar"], children=True, gender="female"),
    ]
    report_append(lines)


if __name__ == "__main__":
    main()
