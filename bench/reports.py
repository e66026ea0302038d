"""The funders' report at full scale (issue 15), against the seeded PostgreSQL of scripts/bench.sh. Run after
bench.run.

Times one year's report of the whole centre (10,000 volunteers, 2,000 events, 100,000 sign-ups, 5,000 requests,
500,000 hour entries) with its comparison to the year before, counts its queries beside those of a Stade quarter
(the same: the count does not grow with the data), and times the PDF with its charts and the Excel workbook.
Prints the p50 of several runs beside each goal; appends to artifacts/bench.txt.
"""

import os
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from dateutil.relativedelta import relativedelta  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from bench.report import p50_ms, report_append  # noqa: E402
from events.models import Event, Signup  # noqa: E402
from machmit.reports.compose import report_build  # noqa: E402
from machmit.reports.exports import report_pdf, report_xlsx  # noqa: E402
from matching.models import HelpRequest  # noqa: E402
from volunteers.models import HourEntry, Site, Volunteer  # noqa: E402
from volunteers.reports import Period  # noqa: E402

REPORT_GOAL_MS = 1000
PDF_GOAL_S = 3
RUNS = 5


def _queries(work) -> int:
    with CaptureQueriesContext(connection) as queries:
        work()
    return len(queries)


def main() -> None:
    today = timezone.localdate()
    year = Period(today - relativedelta(years=1) + timedelta(days=1), today)
    quarter = Period(today - relativedelta(months=3) + timedelta(days=1), today)
    sites = list(Site.objects.order_by("name"))
    stade = [site for site in sites if site.slug == "stade"]

    def whole_year():
        return report_build(period=year, sites=sites, whole_centre=True)

    with translation.override("de"):
        year_queries = _queries(whole_year)
        quarter_queries = _queries(lambda: report_build(period=quarter, sites=stade))
        p50, report = p50_ms(whole_year, RUNS)
        report_pdf(report)  # the first one imports WeasyPrint and loads the fonts (once per process)
        pdf_p50, pdf = p50_ms(lambda: report_pdf(report), 3)
        xlsx_p50, _workbook = p50_ms(lambda: report_xlsx(report), 3)

    verdict = "PASS" if p50 < REPORT_GOAL_MS else "FAIL"
    pdf_verdict = "PASS" if pdf_p50 < PDF_GOAL_S * 1000 else "FAIL"
    report_append(
        [
            "",
            f"Reports (issue 15), {Volunteer.objects.count():,} volunteers, {Event.objects.count():,} events, "
            f"{Signup.objects.count():,} sign-ups, {HelpRequest.objects.count():,} requests, "
            f"{HourEntry.objects.count():,} hour entries:",
            f"  one year's report of the whole centre, with the year before: p50 {p50:6.0f} ms of {RUNS} "
            f"(goal < {REPORT_GOAL_MS} ms {verdict})",
            f"  queries: {year_queries} for the whole centre's year, {quarter_queries} for a Stade quarter "
            f"(goal: fixed, {'PASS' if year_queries == quarter_queries else 'FAIL'})",
            f"  its PDF with the charts: p50 {pdf_p50:6.0f} ms, {len(pdf) / 1024:.0f} KB (goal < {PDF_GOAL_S} s "
            f"{pdf_verdict}); its Excel workbook: p50 {xlsx_p50:4.0f} ms",
        ]
    )


if __name__ == "__main__":
    main()
