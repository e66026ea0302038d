"""Sites, volunteers, users and interest entries."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from volunteers import permissions
from volunteers.admin.base import CoordinatorAdmin
from volunteers.admin.desk import DeskFilter, DeskLine
from volunteers.admin.recognition import VolunteerRecognition
from volunteers.models import Interest, PoliceCertificate, Site, User, Volunteer, VolunteerLanguage, VolunteerTopic
from volunteers.selectors import volunteers_certificate_due
from volunteers.services import profile_view_record


@admin.register(Site)
class SiteAdmin(CoordinatorAdmin):
    list_display = ["name", "street", "city", "phone"]
    filter_horizontal = ["coordinators"]

    def get_queryset(self, request):
        return permissions.sites_for_user(request.user, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["slug", "coordinators"]

    def is_theirs(self, user, obj) -> bool:
        return permissions.can_manage_site(user, obj)


class VolunteerLanguageInline(admin.TabularInline):
    model = VolunteerLanguage
    extra = 0

    def has_view_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user)

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


class VolunteerTopicInline(VolunteerLanguageInline):
    model = VolunteerTopic


class PoliceCertificateInline(VolunteerLanguageInline):
    """The inspection only, never the document (§72a SGB VIII)."""

    model = PoliceCertificate
    fields = ["inspected_on", "certificate_date", "next_due", "cleared_for_children", "inspected_by"]
    readonly_fields = ["inspected_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("volunteer__user", "inspected_by")  # as its row shows


class VolunteerDeskFilter(DeskFilter):
    lines = {
        "certificate_due": DeskLine(
            format_lazy(
                _("Police certificates due within {days} days"), days=settings.POLICE_CERTIFICATE_DUE_WITHIN_DAYS
            ),
            volunteers_certificate_due,
        )
    }


@admin.register(Volunteer)
class VolunteerAdmin(VolunteerRecognition, CoordinatorAdmin):
    list_display = ["__str__", "email", "municipality", "site_list", "capacity", "on_break", "ended", "created_at"]
    list_filter = [
        VolunteerDeskFilter,
        "sites",
        "municipality",
        "languages__language",
        "topics__topic",
        ("ended_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    list_per_page = 50  # rendering the admin's rows is most of the page's time (make bench: "admin: volunteers")
    readonly_fields = [
        "user",
        "email",
        "availability_display",
        "consent_version",
        "consent_given_at",
        "consent_language",
        "paused_at",
        "paused_until",
        "ended_at",
        "end_reason",
        "ended_by",
        "created_at",
    ]
    fields = [
        "user",
        "email",
        "phone",
        "municipality",
        "sites",
        "gender",
        "capacity",
        "availability_display",
        "about",
        "paused_at",
        "paused_until",
        "ended_at",
        "end_reason",
        "ended_by",
        "consent_version",
        "consent_given_at",
        "consent_language",
        "created_at",
    ]
    inlines = [VolunteerLanguageInline, VolunteerTopicInline, PoliceCertificateInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user").prefetch_related("sites")
        return permissions.volunteers_for_user(request.user, queryset)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Records who opened the profile, once the admin has read it and checked that it is the coordinator's
        (on GET: saving follows an opening already recorded)."""
        if request.method == "GET" and obj is not None:
            profile_view_record(volunteer=obj, viewer=request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_formset(self, request, form, formset, change):
        """Records who inspected a police certificate."""
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, PoliceCertificate):
                instance.inspected_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "sites":
            kwargs["queryset"] = Site.objects.all()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def is_theirs(self, user, obj) -> bool:
        return permissions.can_manage_volunteer(user, obj)

    @admin.display(description=_("e-mail address"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    @admin.display(description=_("on a break"), boolean=True)
    def on_break(self, obj):
        return obj.is_paused(timezone.localdate())

    @admin.display(description=_("ended"), boolean=True)
    def ended(self, obj):
        return obj.ended_at is not None

    @admin.display(description=_("weekly availability"))
    def availability_display(self, obj):
        return ", ".join(f"{weekday.label} {day_part.label}" for weekday, day_part in obj.availability_slots) or "—"

    @admin.display(description=_("preferred sites"))
    def site_list(self, obj):
        return ", ".join(site.name for site in obj.sites.all()) or "—"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts: superusers only (coordinators manage people through the volunteer profiles)."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Interest)
class InterestAdmin(CoordinatorAdmin):
    """People interested in volunteering who have no account yet: the coordinators of their site invite them."""

    list_display = ["name", "site", "way_list", "language_list", "created_at"]
    list_filter = ["site"]
    search_fields = ["name", "email"]
    date_hierarchy = "created_at"
    list_per_page = 50  # rendering the admin's rows is most of the page's time (make bench: "admin: interest entries")
    fields = ["name", "email", "phone", "way_list", "language_list", "site", "language", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return permissions.interests_for_user(request.user, super().get_queryset(request).select_related("site"))

    def is_theirs(self, user, obj) -> bool:
        return permissions.can_manage_interest(user, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    @admin.display(description=_("ways to help"))
    def way_list(self, obj):
        return ", ".join(obj.way_names())

    @admin.display(description=_("languages"))
    def language_list(self, obj):
        return ", ".join(obj.language_names())
