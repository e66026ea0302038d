"""Failed logins: for the superusers, read-only (they look for attacks; nobody edits the record)."""

from django.contrib import admin

from volunteers.admin.base import CoordinatorAdmin
from volunteers.models import LoginFailure


@admin.register(LoginFailure)
class LoginFailureAdmin(CoordinatorAdmin):
    """Superusers only: the addresses tried are not the coordinators' business, nor is anyone's client address."""

    list_display = ["failed_at", "email", "ip_address"]
    search_fields = ["email", "ip_address"]
    date_hierarchy = "failed_at"
    fields = list_display
    readonly_fields = list_display

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
