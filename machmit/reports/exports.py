"""The report as a download: PDF (WeasyPrint, the centre's header, the charts included), Excel (a sheet per
section) and CSV. Each shows exactly what the page shows: a hidden figure is its mark ("< 5"), never its value."""

import csv
import io
from collections.abc import Callable

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from machmit.reports.compose import Report, Table
from machmit.reports.figures import Figure, Number
from volunteers.documents import pdf_render

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _lines(table: Table, *, cell: Callable[[Figure], Number | str]) -> list[list]:
    """The table's heading, head and rows as lines of cells, each figure as ``cell`` writes it."""
    lines = [[table.title], ["", *table.columns]]
    rows = [*table.rows, table.total] if table.total else table.rows
    lines += [[row.label, *(cell(figure) for figure in row.figures)] for row in rows]
    return lines


def _heading(report: Report) -> list[list]:
    return [
        [_("Report of %(scope)s") % {"scope": report.scope}],
        [_("Period"), report.period_label],
        [report.legend],
    ]


def report_csv(report: Report) -> str:
    """Semicolons and the language's decimal mark, as spreadsheet programs in German expect them (like the
    attendee list's export); each line starts with its section."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")
    writer.writerows(_heading(report))
    for section in report.sections:
        for table in section.tables:
            writer.writerow([])
            writer.writerows([[section.title, *line] for line in _lines(table, cell=Figure.text)])
    return output.getvalue()


def report_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    workbook.active.title = _("Report")
    for line in _heading(report):
        workbook.active.append(line)
    bold = Font(bold=True)
    for section in report.sections:
        sheet = workbook.create_sheet(section.title[:31])
        for table in section.tables:
            for number, line in enumerate(_lines(table, cell=Figure.cell)):
                sheet.append(line)
                if number < 2 or (table.total and number == len(table.rows) + 2):
                    for cell in sheet[sheet.max_row]:
                        cell.font = bold
            sheet.append([])
        sheet.column_dimensions["A"].width = 48
        for column in "BCDE":
            sheet.column_dimensions[column].width = 18
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def report_pdf(report: Report) -> bytes:
    return pdf_render(render_to_string("documents/report.html", {"report": report}))


def report_response(report: Report, export: str) -> HttpResponse:
    """The report as a download in ``export`` (a key of ``FORMATS``)."""
    if export == "pdf":
        content = report_pdf(report)
    elif export == "xlsx":
        content = report_xlsx(report)
    else:
        content = report_csv(report).encode("utf-8-sig")  # the mark lets Excel read the umlauts
    name = slugify(f"{_('report')} {report.scope} {report.period.start:%Y-%m-%d} {report.period.end:%Y-%m-%d}")
    response = HttpResponse(content, content_type=FORMATS[export])
    response["Content-Disposition"] = f'attachment; filename="{name}.{export}"'
    return response
