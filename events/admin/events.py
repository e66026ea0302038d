"""Events, series and messages to attendees in the coordinators' admin, scoped to their sites."""

import csv

from django import forms
from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import permissions
from events.admin.base import RecordInline, SiteScopedAdmin
from events.enums import SignupStatus
from events.models import Event, EventMessage, EventSeries, Signup
from events.selectors import attendee_rows, events_coming_week
from events.services import event_cancel, event_duplicate, event_message_send, event_save, series_save
from volunteers.admin import CoordinatorAdmin, DeskFilter, DeskLine
from volunteers.admin.base import NewestInline
from volunteers.enums import Language
from volunteers.permissions import for_coordinator_sites

COMMON_FIELDS = ["site", "kind", "title", "description", "venue", "online_url", "audience", "capacity"]
LANGUAGE_FIELDS = ["languages", "interpreter_languages", "training_type"]


class EventFieldsForm(forms.ModelForm):
    """Languages as checkboxes instead of raw JSON."""

    languages = forms.MultipleChoiceField(
        label=_("languages spoken"), choices=Language.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    interpreter_languages = forms.MultipleChoiceField(
        label=_("interpreters needed for"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class EventForm(EventFieldsForm):
    class Meta:
        model = Event
        fields = [*COMMON_FIELDS, "status", "starts_at", "ends_at", "signup_deadline", *LANGUAGE_FIELDS]

    def clean(self):
        cleaned_data = super().clean()
        capacity = cleaned_data.get("capacity")
        if self.instance.pk and capacity is not None and capacity < self.instance.confirmed_count:
            self.add_error(
                "capacity",
                _("%(count)s people are confirmed; cancel sign-ups before lowering the places below that.")
                % {"count": self.instance.confirmed_count},
            )
        return cleaned_data


class EventSeriesForm(EventFieldsForm):
    class Meta:
        model = EventSeries
        fields = [*COMMON_FIELDS, "recurrence", "first_start", "duration_minutes", "count", *LANGUAGE_FIELDS]


def signups_url(event: Event) -> str:
    """The list of the event's sign-ups, where attendance is marked."""
    return reverse("admin:events_signup_changelist") + f"?event__id__exact={event.pk}"


class SignupInline(NewestInline, RecordInline):
    """The newest sign-ups; the list of all of them is linked (a crowded event has hundreds)."""

    model = Signup
    fields = ["person", "role", "interpreter_language", "status", "waitlisted_at", "attended", "created_at"]
    readonly_fields = fields
    ordering = ["-created_at", "-id"]

    def get_queryset(self, request):
        # The event too: each row is named by str(signup), which names the event.
        return super().get_queryset(request).select_related("event", "volunteer__user", "interest")

    def all_url(self, obj) -> str:
        return signups_url(obj)

    @admin.display(description=_("name"))
    def person(self, obj):
        return obj.person_name or _("(deleted)")


class EventDeskFilter(DeskFilter):
    lines = {"coming_week": DeskLine(_("Events in the coming seven days"), events_coming_week)}


@admin.register(Event)
class EventAdmin(SiteScopedAdmin):
    form = EventForm
    list_display = ["title", "starts_at", "site", "kind", "status", "places", "waiting"]
    list_filter = [EventDeskFilter, "status", "kind", "site", "audience", "starts_at"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    list_per_page = 50  # rendering the admin's rows is most of the page's time (make bench: "admin: events")
    inlines = [SignupInline]
    readonly_fields = ["series", "confirmed_count", "signup_list"]
    actions = ["duplicate", "cancel_events", "export_attendees", "send_message"]
    fieldsets = [
        (None, {"fields": ["site", "kind", "title", "description", "status", "series"]}),
        (_("Time and place"), {"fields": ["starts_at", "ends_at", "signup_deadline", "venue", "online_url"]}),
        (
            _("Participants"),
            {
                "fields": [
                    "audience",
                    "capacity",
                    "confirmed_count",
                    "signup_list",
                    "languages",
                    "interpreter_languages",
                ]
            },
        ),
        (_("Training"), {"fields": ["training_type"]}),
    ]

    def get_queryset(self, request):
        # A subquery, counted for the rows shown: a join with the sign-ups, grouped, made the list's count and
        # dates run over all of a site's sign-ups.
        waiting = (
            Signup.objects.filter(event=OuterRef("pk"), status=SignupStatus.WAITLISTED)
            .order_by()
            .values("event")
            .annotate(count=Count("pk"))
            .values("count")
        )
        queryset = super().get_queryset(request).select_related("site")
        queryset = queryset.annotate(waiting_count=Coalesce(Subquery(waiting), 0))
        return permissions.events_managed_by(request.user, queryset)

    @admin.display(description=_("places"))
    def places(self, obj):
        return f"{obj.confirmed_count} / {obj.capacity if obj.capacity is not None else '∞'}"

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, obj):
        return obj.waiting_count

    @admin.display(description=_("sign-ups"))
    def signup_list(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', signups_url(obj), _("Sign-ups and attendance"))

    def save_model(self, request, obj, form, change):
        promoted = event_save(event=obj, changed=form.changed_data)
        if promoted:
            self.message_user(
                request,
                ngettext(
                    "%(count)d person moved up from the waiting list and was told by mail.",
                    "%(count)d people moved up from the waiting list and were told by mail.",
                    len(promoted),
                )
                % {"count": len(promoted)},
            )

    @admin.action(description=_("Duplicate as draft"))
    def duplicate(self, request, queryset):
        for event in queryset:
            event_duplicate(event=event)
        self.message_user(request, _("Copies were created as drafts."))

    @admin.action(description=_("Cancel and tell everyone signed up"))
    def cancel_events(self, request, queryset):
        for event in queryset:
            event_cancel(event=event)
        self.message_user(request, _("The events were cancelled; everyone signed up is told by mail."))

    @admin.action(description=_("Export attendee list (CSV)"))
    def export_attendees(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="teilnehmende.csv"'
        response.write("\ufeff")  # lets spreadsheet programs read the file as UTF-8
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            [_("event"), _("date"), _("name"), _("e-mail address"), _("phone"), _("role"), _("status"), _("attended")]
        )
        for event in queryset.order_by("starts_at"):
            for signup in attendee_rows(event=event):
                phone = (
                    signup.volunteer.phone
                    if signup.volunteer_id
                    else signup.interest.phone
                    if signup.interest_id
                    else ""
                )
                writer.writerow(
                    [
                        event.title,
                        f"{event.starts_at:%d.%m.%Y %H:%M}",
                        signup.person_name or _("(deleted)"),
                        signup.contact_email,
                        phone,
                        signup.get_role_display(),
                        signup.get_status_display(),
                        {True: _("yes"), False: _("no"), None: ""}[signup.attended],
                    ]
                )
        return response

    @admin.action(description=_("Write to everyone confirmed"))
    def send_message(self, request, queryset):
        form = EventMessageForm(request.POST if "send" in request.POST else None)
        if form.is_valid():
            for event in queryset:
                event_message_send(
                    event=event, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"], by=request.user
                )
            self.message_user(request, _("The message is on its way to everyone confirmed."))
            return None
        return TemplateResponse(
            request,
            "admin/events/event/send_message.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Write to everyone confirmed"),
                "events": queryset,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )


class EventMessageForm(forms.Form):
    subject = forms.CharField(label=_("subject"), max_length=150)
    body = forms.CharField(label=_("message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))


@admin.register(EventSeries)
class EventSeriesAdmin(SiteScopedAdmin):
    form = EventSeriesForm
    list_display = ["title", "site", "recurrence", "first_start", "count"]
    list_filter = ["site", "kind", "recurrence"]
    fieldsets = [
        (None, {"fields": ["site", "kind", "title", "description"]}),
        (_("Dates"), {"fields": ["recurrence", "first_start", "duration_minutes", "count", "venue", "online_url"]}),
        (_("Participants"), {"fields": ["audience", "capacity", "languages", "interpreter_languages"]}),
        (_("Training"), {"fields": ["training_type"]}),
    ]

    def get_queryset(self, request):
        return for_coordinator_sites(request.user, super().get_queryset(request), site_field="site_id")

    def save_model(self, request, obj, form, change):
        events = series_save(series=obj)
        self.message_user(
            request,
            _("The series has %(count)d coming dates; each can still be edited on its own.") % {"count": len(events)},
        )


@admin.register(EventMessage)
class EventMessageAdmin(CoordinatorAdmin):
    list_display = ["subject", "event", "sent_by", "sent_at"]
    list_select_related = ["event", "sent_by"]
    readonly_fields = ["event", "subject", "body", "sent_by", "sent_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(event__in=permissions.events_managed_by(request.user))

    def has_change_permission(self, request, obj=None):
        return False

    def is_theirs(self, user, obj) -> bool:
        return permissions.can_manage_event(user, obj.event)
