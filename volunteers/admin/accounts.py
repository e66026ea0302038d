"""The admins of accounts themselves (Django's groups, allauth's e-mail addresses and second factors; the users in
``people.py``): superusers only. Coordinators manage people through the volunteer profiles; this holds whatever
Django permissions someone might be given, and asks the database nothing to say no."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group

from volunteers.admin import people  # noqa: F401  (registers the UserAdmin made superuser-only below)
from volunteers.models import User


class SuperuserOnly:
    def _superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._superuser(request)

    def has_view_permission(self, request, obj=None):
        return self._superuser(request)

    def has_change_permission(self, request, obj=None):
        return self._superuser(request)

    def has_add_permission(self, request, *args):
        return self._superuser(request)

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request)


for model in (User, Group, EmailAddress, Authenticator):
    registered = type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    admin.site.register(model, type(registered.__name__, (SuperuserOnly, registered), {}))
