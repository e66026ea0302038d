from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from matching import permissions
from matching.enums import Outcome, RequestStatus
from matching.models import HelpRequest
from matching.ranking import Ranked
from matching.selectors import (
    batch_fits,
    batch_proposal,
    fit_for,
    requests_checkin_due,
    requests_new,
    requests_unanswered,
    suggestions_for,
)
from matching.services import (
    MatchError,
    match_propose,
    request_close,
    request_log_view,
    request_reject,
    request_withdraw,
)
from volunteers.admin import CoordinatorAdmin, DeskFilter, DeskLine
from volunteers.admin.base import newest
from volunteers.models import Site, Volunteer
from volunteers.permissions import is_coordinator, sites_for_user


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=Outcome.choices)
    feedback = forms.CharField(
        label=_("feedback"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class BatchSiteForm(forms.Form):
    """The site whose open requests are proposed, among the coordinator's (read once, with the page)."""

    site = forms.TypedChoiceField(label=_("site"), coerce=int)

    def __init__(self, *args, sites: list[Site], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [(site.pk, site.name) for site in sites]


BATCH_PAGE = 50  # proposals shown a page


def _database_id(value: str) -> int | None:
    """An id from a query or form value; None for anything else (tampered, or beyond the database's range)."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


class RequestDeskFilter(DeskFilter):
    lines = {
        "new": DeskLine(_("New requests waiting for a helper"), requests_new, waiting_since="created_at"),
        "unanswered": DeskLine(
            format_lazy(_("Proposals not answered for {days} days"), days=settings.MATCHING_PROPOSAL_ANSWER_DAYS),
            requests_unanswered,
        ),
        "checkin": DeskLine(_("Check-ins due: four weeks of accompanying"), requests_checkin_due),
    }


@admin.register(HelpRequest)
class HelpRequestAdmin(CoordinatorAdmin):
    """Requests of the coordinator's sites. The list shows no personal data; opening one is logged."""

    list_display = ["reference", "status", "site", "municipality", "language_list", "topic_list", "created_at"]
    list_filter = [RequestDeskFilter, "status", "site", "children_involved"]
    search_fields = ["reference"]
    date_hierarchy = "created_at"
    list_per_page = 50  # rendering the admin's rows is most of the page's time (make bench: "admin: requests")
    actions = ["close_requests", "reject_requests", "withdraw_requests"]
    fieldsets = [
        (None, {"fields": ["reference", "status", "created_at", "language"]}),
        (
            _("Contact"),
            {
                "fields": [
                    "first_name",
                    "contact_method",
                    "phone",
                    "email",
                    "counselling_service",
                    "submitted_by_counsellor",
                ]
            },
        ),
        (
            _("Request"),
            {
                "fields": [
                    "municipality",
                    "site",
                    "language_list",
                    "topic_list",
                    "availability_list",
                    "gender_preference",
                    "children_involved",
                    "message",
                ]
            },
        ),
        (_("End"), {"fields": ["outcome", "feedback", "ended_at", "anonymised_at"]}),
        (_("Consent"), {"fields": ["consent_version", "consent_given_at", "consent_language"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def get_queryset(self, request):
        return permissions.requests_for_user(request.user, super().get_queryset(request).select_related("site"))

    def is_theirs(self, user, obj) -> bool:
        return permissions.can_manage_request(user, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """A request's page, once the admin has read it and checked that it is the coordinator's: the view is
        logged; the page shows the newest matches and log entries, and for an open request the volunteers who fit
        best.

        Matches and log are plain tables, not inlines: rendered as the admin's read-only inlines, the two took 30 of the
        page's 140 ms (in-process at full scale; make bench: "admin: request with suggestions").
        """
        if obj is not None:
            request_log_view(request=obj, user=request.user)
            context["matches"] = newest(obj.matches.select_related("volunteer__user", "proposed_by"))
            context["log"] = newest(obj.log.select_related("user"))
            if obj.status == RequestStatus.NEW:
                context["suggestions"] = suggestions_for(request=obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path("batch/", self.admin_site.admin_view(self.batch_view), name="matching_helprequest_batch"),
            path(
                "<int:object_id>/propose/",
                self.admin_site.admin_view(require_POST(self.propose_view)),
                name="matching_helprequest_propose",
            ),
            *super().get_urls(),
        ]

    def _propose(self, request, help_request, fit: Ranked | None) -> None:
        if fit is None:
            self.message_user(request, _("This volunteer does not fit this request."), level=messages.ERROR)
            return
        volunteer = Volunteer.objects.select_related("user").get(pk=fit.volunteer_id)
        try:
            match_propose(
                request=help_request, volunteer=volunteer, by=request.user, score=fit.score, reasons=list(fit.reasons)
            )
        except MatchError as error:
            self.message_user(request, f"{help_request}: {error}", level=messages.ERROR)
            return
        self.message_user(
            request, _("%(request)s was proposed to %(name)s.") % {"request": help_request, "name": fit.name}
        )

    def propose_view(self, request, object_id: int):
        help_request = self.get_object(request, str(object_id))
        if help_request is None or not self.has_view_permission(request, help_request):
            raise PermissionDenied
        volunteer_id = _database_id(request.POST.get("volunteer", ""))
        if volunteer_id is None:
            return HttpResponseBadRequest()
        self._propose(request, help_request, fit_for(request=help_request, volunteer_id=volunteer_id))
        return redirect("admin:matching_helprequest_change", help_request.pk)

    def batch_view(self, request):
        """The best overall proposal for all open requests of one site, to confirm in part or whole."""
        if not is_coordinator(request.user):
            raise PermissionDenied
        sites = {site.pk: site for site in sites_for_user(request.user)}
        site_form = BatchSiteForm(request.GET or None, sites=list(sites.values()))
        site = sites[site_form.cleaned_data["site"]] if site_form.is_valid() else next(iter(sites.values()), None)
        if not site_form.is_bound and site is not None:
            site_form.initial["site"] = site.pk
        requests = self.get_queryset(request).filter(Q(site=site) | Q(site__isnull=True))
        again = redirect(f"{reverse('admin:matching_helprequest_batch')}?site={site.pk if site else ''}")
        if request.method == "POST" and "recompute" in request.POST:
            batch_proposal(open_requests=self._open_requests(requests), fresh=True)
            return again
        if request.method == "POST":
            # Exactly the pairs shown and ticked ("request:volunteer"): the proposal may have changed meanwhile.
            pairs = [tuple(map(_database_id, value.split(":"))) for value in request.POST.getlist("pair")]
            if any(len(pair) != 2 or None in pair for pair in pairs):
                return HttpResponseBadRequest()
            chosen = requests.in_bulk([request_id for request_id, _volunteer_id in pairs])
            if len(chosen) != len({request_id for request_id, _volunteer_id in pairs}):
                raise PermissionDenied  # a request of another site, or none at all
            for request_id, volunteer_id in pairs:
                help_request = chosen[request_id]
                self._propose(request, help_request, fit_for(request=help_request, volunteer_id=volunteer_id))
            return again
        # The assignment is of all open requests; the table shows it a page at a time (a site's hundreds of rows
        # made a page of 660 KB at full scale). Confirming proposes the ticked pairs of the page shown.
        open_requests = self._open_requests(requests) if site else []
        proposal = batch_proposal(open_requests=open_requests) if open_requests else None
        proposed = [
            help_request for help_request in open_requests if proposal and help_request.pk in proposal.volunteers
        ]
        page = Paginator(proposed, BATCH_PAGE).get_page(request.GET.get("page"))
        return TemplateResponse(
            request,
            "admin/matching/helprequest/batch.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Proposal for all open requests"),
                "opts": self.model._meta,
                "site_form": site_form,
                "site": site,
                "proposals": batch_fits(proposal, page.object_list) if proposal else [],
                "computed_at": proposal.computed_at if proposal else None,
                "page": page,
            },
        )

    @staticmethod
    def _open_requests(requests) -> list[HelpRequest]:
        return list(requests_new(requests).order_by("created_at", "pk"))

    @admin.display(description=_("languages"))
    def language_list(self, obj):
        return ", ".join(obj.language_names())

    @admin.display(description=_("help topics"))
    def topic_list(self, obj):
        return ", ".join(obj.topic_names())

    @admin.display(description=_("availability"))
    def availability_list(self, obj):
        return ", ".join(obj.availability_names()) or "—"

    @admin.action(description=_("Close with an outcome"))
    def close_requests(self, request, queryset):
        form = CloseForm(request.POST if "close" in request.POST else None)
        if form.is_valid():
            for help_request in queryset:
                try:
                    request_close(request=help_request, by=request.user, **form.cleaned_data)
                except MatchError as error:
                    self.message_user(request, f"{help_request}: {error}", level=messages.WARNING)
            return None
        return TemplateResponse(
            request,
            "admin/matching/helprequest/close.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Close with an outcome"),
                "requests": queryset,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Reject (spam, duplicate, not for us)"))
    def reject_requests(self, request, queryset):
        self._end_each(request, queryset, request_reject)

    @admin.action(description=_("Withdrawn by the newcomer (on the phone): end and anonymise"))
    def withdraw_requests(self, request, queryset):
        self._end_each(request, queryset, request_withdraw)

    def _end_each(self, request, queryset, end) -> None:
        """``end`` (a service that ends a request) for each request chosen; one that has ended already is named."""
        for help_request in queryset:
            try:
                end(request=help_request, by=request.user)
            except MatchError as error:
                self.message_user(request, f"{help_request}: {error}", level=messages.WARNING)
