"""The funders' report, end to end: the Stade coordinator opens it from the admin's start page, switches the
period, looks at the charts (axe-core finds nothing serious), and downloads PDF, Excel and CSV; the workbook
opens with openpyxl and its key figures are the page's."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from tests.browser.conftest import second_factor_enter
from tests.factories import site

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_PASSWORD = "machmit-demo"


def page_key_figures(page) -> dict[str, str]:
    """The overview's rows: label to this period's figure as the page shows it."""
    table = page.locator("#overview table")
    return {
        row.locator("th").inner_text().strip(): row.locator("td").first.inner_text().strip()
        for row in table.locator("tbody tr").all()
    }


def number(text: str) -> float | str:
    """A figure as the German page writes it (1.234 or 12,5) as a number; a mark ("< 5") as it is."""
    return float(text.replace(".", "").replace(",", ".")) if text[0].isdigit() else text


@pytest.mark.parametrize("viewport", ["desktop"])
def test_coordinator_switches_the_period_looks_at_the_charts_and_downloads_the_report(watch, page, live_server):
    site("stade"), site("buxtehude")  # the data migration's rows, which a transactional test's flush removed
    call_command("load_demo_data")
    last_year = timezone.localdate().year - 1

    watch.goto(f"{live_server.url}/accounts/login/?next=/admin/")
    page.fill("input[name=login]", "koordination.stade@example.org")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    second_factor_enter(page, "koordination.stade@example.org")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.get_by_role("link", name="Bericht für die Fördermittelgeber").click()
    page.wait_for_url(re.compile(r"/admin/bericht/$"))
    assert page.locator("h1.report-title").inner_text().startswith("MachMit Stade: 01.01.")

    page.select_option("select[name=year]", str(last_year))
    page.select_option("select[name=quarter]", "2")
    page.get_by_role("button", name="Bericht anzeigen").click()
    page.wait_for_url(re.compile(r"/admin/bericht/\?"))
    assert page.locator("h1.report-title").inner_text() == f"MachMit Stade: 01.04.{last_year} – 30.06.{last_year}"

    charts = page.locator("svg[role=img]")
    assert charts.count() == 5
    assert page.locator("#events svg rect").count() > 0
    watch.check_admin("report", "desktop")
    figures = page_key_figures(page)
    assert figures["Durchgeführte Veranstaltungen"].isdigit()

    downloads = {}
    for name in ("PDF", "Excel", "CSV"):
        with page.expect_download() as download:
            page.locator(".report-downloads").get_by_role("link", name=name, exact=True).click()
        downloads[name] = Path(download.value.path()).read_bytes()

    assert downloads["PDF"].startswith(b"%PDF")
    workbook = load_workbook(io.BytesIO(downloads["Excel"]))
    sheet = workbook["Überblick"].iter_rows(values_only=True)
    cells = {row[0]: row[1] if isinstance(row[1], str) else float(row[1]) for row in sheet if row[0] in figures}
    assert cells == {label: number(text) for label, text in figures.items()}
    lines = list(csv.reader(io.StringIO(downloads["CSV"].decode("utf-8-sig")), delimiter=";"))
    assert ["Überblick", "Durchgeführte Veranstaltungen", figures["Durchgeführte Veranstaltungen"]] in [
        line[:3] for line in lines
    ]
