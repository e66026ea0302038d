"""Recognition at full scale (issue 14), against the seeded PostgreSQL of scripts/bench.sh. Run after bench.run.

Times the Ehrenamtskarte's eligibility over all 10,000 volunteers and 500,000 hour entries (the selector, as the
coordinators' list runs it, for all volunteers and for the Stade coordinator's), and the rendering of the
benchmark volunteer's certificate of engagement over five years of weekly entries (issue, record and PDF).
Prints the p50 of several runs beside each goal; appends to artifacts/bench.txt.
"""

import os
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.report import p50_ms, report_append  # noqa: E402
from bench.seed import BENCH_COORDINATOR_EMAIL, BENCH_EMAIL  # noqa: E402
from volunteers.documents import certificate_pdf  # noqa: E402
from volunteers.enums import DocumentKind  # noqa: E402
from volunteers.models import HourEntry, Site, User, Volunteer  # noqa: E402
from volunteers.permissions import volunteers_for_user  # noqa: E402
from volunteers.selectors import ehrenamtskarte_eligible  # noqa: E402
from volunteers.services import certificate_issue  # noqa: E402

ELIGIBILITY_GOAL_MS = 500
PDF_GOAL_S = 2
RUNS = 10


def eligibility(label: str, volunteers) -> str:
    today = timezone.localdate()
    p50, count = p50_ms(lambda: len(list(ehrenamtskarte_eligible(volunteers, today=today))), RUNS)
    verdict = "PASS" if p50 < ELIGIBILITY_GOAL_MS else "FAIL"
    return (
        f"  eligibility, {label:28} {count:5} eligible: p50 {p50:6.1f} ms (goal < {ELIGIBILITY_GOAL_MS} ms {verdict})"
    )


def certificate() -> str:
    volunteer = Volunteer.objects.select_related("user").get(user__email=BENCH_EMAIL)
    entries = HourEntry.objects.filter(volunteer=volunteer).count()
    today = timezone.localdate()

    def issue_and_render() -> int:
        with transaction.atomic():
            issued = certificate_issue(
                volunteer=volunteer,
                kind=DocumentKind.ENGAGEMENT,
                period_start=today - timedelta(days=5 * 365),
                period_end=today,
                language="de",
                site=Site.objects.get(slug="stade"),
                issuer_name="Klara Koordination",
                by=volunteer.user,
            )
            pdf = certificate_pdf(issued)
            transaction.set_rollback(True)  # the record is not the point here
        return len(pdf)

    issue_and_render()  # the first one imports WeasyPrint and loads the fonts (once per process)
    p50, size = p50_ms(issue_and_render, 5)
    verdict = "PASS" if p50 < PDF_GOAL_S * 1000 else "FAIL"
    return (
        f"  certificate PDF over {entries} entries (five years, weekly), issued and rendered: p50 {p50:6.0f} ms, "
        f"{size / 1024:.0f} KB (goal < {PDF_GOAL_S} s {verdict})"
    )


def main() -> None:
    coordinator = User.objects.get(email=BENCH_COORDINATOR_EMAIL)
    report_append(
        [
            "",
            f"Recognition (issue 14), {Volunteer.objects.count():,} volunteers, {HourEntry.objects.count():,} hour "
            f"entries, p50 of {RUNS}:",
            eligibility("all volunteers", Volunteer.objects.all()),
            eligibility("the Stade coordinator's", volunteers_for_user(coordinator)),
            certificate(),
        ]
    )


if __name__ == "__main__":
    main()
