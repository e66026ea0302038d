"""Sign-ups (attendance, cancelling on a volunteer's behalf), training types and qualifications."""

from django.contrib import admin, messages
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from events import permissions
from events.models import Qualification, Signup, TrainingType
from events.services import SignupError, signup_attendance_mark, signup_cancel
from volunteers.admin import CoordinatorAdmin
from volunteers.permissions import can_manage_volunteer, is_coordinator, volunteers_for_user


@admin.register(Signup)
class SignupAdmin(CoordinatorAdmin):
    list_display = ["person", "event", "role", "status", "attended"]
    list_filter = ["status", "role", "attended", "event__site"]
    search_fields = ["volunteer__user__first_name", "volunteer__user__last_name", "interest__name", "event__title"]
    list_select_related = ["volunteer__user", "interest", "event"]
    # Newest first, along the primary key's index: sorting a site's 50,000 sign-ups by the time of signing up took
    # the page past 150 ms (make bench: "admin: sign-ups"); so did counting them twice.
    ordering = ["-id"]
    show_full_result_count = False
    list_per_page = 50
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
    list_per_page = 50  # rendering the admin's rows is most of the page's time (make bench: "admin: qualifications")
    show_full_result_count = False  # a second count of the sites' qualifications, through their volunteers
    readonly_fields = ["event"]
    # A field for the volunteer's id with a search in their list: a choice of every volunteer of the sites made
    # the page several hundred KB at full scale.
    raw_id_fields = ["volunteer"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.filter(volunteer__in=volunteers_for_user(request.user))

    def get_object(self, request, object_id, from_field=None):
        qualification = super().get_object(request, object_id, from_field)
        if qualification is not None:  # is_theirs reads the volunteer's sites, several times a page
            prefetch_related_objects([qualification], "volunteer__sites")
        return qualification

    def has_add_permission(self, request):
        return is_coordinator(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "volunteer":
            kwargs["queryset"] = volunteers_for_user(request.user).select_related("user")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def is_theirs(self, user, obj) -> bool:
        return can_manage_volunteer(user, obj.volunteer)
