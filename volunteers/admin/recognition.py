"""The coordinators' side of recognition: hours to confirm or correct, certificates issued (and revoked), and
the volunteers who may apply for the Ehrenamtskarte, each with a confirmation to attach."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from volunteers import permissions
from volunteers.admin.base import CoordinatorAdmin
from volunteers.admin.desk import DeskFilter, DeskLine
from volunteers.documents import certificate_response
from volunteers.enums import DocumentKind, HourStatus
from volunteers.forms import CertificateRequestForm
from volunteers.models import Certificate, HourEntry, Site
from volunteers.selectors import ehrenamtskarte_eligible, ehrenamtskarte_rule, hours_waiting
from volunteers.services import (
    RecognitionError,
    certificate_issue,
    certificate_revoke,
    hours_correct,
    hours_decide,
    hours_enter,
)


class WaitingFirstFilter(admin.SimpleListFilter):
    """The status of hour entries; without a choice the waiting ones, which are what a coordinator comes for."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*HourStatus.choices, ("all", _("All"))]

    def value(self):
        return super().value() or HourStatus.LOGGED

    def queryset(self, request, queryset):
        return queryset if self.value() == "all" else queryset.filter(status=self.value())

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class HourEntryAddForm(forms.ModelForm):
    """Hours a coordinator enters for one of their volunteers."""

    class Meta:
        model = HourEntry
        fields = ["volunteer", "site", "kind", "date", "hours", "activity"]

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Please choose today or an earlier date."), code="future")
        return day


class HoursDeskFilter(DeskFilter):
    lines = {"waiting": DeskLine(_("Hours waiting for confirmation"), hours_waiting, waiting_since="created_at")}


@admin.register(HourEntry)
class HourEntryAdmin(CoordinatorAdmin):
    """Hours of the coordinator's sites (and those naming none): the logged ones wait for a decision. Hours
    can be corrected in the list (which confirms them) and confirmed or declined in bulk; coordinators also enter
    hours themselves (confirmed by them)."""

    list_display = ["date", "volunteer", "kind", "activity", "hours", "status", "site", "decided_by"]
    list_editable = ["hours"]
    list_filter = [HoursDeskFilter, WaitingFirstFilter, "kind", "site"]
    search_fields = ["volunteer__user__first_name", "volunteer__user__last_name", "volunteer__user__email"]
    list_select_related = ["volunteer__user", "site", "decided_by"]
    list_per_page = 30  # each row has a field for correcting: 50 rows took the page past 150 ms (make bench)
    # Counting all of a site's entries besides the shown ones took a third of the page (make bench, "admin: hours").
    show_full_result_count = False
    fields = ["volunteer", "kind", "date", "activity", "hours", "site", "status", "decided_by", "decided_at"]
    readonly_fields = ["volunteer", "kind", "date", "activity", "site", "status", "decided_by", "decided_at"]
    # Entering hours: the volunteer's id with a search in their list, not a choice of every volunteer of the sites.
    raw_id_fields = ["volunteer"]
    actions = ["confirm", "decline"]

    def get_queryset(self, request):
        return permissions.hours_for_user(request.user, super().get_queryset(request))

    def is_theirs(self, user, obj) -> bool:
        return permissions.can_manage_hours(user, obj)

    def has_add_permission(self, request):
        return permissions.is_coordinator(request.user)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = HourEntryAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return HourEntryAddForm.Meta.fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Only their own volunteers and sites."""
        if db_field.name == "volunteer":
            kwargs["queryset"] = permissions.volunteers_for_user(request.user).select_related("user")
        elif db_field.name == "site":
            kwargs["queryset"] = permissions.sites_for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Entered by a coordinator: confirmed by them. Changed hours (in the list or the form) are a
        correction, which confirms the entry."""
        if not change:
            hours_enter(entry=obj, by=request.user)
        elif "hours" in form.changed_data:
            hours_correct(entry=obj, hours=form.cleaned_data["hours"], by=request.user)

    @admin.action(description=_("Confirm the selected hours"))
    def confirm(self, request, queryset):
        changed = hours_decide(entries=queryset, confirm=True, by=request.user)
        self.message_user(request, ngettext("%d entry confirmed.", "%d entries confirmed.", changed) % changed)

    @admin.action(description=_("Decline the selected hours (they do not count)"))
    def decline(self, request, queryset):
        changed = hours_decide(entries=queryset, confirm=False, by=request.user)
        self.message_user(request, ngettext("%d entry declined.", "%d entries declined.", changed) % changed)


@admin.register(Certificate)
class CertificateAdmin(CoordinatorAdmin):
    """Every certificate issued, by a volunteer or a coordinator; a revoked one says so at its address."""

    list_display = ["number", "kind", "volunteer", "period_start", "period_end", "hours_total", "issued_at", "state"]
    list_filter = ["kind", "site", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["volunteer__user__first_name", "volunteer__user__last_name", "volunteer__user__email"]
    list_select_related = ["volunteer__user", "site"]
    list_per_page = 50
    fields = [
        "number",
        "kind",
        "volunteer",
        "site",
        "language",
        "period_start",
        "period_end",
        "hours_total",
        "issuer_name",
        "issued_by",
        "issued_at",
        "revoked_at",
        "revoked_by",
        "links",
    ]
    readonly_fields = fields
    actions = ["revoke"]

    def get_queryset(self, request):
        return permissions.certificates_for_user(request.user, super().get_queryset(request))

    def is_theirs(self, user, obj) -> bool:
        return permissions.can_manage_certificate(user, obj)

    def get_urls(self):
        download = self.admin_site.admin_view(self.download)
        return [path("<int:pk>/pdf/", download, name="volunteers_certificate_pdf"), *super().get_urls()]

    def download(self, request, pk: int):
        certificate = get_object_or_404(self.get_queryset(request).select_related("volunteer__user"), pk=pk)
        if certificate.volunteer is None:
            raise PermissionDenied  # the person deleted their account: no name to print any more
        return certificate_response(certificate)

    @admin.display(description=_("number"))
    def number(self, obj):
        return obj.number

    @admin.display(description=_("state"))
    def state(self, obj):
        return _("revoked") if obj.revoked_at else _("valid")

    @admin.display(description=_("links"))
    def links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:volunteers_certificate_pdf", args=[obj.pk]),
            _("Download (PDF)"),
            reverse("certificate:verify", args=[obj.code]),
            _("Verification page"),
        )

    @admin.action(description=_("Revoke the selected certificates"))
    def revoke(self, request, queryset):
        certificates = list(queryset.filter(revoked_at=None))
        for certificate in certificates:
            certificate_revoke(certificate=certificate, by=request.user)
        count = len(certificates)
        self.message_user(request, ngettext("%d certificate revoked.", "%d certificates revoked.", count) % count)


class VolunteerRecognition:
    """What recognition adds to the volunteers' admin (``people.VolunteerAdmin``): an action that issues a
    certificate of engagement, and the list of volunteers who may apply for the Ehrenamtskarte, each with a
    confirmation to attach (linked above the volunteers' list)."""

    actions = ["issue_certificate"]
    change_list_template = "admin/volunteers/volunteer/change_list.html"

    def get_urls(self):
        eligible = self.admin_site.admin_view(self.ehrenamtskarte)
        confirm = self.admin_site.admin_view(require_POST(self.ehrenamtskarte_confirmation))
        return [
            path("ehrenamtskarte/", eligible, name="volunteers_volunteer_ehrenamtskarte"),
            path("<int:pk>/ehrenamtskarte/", confirm, name="volunteers_volunteer_ehrenamtskarte_confirmation"),
            *super().get_urls(),
        ]

    @admin.action(description=_("Issue a certificate of engagement (PDF)"))
    def issue_certificate(self, request, queryset):
        """Asks for the period and language (an intermediate page), then issues the certificate of the one
        selected volunteer and hands it out."""
        volunteers = list(queryset.select_related("user")[:2])
        if len(volunteers) != 1:
            self.message_user(request, _("Please select exactly one volunteer."), messages.WARNING)
            return None
        volunteer = volunteers[0]
        today = timezone.localdate()
        form = CertificateRequestForm(
            request.POST if "issue" in request.POST else None,
            initial={"period_start": today.replace(month=1, day=1), "period_end": today},
        )
        if "issue" in request.POST and form.is_valid():
            try:
                certificate = certificate_issue(
                    volunteer=volunteer,
                    kind=DocumentKind.ENGAGEMENT,
                    period_start=form.cleaned_data["period_start"],
                    period_end=form.cleaned_data["period_end"],
                    language=form.cleaned_data["language"],
                    site=self._letterhead(request, volunteer),
                    issuer_name=str(request.user),
                    by=request.user,
                )
            except RecognitionError as error:
                form.add_error(None, str(error))
            else:
                return certificate_response(certificate)
        return TemplateResponse(
            request,
            "admin/volunteers/volunteer/issue_certificate.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Issue a certificate of engagement"),
                "volunteer": volunteer,
                "form": form,
                "objects": volunteers,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )

    def _eligible(self, request):
        volunteers = self.get_queryset(request).prefetch_related(None)
        site_id = request.GET.get("site")
        if site_id and site_id.isdigit():
            volunteers = volunteers.filter(sites=site_id)
        return ehrenamtskarte_eligible(volunteers, today=timezone.localdate())

    def ehrenamtskarte(self, request):
        """The volunteers of the coordinator's sites who meet the Land's rule today, most hours first."""
        # No pages: one query for all, as those who qualify are a few in a hundred (156 of 10,000 in make bench).
        eligible = list(self._eligible(request).order_by("-hours_year", "pk").select_related("user"))
        counts_from, _begun_by = ehrenamtskarte_rule(timezone.localdate())
        return TemplateResponse(
            request,
            "admin/volunteers/volunteer/ehrenamtskarte.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Ehrenamtskarte: volunteers who meet the requirements"),
                "eligible": eligible,
                "sites": permissions.sites_for_user(request.user),
                "site_id": request.GET.get("site", ""),
                "counts_from": counts_from,
                "hours_needed": settings.EHRENAMTSKARTE_HOURS_PER_YEAR,
                "years_needed": settings.EHRENAMTSKARTE_MIN_YEARS,
                "opts": self.model._meta,
            },
        )

    def ehrenamtskarte_confirmation(self, request, pk: int):
        """The pre-filled confirmation of engagement for one eligible volunteer's application, recorded and
        verifiable like a certificate."""
        volunteer = get_object_or_404(self._eligible(request).select_related("user"), pk=pk)
        today = timezone.localdate()
        counts_from, _begun_by = ehrenamtskarte_rule(today)
        certificate = certificate_issue(
            volunteer=volunteer,
            kind=DocumentKind.EHRENAMTSKARTE,
            period_start=counts_from,
            period_end=today,
            language="de",
            site=self._letterhead(request, volunteer),
            issuer_name=str(request.user),
            by=request.user,
            engaged_since=volunteer.engaged_from,  # as the eligibility read it
        )
        return certificate_response(certificate)

    def _letterhead(self, request, volunteer) -> Site:
        """The site a coordinator issues from: theirs that the volunteer chose, else their first."""
        sites = permissions.sites_for_user(request.user)
        return sites.filter(pk__in=volunteer.sites.all()).first() or sites.first()
