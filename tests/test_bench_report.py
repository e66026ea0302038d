"""The parts of `make bench` that judge and report (bench/checks.py, bench/report.py, bench/middleware.py): they
run only in a full benchmark, so their rules are pinned here on made-up figures."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from bench.checks import Page, Probe, query_check, size_check
from bench.data import AdminObjects
from bench.middleware import HEADER, QueryCountMiddleware
from bench.report import table
from bench.run import pages_measured
from bench.wrk import Load, Rounds
from tests.test_admin_queries import PAGES
from volunteers.models import Site

BARE = Page("bare", "/bench/bare/")


def rounds(p95_ms: float, *, ratios: tuple[float, ...] = ()) -> Rounds:
    load = Load(rate=100.0, p50_ms=p95_ms / 2, p95_ms=p95_ms, non2xx=0, socket_errors=0)
    return Rounds(loads=[load], ratios=list(ratios))


def test_query_check_limit_on_budgeted_pages_none_on_hot_ones():
    form = Page("form", "/form/", hot=False)
    hot = Page("home", "/")

    assert query_check(form, Probe(queries=15, size_bytes=0)).passed
    assert not query_check(form, Probe(queries=16, size_bytes=0)).passed
    assert query_check(hot, Probe(queries=40, size_bytes=0)).goal == "-"


def test_size_check_limit_on_admin_pages_only():
    admin = Page("admin: events", "/admin/events/event/", hot=False, coordinator=True)
    form = Page("form", "/form/", hot=False)

    assert size_check(admin, Probe(queries=1, size_bytes=299 * 1024)).figure == "299 KB"
    assert not size_check(admin, Probe(queries=1, size_bytes=300 * 1024)).passed
    assert size_check(form, Probe(queries=1, size_bytes=900 * 1024)).goal == "-"


def test_table_shows_queries_and_size_beside_their_goals_and_names_what_failed():
    home = Page("home", "/")
    events = Page("admin: events", "/admin/events/event/", hot=False, coordinator=True)
    batch = Page("admin: batch", "/admin/matching/helprequest/batch/", hot=False, coordinator=True)
    measured = {
        ("bare", 1): rounds(8),
        ("bare", 20): rounds(60),
        ("home", 1): rounds(5, ratios=(1.2,)),
        ("home", 20): rounds(40, ratios=(0.4,)),
        ("admin: events", 1): rounds(90),
        ("admin: batch", 1): rounds(400),
    }
    probes = {
        "bare": Probe(queries=1, size_bytes=4096),
        "home": Probe(queries=1, size_bytes=20 * 1024),
        "admin: events": Probe(queries=9, size_bytes=120 * 1024),
        "admin: batch": Probe(queries=16, size_bytes=90 * 1024),
    }

    lines, passed, failed = table(BARE, [home, events, batch], measured, probes)

    rows = {line.split("  ")[0]: line.split() for line in lines[2:] if line}
    assert lines[0].split()[9:13] == ["queries", "goal", "size", "goal"]
    assert rows["admin: events"][2:] == [
        "1", "100.0", "45.0", "90.0", "p95", "90.0", "ms", "p95", "<", "150", "ms", "9", "<=", "15",
        "120", "KB", "<", "300", "KB", "PASS", "-", "0",
    ]  # fmt: skip
    assert "FAIL (speed, queries)" in next(line for line in lines if line.startswith("admin: batch"))
    # home at 1 and 20 connections (its queries and size have no goal), events' three goals, batch's three
    assert (passed, failed) == (1 + 3 + 1, 1 + 2)


@pytest.mark.django_db
def test_query_count_middleware_answers_the_count_only_when_asked():
    def view(request):
        Site.objects.count()
        Site.objects.exists()
        return HttpResponse("ok")

    middleware = QueryCountMiddleware(view)

    asked = middleware(RequestFactory().get("/", headers={HEADER: "1"}))
    unasked = middleware(RequestFactory().get("/"))

    assert asked[HEADER] == "2"
    assert HEADER not in unasked


def test_bench_measures_every_admin_list_a_coordinator_opens_each_page_once():
    ids = dict.fromkeys(["event_id", "signup_id", "request_id", "volunteer_id", "onboarding_id", "interest_id"], 1)
    admin = AdminObjects(**ids, event_signups=400, hour_entry_id=1, qualification_id=1, description="")

    pages = pages_measured(crowded_event_id=1, calendar_token="token", admin=admin)

    paths = {page.path for page in pages}
    lists = {reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in PAGES}
    assert lists <= paths
    assert reverse("admin:matching_helprequest_batch") in paths
    assert len({page.name for page in pages}) == len(pages)
    assert all(page.coordinator and not page.hot for page in pages if page.path.startswith("/admin/"))
