"""The PDF documents of recognition: the certificate of engagement and the confirmation for the Ehrenamtskarte.

Rendered from HTML templates (``templates/documents/``) by WeasyPrint with the fonts the system has (the
Makefile installs them); nothing is fetched: the only resource, the QR code, is inline.
"""

from datetime import date
from decimal import Decimal

import segno
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from volunteers.enums import HourKind
from volunteers.models import Certificate


def certificate_verify_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("certificate:verify", args=[certificate.code])


def certificate_pdf(certificate: Certificate) -> bytes:
    """The document as issued: its content as recorded, the person's name from their account."""
    content = certificate.content
    url = certificate_verify_url(certificate)
    with translation.override(certificate.language):
        context = {
            "certificate": certificate,
            "name": certificate.volunteer.user.get_full_name() if certificate.volunteer else "",
            "site": certificate.site,
            "hours_by_year": [(year, Decimal(hours)) for year, hours in content["hours_by_year"]],
            "activities": [(HourKind(kind).label, Decimal(hours)) for kind, hours in content["activities"]],
            "other_work": content["other_work"],
            "trainings": [(date.fromisoformat(day), title) for day, title in content["trainings"]],
            "engaged_since": date.fromisoformat(content["engaged_since"]) if "engaged_since" in content else None,
            "weekly_hours": certificate.hours_total / 52,
            "verify_url": url,
            "qr_code": segno.make(url, error="m").svg_data_uri(scale=4, border=0),
        }
        html = render_to_string(f"documents/{certificate.kind}.html", context)
    return pdf_render(html)


def pdf_render(html: str) -> bytes:
    """A PDF of ``html`` with the documents' stylesheet (``templates/documents/document.css``)."""
    css = render_to_string("documents/document.css")
    # Imported here, not with the module: it takes 1.5 s and 45 MB, which every web process would pay at start-up
    # for a document that is seldom asked for.
    import weasyprint

    # Inline data only (the QR code): rendering a document never reaches out to the network or the disk.
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[weasyprint.CSS(string=css)])


def certificate_response(certificate: Certificate) -> HttpResponse:
    """The document as a download named by its number."""
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    return response
