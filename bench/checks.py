"""The goals `make bench` checks, as DECISIONS.md ("Benchmarks") sets them.

Hot pages, the ones many people open often, keep at least half the throughput of the bare page served the same
way in the same run, at 1 and at 20 connections: a ratio, because the shared machine's absolute speed says
little. Other pages have a time budget instead, at one connection: p95 under 50 ms for the forms, under 150 ms
for the coordinators' admin pages. Query counts
are not checked here: tests/test_query_counts.py and the list views' tests pin them at 1 and at 50 rows, where
a page that starts to read row by row fails at once and without a full-scale database.
"""

from dataclasses import dataclass

from bench.wrk import Rounds

THROUGHPUT_GOAL = 0.5  # of the bare page's, at the same connections
P95_BUDGET_MS = 50  # at one connection
ADMIN_P95_BUDGET_MS = 150


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    logged_in: bool = False
    hot: bool = True  # the throughput goal; otherwise the time budget
    coordinator: bool = False  # an admin page, opened by the benchmark's Stade coordinator

    @property
    def budget_ms(self) -> int:
        return ADMIN_P95_BUDGET_MS if self.coordinator else P95_BUDGET_MS


@dataclass(frozen=True)
class Check:
    figure: str
    goal: str
    passed: bool


def check(page: Page, connections: int, rounds: Rounds) -> Check | None:
    """The page's goal at this number of connections, or None where it has none (the budget's beyond one)."""
    if page.hot:
        ratio = rounds.ratio
        return Check(f"{ratio:.2f} x bare", f">= {THROUGHPUT_GOAL:.2f} x bare", ratio >= THROUGHPUT_GOAL)
    if connections == 1:
        p95 = rounds.median("p95_ms")
        return Check(f"p95 {p95:.1f} ms", f"p95 < {page.budget_ms} ms", p95 < page.budget_ms)
    return None
