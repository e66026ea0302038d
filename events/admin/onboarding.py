"""The coordinators' view of the way in. It sits with the events because inviting and reminding list the
coming events."""

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Case, When
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.admin.base import RecordInline
from events.services import onboarding_invite, onboarding_nudge
from volunteers.admin import CoordinatorAdmin, DeskFilter, DeskLine
from volunteers.enums import OnboardingStep
from volunteers.models import Onboarding, OnboardingMilestone
from volunteers.permissions import can_manage_onboarding, onboardings_for_user, sites_for_user
from volunteers.selectors import (
    onboarding_figures,
    onboardings_follow_up_due,
    onboardings_reachable,
    onboardings_waiting,
)
from volunteers.services import onboarding_reach


class OnboardingMilestoneInline(RecordInline):
    model = OnboardingMilestone
    fields = ["step", "reached_at", "by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class OnboardingDeskFilter(DeskFilter):
    lines = {
        "follow_up": DeskLine(_("Follow-up talks due"), onboardings_follow_up_due, waiting_since="step_reached_at"),
        "waiting": DeskLine(
            format_lazy(
                _("People waiting on the way in for {days} days or more"), days=settings.ONBOARDING_NUDGE_AFTER_DAYS
            ),
            onboardings_waiting,
            waiting_since="step_reached_at",
        ),
    }


@admin.register(Onboarding)
class OnboardingAdmin(CoordinatorAdmin):
    """The way in of new volunteers: how many are at each step per site, who has waited longest (first in the
    list), the next action for each, and actions to take it for many at once; above the list the figures of
    the last 12 months. It sits with the events because inviting and reminding list the coming events."""

    list_display = ["__str__", "site", "step", "waiting_days", "next_action"]
    list_filter = [OnboardingDeskFilter, "step", "site", "needs_certificate"]
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
        figures = onboarding_figures(
            self.get_queryset(request),
            history=onboardings_for_user(request.user, anonymous=True),
            now=timezone.now(),
        )
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
