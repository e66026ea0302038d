"""What the events app's admin pages share."""

from django.contrib import admin

from volunteers.admin import CoordinatorAdmin
from volunteers.permissions import coordinator_site_ids, is_coordinator, sites_for_user


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

    def has_delete_permission(self, request, obj=None):
        return False  # and no need to read Django's model permissions (coordinators have none)
