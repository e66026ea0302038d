"""The runner of `make bench`: scripts/bench.sh starts PostgreSQL and Redis, then calls ``python -m bench.run``.

It migrates and seeds the database, serves the portal with gunicorn, logs the benchmark volunteer in, loads
each page with wrk and prints each figure beside its goal (also written to artifacts/bench.txt). Exit status:
0 when every page answered 2xx, goals met or not (it is a report); 1 when a page or the set-up failed.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import django

from bench import BenchError, wrk
from bench.checks import Page
from bench.report import cpu_busy_meanwhile, method_lines, report_write, table
from bench.server import gunicorn_serving, log_in

BARE = Page("bare page (50 rows)", "/bench/bare/")


def pages_measured(*, crowded_event_id: int, calendar_token: str) -> list[Page]:
    """The hot pages of DECISIONS.md, then the forms with a time budget."""
    return [
        Page("home /", "/"),
        Page("event list, anonymous", "/veranstaltungen/"),
        Page("event list, logged in", "/veranstaltungen/", logged_in=True),
        Page("event page, logged in", f"/veranstaltungen/{crowded_event_id}/", logged_in=True),
        Page("public feed .ics", "/veranstaltungen/oeffentlich.ics"),
        Page("personal feed .ics", f"/veranstaltungen/kalender/{calendar_token}.ics"),
        Page("help request form /hilfe/", "/hilfe/"),
        Page("login form (allauth)", "/accounts/login/"),
        Page("sign-up form (allauth)", "/accounts/signup/"),
        Page("dashboard, logged in", "/mein-bereich/", logged_in=True),
        Page("profile form, logged in", "/mein-bereich/profil/", logged_in=True, hot=False),
        Page("notification settings form", "/mein-bereich/benachrichtigungen/", logged_in=True, hot=False),
        Page("get involved form /mitmachen/", "/mitmachen/", hot=False),
        # The coordinators' view of the way in (issue 13) and the lists it links to, as the Stade coordinator.
        Page("admin: way in", "/admin/volunteers/onboarding/", hot=False, coordinator=True),
        Page(
            "admin: way in, invited", "/admin/volunteers/onboarding/?step__exact=invited", hot=False, coordinator=True
        ),
        Page("admin: interest entries", "/admin/volunteers/interest/", hot=False, coordinator=True),
        Page("admin: volunteers", "/admin/volunteers/volunteer/", hot=False, coordinator=True),
        # Recognition (issue 14): the volunteer's hours page, the hours waiting for the coordinator, and the
        # Ehrenamtskarte's list of eligible volunteers over all 500,000 entries.
        Page("hours page, logged in", "/mein-bereich/stunden/", logged_in=True, hot=False),
        Page("admin: hours waiting", "/admin/volunteers/hourentry/", hot=False, coordinator=True),
        Page("admin: Ehrenamtskarte list", "/admin/volunteers/volunteer/ehrenamtskarte/", hot=False, coordinator=True),
        # People's control of their data (issue 16): everything stored about the benchmark volunteer, whose five
        # years of weekly hours and many sign-ups make it the longest such page.
        Page("my data, logged in", "/mein-bereich/meine-daten/", logged_in=True, hot=False),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--run-dir", type=Path, required=True, help="scripts/bench.sh's temporary folder")
    parser.add_argument("--rounds", type=int, default=wrk.ROUNDS, help="fewer for a quick trial run")
    parser.add_argument("--seconds", type=int, default=wrk.SECONDS, help="of each wrk run")
    arguments = parser.parse_args()
    started = time.monotonic()
    wrk_path = wrk.wrk_path()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from bench import seed
    from bench.data import data_lines
    from volunteers.models import Volunteer

    print("== migrate", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    print(f"== seed ({seed.VOLUNTEERS:,} volunteers, {seed.EVENTS:,} events, {seed.SIGNUPS:,} sign-ups)", flush=True)
    seeded = seed.seed()
    data = data_lines(seeded)
    pages = pages_measured(
        crowded_event_id=seeded.crowded_event_id,
        calendar_token=Volunteer.objects.get(user_id=seeded.bench_user_id).calendar_token,
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    connection.close()  # gunicorn's workers are to have the database to themselves

    timing = {"rounds": arguments.rounds, "seconds": arguments.seconds}
    with gunicorn_serving(arguments.run_dir) as port:
        print(f"== gunicorn on port {port}", flush=True)
        cookie = log_in(port, seed.BENCH_EMAIL, seed.BENCH_PASSWORD)
        coordinator_cookie = log_in(
            port, seed.BENCH_COORDINATOR_EMAIL, seed.BENCH_PASSWORD, seed.BENCH_COORDINATOR_TOTP_SECRET
        )
        busy_before = cpu_busy_meanwhile()
        hot = [page for page in pages if page.hot]
        budgeted = [page for page in pages if not page.hot]
        measured = wrk.measure(wrk_path, port, hot, loads=wrk.LOADS, cookie=cookie, bare=BARE, **timing)
        measured |= wrk.measure(
            wrk_path,
            port,
            budgeted,
            loads=wrk.LOADS[:1],
            cookie=cookie,
            coordinator_cookie=coordinator_cookie,
            **timing,
        )
    busy_after = cpu_busy_meanwhile()

    lines, passed, failed = table(BARE, pages, measured)
    errors = sum(rounds.errors for rounds in measured.values())
    report_write(
        [
            "",
            "MachMit `make bench`",
            "",
            *lines,
            "",
            f"goals: {passed} PASS, {failed} FAIL; answers other than 2xx and socket errors: "
            + ("none" if not errors else f"{errors} FAIL"),
            "",
            "data:   " + "\n        ".join(data),
            "",
            *method_lines(port=port, postgres=postgres, wrk_version=wrk.wrk_version(wrk_path), **timing),
            f"        CPUs busy with other programs while the benchmark idled: {busy_before} before the load phase, "
            f"{busy_after} after gunicorn stopped (2 s each); anything else running lowers every figure",
            f"run:    {time.monotonic() - started:.0f} s for migrate, seed and load",
        ]
    )
    return 1 if errors else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"bench: FAIL: {error}", file=sys.stderr)
        sys.exit(1)
