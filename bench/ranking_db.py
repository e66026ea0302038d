"""Ranking for one request from the database (issue 5): SQL narrowing by the hard criteria, loading the
candidates, scoring, against the seeded PostgreSQL of scripts/bench.sh. Run after bench.run.

Prints the p50 of 20 runs for a request in German and Arabic (every seeded volunteer qualifies: the worst
case) and for one in Arabic only, with the scoring alone beside it; appends to artifacts/bench.txt.
"""

import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()


from bench.report import report_append  # noqa: E402
from matching.ranking import Need, rank  # noqa: E402
from matching.selectors import candidates_for, weights  # noqa: E402
from volunteers.models import Volunteer  # noqa: E402

GOAL_MS = 50
RUNS = 20


def measure(languages: list[str]) -> str:
    need = Need(
        request_id=0,
        languages=frozenset(languages),
        topics=frozenset({"health", "authorities"}),
        municipality="stade",
        site_id=None,
        availability=0b111000111,
        gender_preference="",
        children=False,
    )
    totals, scoring = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        candidates = candidates_for(need=need)
        loaded = time.perf_counter()
        rank(need, candidates, weights(), limit=10)
        finished = time.perf_counter()
        totals.append((finished - started) * 1000)
        scoring.append((finished - loaded) * 1000)
    total = statistics.median(totals)
    verdict = "PASS" if total < GOAL_MS else "FAIL"
    return (
        f"  {'+'.join(languages):6} {len(candidates):6} candidates: request to ranked list p50 {total:6.1f} ms "
        f"(goal < {GOAL_MS} ms {verdict}); scoring alone {statistics.median(scoring):5.1f} ms"
    )


def main() -> None:
    lines = [
        "",
        f"Ranking one request from the database (issue 5), {Volunteer.objects.count()} volunteers, p50 of {RUNS}:",
        measure(["de", "ar"]),
        measure(["ar"]),
    ]
    report_append(lines)


if __name__ == "__main__":
    main()
