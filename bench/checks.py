"""The goals `make bench` checks, as DECISIONS.md ("Benchmarks") sets them.

Hot pages, the ones many people open often, keep at least half the throughput of the bare page served the same
way in the same run, at 1 and at 20 connections: a ratio, because the shared machine's absolute speed says
little. Other pages have a time budget instead, at one connection: p95 under 50 ms for the forms, under 150 ms
for the coordinators' admin pages. Those pages also run at most 15 queries, and no admin page is over 300 KB of
HTML (issue 17): both read from one request of each page (``Probe``, bench.server.probe). That the count stays
the same at 1 and at 50 rows is checked by make test (tests/test_query_counts.py, tests/test_admin_queries.py),
where a page that starts to read row by row fails at once and without a full-scale database.
"""

from dataclasses import dataclass

from bench.wrk import Rounds

THROUGHPUT_GOAL = 0.5  # of the bare page's, at the same connections
P95_BUDGET_MS = 50  # at one connection
ADMIN_P95_BUDGET_MS = 150
QUERY_LIMIT = 15  # the pages with a time budget
ADMIN_SIZE_LIMIT_KB = 300


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    logged_in: bool = False
    hot: bool = True  # the throughput goal; otherwise the time budget and the query limit
    coordinator: bool = False  # an admin page, opened by the benchmark's Stade coordinator

    @property
    def budget_ms(self) -> int:
        return ADMIN_P95_BUDGET_MS if self.coordinator else P95_BUDGET_MS

    def cookie(self, *, volunteer: str, coordinator: str) -> str:
        """The session cookie the page is opened with ("" for a visitor's)."""
        return coordinator if self.coordinator else volunteer if self.logged_in else ""


@dataclass(frozen=True)
class Probe:
    """One warm request of a page (``bench.server.probe``): its queries (bench.middleware) and its size."""

    queries: int
    size_bytes: int

    @property
    def kb(self) -> float:
        return self.size_bytes / 1024


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


def query_check(page: Page, probe: Probe) -> Check:
    """At most ``QUERY_LIMIT`` on the pages with a time budget; the hot pages' counts are shown without a goal
    here (theirs is to stay the same at 1 and 50 rows, which make test checks)."""
    if page.hot:
        return Check(str(probe.queries), "-", True)
    return Check(str(probe.queries), f"<= {QUERY_LIMIT}", probe.queries <= QUERY_LIMIT)


def size_check(page: Page, probe: Probe) -> Check:
    """Below ``ADMIN_SIZE_LIMIT_KB`` on the admin pages; the others' sizes are shown without a goal."""
    if not page.coordinator:
        return Check(f"{probe.kb:.0f} KB", "-", True)
    return Check(f"{probe.kb:.0f} KB", f"< {ADMIN_SIZE_LIMIT_KB} KB", probe.kb < ADMIN_SIZE_LIMIT_KB)
