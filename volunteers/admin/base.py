"""What every admin class of ours shares."""

from django.contrib import admin

from volunteers import permissions


class CoordinatorAdmin(admin.ModelAdmin):
    """Opens a model to coordinators; each admin says which rows are theirs through ``volunteers.permissions``.

    Coordinators get no Django model permissions: what they may do follows from their sites alone.
    """

    def has_module_permission(self, request):
        return permissions.is_coordinator(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user) and (obj is None or self.is_theirs(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def is_theirs(self, user, obj) -> bool:
        raise NotImplementedError
