"""The runner of `make bench`: scripts/bench.sh starts PostgreSQL and Redis, then calls ``python -m bench.run``.

It migrates and seeds the database, serves the portal with gunicorn, logs the benchmark volunteer in, counts
each page's SQL queries, loads each page with wrk, and prints the table (also written to artifacts/bench.txt).
Exit status: 0 when every page answered 2xx, goals met or not (it is a report); 1 when a page or the set-up
failed.
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import django

WORKERS = 2
LOADS = [(1, 1), (2, 20)]  # (wrk threads, connections)
# Every page is measured once in each of ROUNDS rounds, each time right after the bare page; its ratio is the
# median of the rounds' ratios to that bare page run. The shared machine's speed drifts by tens of percent
# within a minute (with the bare page run once a round, one run put the login form at 0.47 in one round and 1.11
# in another): a ratio thus compares two runs seconds apart, and one disturbed round does not decide it.
ROUNDS = 3
WARMUP_SECONDS = 1  # before a page's first run
SECONDS = 2
THROUGHPUT_GOAL = 0.5  # of the bare page's, at the same connections (DECISIONS.md, "Benchmarks")
LIST_P95_GOAL_MS = 50  # at 1 connection (issue 3)
LUA_SCRIPT = Path(__file__).with_name("wrk.lua")


class BenchError(Exception):
    """The set-up failed or a page did not answer: the run cannot be reported."""


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    logged_in: bool = False
    p95_goal_ms: float | None = None


@dataclass(frozen=True)
class Load:
    rate: float
    p50_ms: float
    p95_ms: float
    non2xx: int
    socket_errors: int


@dataclass(frozen=True)
class Rounds:
    """A page's runs at one number of connections and its ratios to the bare page run right before each."""

    loads: list[Load]
    ratios: list[float]

    def median(self, figure: str) -> float:
        return statistics.median(getattr(load, figure) for load in self.loads)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def errors(self) -> int:
        return sum(load.non2xx + load.socket_errors for load in self.loads)


@dataclass(frozen=True)
class RowCheck:
    """A page's query count with few rows and with many: it must not grow with the rows."""

    few_rows: int
    few_queries: int
    many_rows: int
    many_queries: int

    @property
    def passed(self) -> bool:
        return self.few_queries == self.many_queries


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_busy_meanwhile(seconds: float = 2) -> str:
    """How busy the CPUs are while the benchmark itself idles: other programs distort the figures."""

    def sample() -> tuple[int, int]:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]  # all, idle + iowait

    try:
        total_before, idle_before = sample()
        time.sleep(seconds)
        total_after, idle_after = sample()
    except (OSError, ValueError, IndexError):
        return "?"
    total = total_after - total_before
    return f"{100 * (1 - (idle_after - idle_before) / total):.0f} %" if total else "?"


def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


# Serving and logging in


def start_gunicorn(run_dir: Path, port: int) -> subprocess.Popen:
    from django.conf import settings

    log = run_dir / "gunicorn.log"
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "machmit.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={WORKERS}",
        "--worker-class=sync",
        f"--pid={run_dir / 'gunicorn.pid'}",
        f"--error-logfile={log}",
        # Not the shared default in ~/.gunicorn, where another gunicorn on this machine may sit.
        "--no-control-socket",
    ]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=environment)  # noqa: S603  (our own program)
    deadline = time.monotonic() + 30
    while True:
        try:
            if request(port, "GET", "/healthz/")[0] == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise BenchError(f"gunicorn did not start:\n{log.read_text() if log.exists() else ''}")
        time.sleep(0.2)


def request(port: int, method: str, path: str, *, body: str = "", headers: dict | None = None):
    """One request on a new connection (sync workers close each one): status, headers, body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def log_in(port: int, email: str, password: str) -> str:
    """A real POST to allauth's login form; returns the Cookie header of the session."""
    cookies = SimpleCookie()
    status, headers, page = request(port, "GET", "/accounts/login/")
    for header in headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or token is None or "csrftoken" not in cookies:
        raise BenchError(f"the login page answered {status} without a CSRF token")
    status, headers, _body = request(
        port,
        "POST",
        "/accounts/login/",
        body=urlencode({"csrfmiddlewaretoken": token.group(1), "login": email, "password": password}),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken'].value}",
        },
    )
    for header in headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    if status != 302 or headers["Location"] != "/mein-bereich/" or "sessionid" not in cookies:
        raise BenchError(f"logging in as {email} answered {status} to {headers['Location']}")
    return "; ".join(f"{name}={cookies[name].value}" for name in ("sessionid", "csrftoken"))


# SQL queries


def count_queries(client, path: str) -> int:
    """The queries of one request, after a first request has filled whatever a process caches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise BenchError(f"{path} answered {response.status_code} to the test client")
    return len(queries)


def list_row_check(client, user) -> RowCheck:
    """The event list under the filter (site, kind, month) with the fewest events and the one with the most."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from events import selectors
    from events.forms import month_choices
    from events.views import PAGE_SIZE

    months = {value for value, _label in month_choices() if value}
    groups = (
        selectors.event_list(user=user)
        .annotate(month=TruncMonth("starts_at"))
        .values("site_id", "kind", "month")
        .annotate(rows=Count("id"))
        .order_by("rows", "site_id", "kind", "month")
    )
    shown = [group for group in groups if f"{group['month']:%Y-%m}" in months]
    few, many = shown[0], shown[-1]

    def path(group) -> str:
        return f"/veranstaltungen/?site={group['site_id']}&kind={group['kind']}&month={group['month']:%Y-%m}"

    return RowCheck(
        few_rows=few["rows"],
        few_queries=count_queries(client, path(few)),
        many_rows=min(many["rows"], PAGE_SIZE),
        many_queries=count_queries(client, path(many)),
    )


def dashboard_row_check(client, bench_volunteer) -> RowCheck:
    """The dashboard of the volunteer with the fewest coming sign-ups (at least one) against the benchmark's."""
    from django.db.models import Count, Q
    from django.test import Client
    from django.utils import timezone

    from events import selectors
    from events.enums import SignupStatus
    from volunteers.models import Volunteer

    coming = Q(signups__event__ends_at__gte=timezone.now()) & ~Q(signups__status=SignupStatus.CANCELLED)
    few = (
        Volunteer.objects.annotate(coming=Count("signups", filter=coming))
        .filter(coming__gte=1)
        .order_by("coming", "id")
        .select_related("user")
        .first()
    )
    other = Client()
    other.force_login(few.user)
    return RowCheck(
        few_rows=few.coming,
        few_queries=count_queries(other, "/mein-bereich/"),
        many_rows=len(selectors.my_signups(volunteer=bench_volunteer)),
        many_queries=count_queries(client, "/mein-bereich/"),
    )


# The data


def data_sizes(seeded) -> list[str]:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Count, F, Q
    from django.utils import timezone

    from bench.seed import BENCH_EMAIL
    from events import selectors
    from events.enums import Audience, EventStatus, SignupRole, SignupStatus
    from events.models import Event, Qualification, Signup
    from matching.enums import RequestStatus
    from matching.models import HelpRequest
    from volunteers.models import PoliceCertificate, User, Volunteer, VolunteerLanguage, VolunteerTopic

    now = timezone.now()
    users = User.objects.aggregate(
        total=Count("id"), verified=Count("emailaddress", filter=Q(emailaddress__verified=True))
    )
    events = Event.objects.aggregate(
        total=Count("id"),
        published=Count("id", filter=Q(status=EventStatus.PUBLISHED)),
        cancelled=Count("id", filter=Q(status=EventStatus.CANCELLED)),
        draft=Count("id", filter=Q(status=EventStatus.DRAFT)),
        past=Count("id", filter=Q(ends_at__lt=now)),
        public=Count("id", filter=Q(audience=Audience.PUBLIC)),
        unlimited=Count("id", filter=Q(capacity=None)),
    )
    signups = Signup.objects.aggregate(
        total=Count("id"),
        confirmed=Count("id", filter=Q(status=SignupStatus.CONFIRMED)),
        waitlisted=Count("id", filter=Q(status=SignupStatus.WAITLISTED)),
        cancelled=Count("id", filter=Q(status=SignupStatus.CANCELLED)),
    )
    participants = Q(signups__status=SignupStatus.CONFIRMED, signups__role=SignupRole.PARTICIPANT)
    mismatched = (
        Event.objects.annotate(confirmed=Count("signups", filter=participants))
        .exclude(confirmed_count=F("confirmed"))
        .count()
    )
    if mismatched:
        raise BenchError(f"{mismatched} events' confirmed_count differs from their confirmed sign-ups")
    requests = HelpRequest.objects.aggregate(
        total=Count("id"),
        new=Count("id", filter=Q(status=RequestStatus.NEW)),
        open=Count("id", filter=Q(status__in=[RequestStatus.PROPOSED, RequestStatus.ACTIVE])),
        ended=Count("id", filter=Q(status__in=[RequestStatus.CLOSED, RequestStatus.REJECTED])),
    )
    bench_user = User.objects.get(email=BENCH_EMAIL)
    bench_volunteer = Volunteer.objects.get(user=bench_user)
    crowded = Event.objects.get(pk=seeded.crowded_event_id)
    crowded_signups = crowded.signups.aggregate(
        total=Count("id"), waitlisted=Count("id", filter=Q(status=SignupStatus.WAITLISTED))
    )
    position = selectors.own_signup(user=bench_user, event=crowded).waitlist_position
    return [
        f"users {users['total']:,} ({users['verified']:,} verified e-mail addresses), volunteer profiles "
        f"{Volunteer.objects.count():,} with {VolunteerLanguage.objects.count():,} languages and "
        f"{VolunteerTopic.objects.count():,} help topics, {Volunteer.sites.through.objects.count():,} chosen sites",
        f"events {events['total']:,}: {events['published']:,} published, {events['cancelled']:,} cancelled, "
        f"{events['draft']:,} drafts; {events['past']:,} past (3 months), {events['total'] - events['past']:,} "
        f"coming (12 months); {events['public']:,} public; {events['unlimited']:,} without a limit",
        f"event list: {selectors.event_list(user=AnonymousUser()).count():,} coming events for visitors, "
        f"{selectors.event_list(user=bench_user).count():,} for volunteers (20 a page); public feed: "
        f"{selectors.public_event_list().count():,} events",
        f"sign-ups {signups['total']:,}: {signups['confirmed']:,} confirmed, {signups['waitlisted']:,} waitlisted, "
        f"{signups['cancelled']:,} cancelled; every event's confirmed_count equals its confirmed participants",
        f"event page measured: #{crowded.pk} ({crowded.title}), {crowded_signups['total']} sign-ups for "
        f"{crowded.capacity} places, {crowded_signups['waitlisted']} waitlisted, the benchmark volunteer is "
        f"number {position} on its waiting list",
        f"benchmark volunteer {BENCH_EMAIL}: {len(selectors.my_signups(volunteer=bench_volunteer))} coming "
        f"sign-ups on the dashboard",
        f"newcomers' requests {requests['total']:,}: {requests['new']:,} new, {requests['open']:,} proposed or "
        f"active, {requests['ended']:,} closed or rejected; {Qualification.objects.count():,} qualifications, "
        f"{PoliceCertificate.objects.count():,} police-certificate inspections",
        f"seeded in {seeded.seconds:.0f} s with bulk_create, then VACUUM ANALYZE and CHECKPOINT",
    ]


# Load


def run_wrk(wrk: str, url: str, threads: int, connections: int, seconds: int, cookie: str) -> Load:
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout=30s", "-s", str(LUA_SCRIPT)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    finished = subprocess.run([*command, url], capture_output=True, text=True, check=False)  # noqa: S603
    found = re.search(r"^BENCH (.+)$", finished.stdout, re.MULTILINE)
    if finished.returncode != 0 or found is None:
        raise BenchError(f"wrk failed on {url}:\n{finished.stdout}{finished.stderr}")
    figures = {key: float(value) for key, value in (item.split("=") for item in found.group(1).split())}
    return Load(
        rate=figures["requests"] / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        non2xx=int(figures["non2xx"]),
        socket_errors=int(figures["socket_errors"]),
    )


def load_page(wrk: str, port: int, page: Page, threads: int, connections: int, cookie: str, *, warm_up: bool) -> Load:
    url = f"http://127.0.0.1:{port}{page.path}"
    page_cookie = cookie if page.logged_in else ""
    if warm_up:
        run_wrk(wrk, url, threads, connections, WARMUP_SECONDS, page_cookie)
    return run_wrk(wrk, url, threads, connections, SECONDS, page_cookie)


# The report


def table(
    pages: list[Page], measured: dict[tuple[str, int], Rounds], queries: dict, row_checks: dict
) -> tuple[list[str], int, int]:
    """The table's lines, the number of goals passed and failed."""
    header = [
        "page",
        "conns",
        "req/s",
        "p50 ms",
        "p95 ms",
        f"x bare (goal >= {THROUGHPUT_GOAL:.2f}; rounds)",
        f"p95 goal (< {LIST_P95_GOAL_MS} ms at 1 conn)",
        "SQL",
        "SQL few rows = many rows",
        "non-2xx",
    ]
    rows, passed, failed = [], 0, 0
    bare = pages[0]
    for _threads, connections in LOADS:
        for page in pages:
            rounds = measured[page.name, connections]
            if page is bare:
                ratio_text = "1.00 (reference)"
            else:
                ratio_ok = rounds.ratio >= THROUGHPUT_GOAL
                spread = ", ".join(f"{ratio:.2f}" for ratio in rounds.ratios)
                ratio_text = f"{rounds.ratio:.2f} {verdict(ratio_ok)} ({spread})"
                passed, failed = passed + ratio_ok, failed + (not ratio_ok)
            p95_text = "-"
            if page.p95_goal_ms is not None and connections == 1:
                p95 = rounds.median("p95_ms")
                p95_ok = p95 < page.p95_goal_ms
                p95_text = f"{p95:.1f} {verdict(p95_ok)}"
                passed, failed = passed + p95_ok, failed + (not p95_ok)
            check = row_checks.get(page.name)
            check_text = "-"
            if check is not None:
                check_text = (
                    f"{check.few_queries} at {check.few_rows}, {check.many_queries} at {check.many_rows} "
                    f"{verdict(check.passed)}"
                )
                if connections == 1:
                    passed, failed = passed + check.passed, failed + (not check.passed)
            errors = rounds.errors
            rows.append(
                [
                    page.name,
                    str(connections),
                    f"{rounds.median('rate'):,.1f}",
                    f"{rounds.median('p50_ms'):.1f}",
                    f"{rounds.median('p95_ms'):.1f}",
                    ratio_text,
                    p95_text,
                    str(queries[page.name]),
                    check_text,
                    f"{errors} FAIL" if errors else "0",
                ]
            )
    widths = [max(len(line[column]) for line in [header, *rows]) for column in range(len(header))]
    right = {1, 2, 3, 4, 7}

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.rjust(width) if column in right else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    lines = [line(header), line(["-" * width for width in widths])]
    for index, row in enumerate(rows):
        if index == len(pages):
            lines.append("")
        lines.append(line(row))
    return lines, passed, failed


def method_lines(wrk_path: str, port: int) -> list[str]:
    import gunicorn
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    wrk = subprocess.run([wrk_path, "-v"], capture_output=True, text=True, check=False)  # noqa: S603
    words = (wrk.stdout + wrk.stderr).split()
    wrk_version = words[1] if len(words) > 1 else "?"
    loads = " and ".join(f"-t{threads} -c{connections}" for threads, connections in LOADS)
    return [
        f"server: gunicorn {gunicorn.__version__}, {WORKERS} sync workers, machmit.wsgi with bench.settings "
        f"(machmit.settings.local, DEBUG off, CONN_MAX_AGE=60), http://127.0.0.1:{port}",
        f"        PostgreSQL {postgres} and Redis (cache; sessions read from it, written through to PostgreSQL) on the "
        f"same machine ({os.cpu_count()} CPUs, shared with wrk); PostgreSQL runs with fsync off, as in make test",
        f"load:   wrk {wrk_version}, {loads}; {ROUNDS} rounds through all pages, each page right after a run of "
        f"the bare page, {SECONDS} s a run ({WARMUP_SECONDS} s warm-up before a page's first);",
        "        req/s = requests / duration, p50 and p95 from wrk's latency histogram: each the median of the runs;",
        "        'x bare' = the median of the page's ratios to the bare page run right before it (each round's in",
        "        brackets)",
        "        logged-in pages send the session cookie of a real POST to /accounts/login/",
        "SQL:    queries of one request through Django's test client after a warm-up request (CaptureQueriesContext),",
        "        session and user look-ups included; 'few rows = many rows': the event list under its sparsest and",
        "        densest filter (site, kind, month), the dashboard of a volunteer with the fewest coming sign-ups",
        f"goals:  req/s >= {THROUGHPUT_GOAL} x the bare page's at the same connections (DECISIONS.md, Benchmarks); "
        f"event list p95 < {LIST_P95_GOAL_MS} ms at 1 connection (issue 3); query count independent of rows",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--run-dir", type=Path, required=True, help="scripts/bench.sh's temporary folder")
    arguments = parser.parse_args()
    started = time.monotonic()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()

    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench import seed
    from volunteers.models import Volunteer

    print("== migrate", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    print(f"== seed ({seed.VOLUNTEERS:,} volunteers, {seed.EVENTS:,} events, {seed.SIGNUPS:,} sign-ups)", flush=True)
    seeded = seed.seed()
    sizes = data_sizes(seeded)
    bench_volunteer = Volunteer.objects.select_related("user").get(user_id=seeded.bench_user_id)

    wrk = shutil.which("wrk")
    if wrk is None:
        raise BenchError("wrk is not installed")
    port = free_port()
    print(f"== gunicorn on port {port}", flush=True)
    server = start_gunicorn(arguments.run_dir, port)
    try:
        cookie = log_in(port, seed.BENCH_EMAIL, seed.BENCH_PASSWORD)
        pages = [
            Page("bare page (50 rows)", "/bench/bare/"),
            Page("home /", "/"),
            Page("event list, anonymous", "/veranstaltungen/", p95_goal_ms=LIST_P95_GOAL_MS),
            Page("event list, logged in", "/veranstaltungen/", logged_in=True, p95_goal_ms=LIST_P95_GOAL_MS),
            Page("event page, logged in", f"/veranstaltungen/{seeded.crowded_event_id}/", logged_in=True),
            Page("dashboard, logged in", "/mein-bereich/", logged_in=True),
            Page("help request form /hilfe/", "/hilfe/"),
            Page("profile form, logged in", "/mein-bereich/profil/", logged_in=True),
            Page("login form (allauth)", "/accounts/login/"),
            Page("sign-up form (allauth)", "/accounts/signup/"),
            Page("public feed .ics", "/veranstaltungen/oeffentlich.ics"),
        ]

        print("== SQL queries", flush=True)
        anonymous, member = Client(), Client()
        member.cookies.load(cookie)
        queries = {page.name: count_queries(member if page.logged_in else anonymous, page.path) for page in pages}
        row_checks = {
            "event list, anonymous": list_row_check(anonymous, AnonymousUser()),
            "event list, logged in": list_row_check(member, bench_volunteer.user),
            "dashboard, logged in": dashboard_row_check(member, bench_volunteer),
        }
        method = method_lines(wrk, port)
        connection.close()

        busy_before = cpu_busy_meanwhile()
        bare = pages[0]
        runs: dict[tuple[str, int], list[Load]] = {}
        ratios: dict[tuple[str, int], list[float]] = {}
        for threads, connections in LOADS:
            for round_number in range(1, ROUNDS + 1):
                print(f"== wrk -t{threads} -c{connections}, round {round_number} of {ROUNDS}", flush=True)
                for page in pages[1:]:
                    warm_up = round_number == 1
                    bare_load = load_page(wrk, port, bare, threads, connections, cookie, warm_up=warm_up)
                    page_load = load_page(wrk, port, page, threads, connections, cookie, warm_up=warm_up)
                    runs.setdefault((bare.name, connections), []).append(bare_load)
                    runs.setdefault((page.name, connections), []).append(page_load)
                    ratios.setdefault((page.name, connections), []).append(page_load.rate / bare_load.rate)
    finally:
        server.terminate()
        server.wait(timeout=30)
    busy_after = cpu_busy_meanwhile()

    measured = {key: Rounds(loads=loads, ratios=ratios.get(key, [1.0])) for key, loads in runs.items()}
    lines, passed, failed = table(pages, measured, queries, row_checks)
    errors = sum(rounds.errors for rounds in measured.values())
    report = [
        "MachMit `make bench`",
        "",
        *lines,
        "",
        f"goals: {passed} PASS, {failed} FAIL; answers other than 2xx and socket errors: "
        + ("none" if not errors else f"{errors} FAIL"),
        "",
        "data:   " + "\n        ".join(sizes),
        "",
        *method,
        f"        CPUs busy with other programs while the benchmark idled: {busy_before} before the load phase, "
        f"{busy_after} after gunicorn stopped (2 s each); anything else running lowers every figure",
        f"run:    {time.monotonic() - started:.0f} s for migrate, seed, SQL counts and load",
    ]
    text = "\n".join(report) + "\n"
    print("\n" + text, end="")
    artifacts = settings.BASE_DIR / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "bench.txt").write_text(text)
    print(f"(written to {artifacts / 'bench.txt'})")
    return 1 if errors else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"bench: FAIL: {error}", file=sys.stderr)
        sys.exit(1)
