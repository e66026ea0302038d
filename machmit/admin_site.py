"""The admin as the coordinators' desk: its title, and its first page, which shows ``machmit.desk`` above the list
of models. Installed in place of ``django.contrib.admin`` (``AdminConfig.default_site``), so that every admin class
registers here without knowing it."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class DeskAdminSite(admin.AdminSite):
    site_header = _("MachMit – Coordination")
    site_title = _("MachMit – Coordination")
    index_title = _("Desk")

    def index(self, request, extra_context=None):
        # Imported here: the desk reads the apps' admin classes, which are registered on this site.
        from machmit.desk import desk_for

        return super().index(request, {**(extra_context or {}), "desk": desk_for(request)})


class MachmitAdminConfig(AdminConfig):
    default_site = "machmit.admin_site.DeskAdminSite"
