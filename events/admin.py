import csv

from django import forms
from django.contrib import admin, messages
from django.db.models import Case, Count, Q, When
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import permissions
from events.enums import SignupStatus
from events.models import Event, EventMessage, EventSeries, Qualification, Signup, TrainingType
from events.selectors import attendee_rows
from events.services import (
    SignupError,
    event_cancel,
    event_duplicate,
    event_message_send,
    event_save,
    onboarding_invite,
    onboarding_nudge,
    series_save,
    signup_attendance_mark,
    signup_cancel,
)
from volunteers.admin import CoordinatorAdmin
from volunteers.enums import Language, OnboardingStep
from volunteers.models import Onboarding, OnboardingMilestone
from volunteers.permissions import (
    can_manage_onboarding,
    coordinator_site_ids,
    for_coordinator_sites,
    is_coordinator,
    onboardings_for_user,
    sites_for_user,
    volunteers_for_user,
)
from volunteers.selectors import onboarding_figures, onboardings_reachable
from volunteers.services import onboarding_reach

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


class SiteScopedAdmin(CoordinatorAdmin):
    """Coordinators create and change what belongs to their sites, and may only choose their own sites."""

    def has_add_permission(self, request):
        return is_coordinator(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "site":
            kwargs["queryset"] = sites_for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def is_theirs(self, user, obj) -> bool:
        return user.is_superuser or obj.site_id in coordinator_site_ids(user)


class RecordInline(admin.TabularInline):
    """Rows a coordinator reads on a page but changes elsewhere (through actions and services)."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SignupInline(RecordInline):
    model = Signup
    fields = ["person", "role", "interpreter_language", "status", "waitlisted_at", "attended", "created_at"]
    readonly_fields = fields
    ordering = ["status", "waitlisted_at", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("volunteer__user", "interest")

    @admin.display(description=_("name"))
    def person(self, obj):
        return obj.person_name or _("(deleted)")


@admin.register(Event)
class EventAdmin(SiteScopedAdmin):
    form = EventForm
    list_display = ["title", "starts_at", "site", "kind", "status", "places", "waiting"]
    list_filter = ["status", "kind", "site", "audience", "starts_at"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
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
        queryset = super().get_queryset(request).select_related("site")
        queryset = queryset.annotate(waiting_count=Count("signups", filter=Q(signups__status=SignupStatus.WAITLISTED)))
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
        url = reverse("admin:events_signup_changelist") + f"?event__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Sign-ups and attendance"))

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


@admin.register(Signup)
class SignupAdmin(CoordinatorAdmin):
    list_display = ["person", "event", "role", "status", "attended"]
    list_filter = ["status", "role", "attended", "event__site"]
    search_fields = ["volunteer__user__first_name", "volunteer__user__last_name", "interest__name", "event__title"]
    list_select_related = ["volunteer__user", "interest", "event"]
    actions = ["mark_attended", "mark_absent", "cancel_signups"]
    readonly_fields = [
        "event",
        "volunteer",
        "interest",
        "role",
        "interpreter_language",
        "status",
        "waitlisted_at",
        "attended",
        "attendance_marked_by",
        "attendance_marked_at",
        "created_at",
    ]

    def get_queryset(self, request):
        return permissions.signups_managed_by(request.user, super().get_queryset(request))

    def lookup_allowed(self, lookup, value, request=None):
        # The event page links to its sign-ups; the queryset above still limits them to the user's sites.
        return lookup == "event__id__exact" or super().lookup_allowed(lookup, value, request)

    def is_theirs(self, user, obj) -> bool:
        return permissions.can_manage_event(user, obj.event)

    @admin.display(description=_("name"), ordering="volunteer__user__last_name")
    def person(self, obj):
        return obj.person_name or _("(deleted)")

    def _mark(self, request, queryset, attended: bool):
        for signup in queryset.select_related("event__training_type", "volunteer__user", "interest"):
            signup_attendance_mark(signup=signup, attended=attended, by=request.user)
        self.message_user(request, _("Attendance recorded."))

    @admin.action(description=_("Mark as attended"))
    def mark_attended(self, request, queryset):
        self._mark(request, queryset, True)

    @admin.action(description=_("Mark as absent"))
    def mark_absent(self, request, queryset):
        self._mark(request, queryset, False)

    @admin.action(description=_("Cancel sign-up (moves up the waiting list)"))
    def cancel_signups(self, request, queryset):
        for signup in queryset:
            try:
                signup_cancel(signup=signup, by_coordinator=True)
            except SignupError as error:
                self.message_user(request, f"{signup}: {error}", level=messages.WARNING)


@admin.register(TrainingType)
class TrainingTypeAdmin(CoordinatorAdmin):
    list_display = ["name", "validity_months", "is_basic_training"]

    def has_add_permission(self, request):
        return is_coordinator(request.user)

    def is_theirs(self, user, obj) -> bool:
        return True


@admin.register(Qualification)
class QualificationAdmin(CoordinatorAdmin):
    list_display = ["volunteer", "training_type", "acquired_on", "valid_until"]
    list_filter = ["training_type"]
    list_select_related = ["volunteer__user", "training_type"]
    readonly_fields = ["event"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.filter(volunteer__in=volunteers_for_user(request.user))

    def has_add_permission(self, request):
        return is_coordinator(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "volunteer":
            kwargs["queryset"] = volunteers_for_user(request.user).select_related("user")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def is_theirs(self, user, obj) -> bool:
        return volunteers_for_user(user).filter(pk=obj.volunteer_id).exists()


@admin.register(EventMessage)
class EventMessageAdmin(CoordinatorAdmin):
    list_display = ["subject", "event", "sent_by", "sent_at"]
    readonly_fields = ["event", "subject", "body", "sent_by", "sent_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(event__in=permissions.events_managed_by(request.user))

    def has_change_permission(self, request, obj=None):
        return False

    def is_theirs(self, user, obj) -> bool:
        return permissions.can_manage_event(user, obj.event)


class OnboardingMilestoneInline(RecordInline):
    model = OnboardingMilestone
    fields = ["step", "reached_at", "by"]
    readonly_fields = fields


@admin.register(Onboarding)
class OnboardingAdmin(CoordinatorAdmin):
    """The way in of new volunteers: how many are at each step per site, who has waited longest (first in the
    list), the next action for each, and actions to take it for many at once; above the list the figures of
    the last 12 months. It sits with the events because inviting and reminding list the coming events."""

    list_display = ["__str__", "site", "step", "waiting_days", "next_action"]
    list_filter = ["step", "site", "needs_certificate"]
    search_fields = ["interest__name", "interest__email", "user__first_name", "user__last_name", "user__email"]
    list_select_related = ["interest", "user", "site"]
    list_per_page = 50  # rendering the admin's rows is most of the page's time (make bench: "admin: way in")
    fields = ["person", "contact", "site", "needs_certificate", "step", "step_reached_at", "started_at"]
    readonly_fields = ["person", "contact", "step", "step_reached_at", "started_at"]
    inlines = [OnboardingMilestoneInline]
    actions = ["invite", "remind", "training_done", "certificate_inspected", "follow_up_done"]
    change_list_template = "admin/volunteers/onboarding/change_list.html"

    def get_queryset(self, request):
        return onboardings_for_user(request.user, super().get_queryset(request))

    def get_ordering(self, request):
        """Who has waited longest first; those who went all the way last."""
        done = Case(When(step=OnboardingStep.FOLLOW_UP, then=1), default=0)
        return [done.asc(), "step_reached_at", "id"]

    def is_theirs(self, user, obj) -> bool:
        return can_manage_onboarding(user, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "site":
            kwargs["queryset"] = sites_for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        figures = onboarding_figures(self.get_queryset(request), now=timezone.now())
        return super().changelist_view(request, {**(extra_context or {}), "figures": figures})

    @admin.display(description=_("name"))
    def person(self, obj):
        return obj.name

    @admin.display(description=_("e-mail address"))
    def contact(self, obj):
        return obj.contact_email

    @admin.display(description=_("days at this step"), ordering="step_reached_at")
    def waiting_days(self, obj):
        return (timezone.now() - obj.step_reached_at).days

    @admin.display(description=_("next action"))
    def next_action(self, obj):
        return NEXT_ACTIONS.get(obj.next_step, "") if obj.next_step else _("Done")

    def _reached(self, request, queryset, step: OnboardingStep, *, only_after: OnboardingStep | None = None):
        moved = 0
        for onboarding in queryset:
            if only_after is None or onboarding.step == only_after:
                moved += onboarding_reach(onboarding=onboarding, step=step, by=request.user)
        self.message_user(request, ngettext("%d person moved on.", "%d people moved on.", moved) % moved)

    @admin.action(description=_("Send the invitation to the coming information evenings"))
    def invite(self, request, queryset):
        today = timezone.localdate()
        waiting = onboardings_reachable(queryset.filter(step__in=INVITABLE), today=today)
        sent = sum(
            onboarding_invite(onboarding=onboarding, by=request.user, occurrence=today.isoformat()) is not None
            for onboarding in waiting
        )
        if sent == 0 and waiting:
            self.message_user(
                request, _("No information evening is open for sign-up: plan one first."), messages.WARNING
            )
        else:
            self.message_user(request, ngettext("%d invitation sent.", "%d invitations sent.", sent) % sent)

    @admin.action(description=_("Remind of the next step by e-mail"))
    def remind(self, request, queryset):
        today = timezone.localdate()
        sent = sum(
            onboarding_nudge(onboarding=onboarding, occurrence=f"{onboarding.step}@{today.isoformat()}") is not None
            for onboarding in onboardings_reachable(queryset.exclude(step=OnboardingStep.FOLLOW_UP), today=today)
        )
        self.message_user(request, ngettext("%d reminder sent.", "%d reminders sent.", sent) % sent)

    @admin.action(description=_("Basic training done"))
    def training_done(self, request, queryset):
        self._reached(request, queryset, OnboardingStep.TRAINING)

    @admin.action(description=_("Police certificate inspected"))
    def certificate_inspected(self, request, queryset):
        """Only for those whose inspection is recorded on their volunteer profile (the record the centre keeps)."""
        recorded = queryset.filter(user__volunteer__police_certificate__isnull=False)
        if recorded.count() < queryset.count():
            self.message_user(
                request,
                _("Record the inspection on the volunteer's profile first; those without one were left out."),
                messages.WARNING,
            )
        self._reached(request, recorded, OnboardingStep.CERTIFICATE)

    @admin.action(description=_("Follow-up talk done"))
    def follow_up_done(self, request, queryset):
        self._reached(request, queryset, OnboardingStep.FOLLOW_UP, only_after=OnboardingStep.FIRST_ASSIGNMENT)


INVITABLE = [OnboardingStep.INTERESTED, OnboardingStep.INVITED]
NEXT_ACTIONS = {
    OnboardingStep.INVITED: _("Invite"),
    OnboardingStep.INFO_EVENING: _("Remind of the information evening"),
    OnboardingStep.TRAINING: _("Set the basic training"),
    OnboardingStep.CERTIFICATE: _("Inspect the police certificate"),
    OnboardingStep.FIRST_ASSIGNMENT: _("Find a first assignment"),
    OnboardingStep.FOLLOW_UP: _("Note the follow-up talk"),
}
