"""The report page in the coordinators' area: the form, the report, and its downloads."""

from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from machmit.reports.compose import report_build
from machmit.reports.exports import FORMATS, report_response
from machmit.reports.forms import ReportForm
from volunteers.permissions import is_centre_lead, is_coordinator, sites_for_user


def report(request):
    """Coordinators see their sites' reports; who sees every site (the centre's lead) also the whole centre's.

    Without a choice it shows this year's; a choice that does not hold comes back with its message."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    sites = list(sites_for_user(request.user).order_by("name"))
    whole_centre = is_centre_lead(request.user)
    data = request.GET if "site" in request.GET else ReportForm.initial_data(whole_centre=whole_centre, sites=sites)
    form = ReportForm(data, sites=sites, whole_centre=whole_centre)
    result = None
    if form.is_valid():
        result = report_build(period=form.period, sites=form.chosen_sites, whole_centre=form.whole_centre)
        export = request.GET.get("export", "")
        if export in FORMATS:
            return report_response(result, export)
    return TemplateResponse(
        request,
        "admin/reports/report.html",
        {
            **admin.site.each_context(request),
            "title": _("Report for the funders"),
            "form": form,
            "report": result,
            "query": urlencode({key: value for key, value in data.items() if key != "export"}),
            "formats": FORMATS,
        },
    )
