"""The runner of `make bench`: scripts/bench.sh starts PostgreSQL and Redis, then calls ``python -m bench.run``.

It migrates and seeds the database, serves the portal with gunicorn, logs the benchmark volunteer and coordinator
in, counts each page's queries and size (one request), loads each page with wrk and prints each figure beside its
goal (also written to artifacts/bench.txt). Exit status:
0 when every page answered 2xx, goals met or not (it is a report); 1 when a page or the set-up failed.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import django

from bench import BenchError, wrk
from bench.checks import Page
from bench.report import cpu_busy_meanwhile, method_lines, report_write, table
from bench.server import gunicorn_serving, log_in, probe

if TYPE_CHECKING:
    from bench.data import AdminObjects

BARE = Page("bare page (50 rows)", "/bench/bare/")


def pages_measured(*, crowded_event_id: int, calendar_token: str, admin: "AdminObjects") -> list[Page]:
    """The hot pages of DECISIONS.md, then the forms with a time budget, then the coordinators' admin pages."""
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
        # Recognition (issue 14): the volunteer's hours page.
        Page("hours page, logged in", "/mein-bereich/stunden/", logged_in=True, hot=False),
        # People's control of their data (issue 16): everything stored about the benchmark volunteer, whose five
        # years of weekly hours and many sign-ups make it the longest such page.
        Page("my data, logged in", "/mein-bereich/meine-daten/", logged_in=True, hot=False),
        *admin_pages(admin),
    ]


def admin_pages(admin: "AdminObjects") -> list[Page]:
    """Every admin page a coordinator opens (issue 17), as the Stade coordinator: the desk, each change list, the
    change pages with the most rows to show, the batch proposal, the Ehrenamtskarte's list and the add forms."""

    def page(name: str, path: str) -> Page:
        return Page(f"admin: {name}", f"/admin/{path}", hot=False, coordinator=True)

    return [
        # The coordinators' desk, the admin's first page (issue 17).
        page("desk", ""),
        # The way in (issue 13) and the lists it links to.
        page("way in", "volunteers/onboarding/"),
        page("way in, invited", "volunteers/onboarding/?step__exact=invited"),
        page("way in, one person", f"volunteers/onboarding/{admin.onboarding_id}/change/"),
        page("interest entries", "volunteers/interest/"),
        page("interest entry", f"volunteers/interest/{admin.interest_id}/change/"),
        page("volunteers", "volunteers/volunteer/"),
        page("volunteer", f"volunteers/volunteer/{admin.volunteer_id}/change/"),
        # Recognition (issue 14): the hours waiting for the coordinator, and the Ehrenamtskarte's list of eligible
        # volunteers over all 500,000 entries.
        page("hours waiting", "volunteers/hourentry/"),
        page("hours, one entry", f"volunteers/hourentry/{admin.hour_entry_id}/change/"),
        page("Ehrenamtskarte list", "volunteers/volunteer/ehrenamtskarte/"),
        page("certificates", "volunteers/certificate/"),
        page("legal texts", "volunteers/legaltext/"),
        page("sites", "volunteers/site/"),
        page("events", "events/event/"),
        page(f"event, {admin.event_signups} sign-ups", f"events/event/{admin.event_id}/change/"),
        page("event series", "events/eventseries/"),
        page("messages to attendees", "events/eventmessage/"),
        page("sign-ups", "events/signup/"),
        page("sign-ups of the event", f"events/signup/?event__id__exact={admin.event_id}"),
        page("sign-up", f"events/signup/{admin.signup_id}/change/"),
        page("training types", "events/trainingtype/"),
        page("qualifications", "events/qualification/"),
        page("qualification", f"events/qualification/{admin.qualification_id}/change/"),
        page("requests", "matching/helprequest/"),
        page("request with suggestions", f"matching/helprequest/{admin.request_id}/change/"),
        page("batch proposal", "matching/helprequest/batch/"),
        page("outbox", "outbox/mail/"),
        # The forms a coordinator fills in: none offers thousands of volunteers or events to choose from.
        page("new event", "events/event/add/"),
        page("new event series", "events/eventseries/add/"),
        page("new training type", "events/trainingtype/add/"),
        page("new qualification", "events/qualification/add/"),
        page("hours entered", "volunteers/hourentry/add/"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--run-dir", type=Path, required=True, help="scripts/bench.sh's temporary folder")
    parser.add_argument("--rounds", type=int, default=wrk.ROUNDS, help="fewer for a quick trial run")
    parser.add_argument("--seconds", type=int, default=wrk.SECONDS, help="of each wrk run of a hot page")
    parser.add_argument(
        "--budget-seconds", type=int, default=wrk.BUDGET_SECONDS, help="of each wrk run of a page with a time budget"
    )
    arguments = parser.parse_args()
    started = time.monotonic()
    wrk_path = wrk.wrk_path()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from bench import seed
    from bench.data import admin_objects, data_lines
    from volunteers.models import Volunteer

    print("== migrate", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    print(f"== seed ({seed.VOLUNTEERS:,} volunteers, {seed.EVENTS:,} events, {seed.SIGNUPS:,} sign-ups)", flush=True)
    seeded = seed.seed()
    data = data_lines(seeded)
    admin = admin_objects(seeded)
    data.append(admin.description)
    pages = pages_measured(
        crowded_event_id=seeded.crowded_event_id,
        calendar_token=Volunteer.objects.get(user_id=seeded.bench_user_id).calendar_token,
        admin=admin,
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    connection.close()  # gunicorn's workers are to have the database to themselves

    timing = {"rounds": arguments.rounds, "seconds": arguments.seconds}
    budget_timing = {"rounds": arguments.rounds, "seconds": arguments.budget_seconds}
    with gunicorn_serving(arguments.run_dir) as port:
        print(f"== gunicorn on port {port}", flush=True)
        cookie = log_in(port, seed.BENCH_EMAIL, seed.BENCH_PASSWORD)
        coordinator_cookie = log_in(
            port, seed.BENCH_COORDINATOR_EMAIL, seed.BENCH_PASSWORD, seed.BENCH_COORDINATOR_TOTP_SECRET
        )
        print("== queries and size of each page", flush=True)
        probes = {
            page.name: probe(port, page.path, cookie=page.cookie(volunteer=cookie, coordinator=coordinator_cookie))
            for page in [BARE, *pages]
        }
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
            **budget_timing,
        )
    busy_after = cpu_busy_meanwhile()

    lines, passed, failed = table(BARE, pages, measured, probes)
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
            *method_lines(
                port=port,
                postgres=postgres,
                wrk_version=wrk.wrk_version(wrk_path),
                budget_seconds=arguments.budget_seconds,
                **timing,
            ),
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
