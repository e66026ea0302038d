"""The admin's parts that compose several apps, at the top of the house.

- The outbox, scoped to a coordinator's sites: it lives here and not in ``outbox/``, since the outbox is a
  mechanism that imports no domain app, while its admin asks the volunteers app which sites a coordinator has (a
  lint-imports contract in pyproject.toml holds the outbox to that).
- The volunteers app's ``VolunteerAdmin`` with the one action that reaches into events and matching: ending
  someone's volunteering (``machmit.services.volunteering_end``). It is registered here in place of the app's own.
"""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from machmit.services import VolunteeringError, volunteering_end
from outbox.enums import MailStatus
from outbox.models import Mail
from outbox.selectors import mails_failed
from outbox.services import mail_resend
from volunteers import admin as volunteers_admin
from volunteers.admin import CoordinatorAdmin, DeskFilter, DeskLine
from volunteers.forms import VolunteeringEndForm
from volunteers.models import Volunteer
from volunteers.permissions import coordinator_site_ids, for_coordinator_sites


class MailDeskFilter(DeskFilter):
    lines = {"failed": DeskLine(_("Mails that failed"), mails_failed)}


@admin.register(Mail)
class MailAdmin(CoordinatorAdmin):
    """The outbox of the coordinator's sites: what went out, what waits, what failed and why."""

    list_display = ["created_at", "kind", "recipient", "subject", "status", "attempts", "sent_at"]
    list_filter = [MailDeskFilter, "status", "kind"]
    search_fields = ["recipient", "subject"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    fields = [
        "kind",
        "recipient",
        "subject",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
        "language",
        "body_text",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request).defer("body_html", "attachments")
        return for_coordinator_sites(request.user, queryset, site_field="site_id")

    def has_change_permission(self, request, obj=None):
        return False

    def is_theirs(self, user, obj) -> bool:
        return user.is_superuser or obj.site_id in coordinator_site_ids(user)

    @admin.action(description=_("Send failed mails again"))
    def resend(self, request, queryset):
        failed = list(queryset.filter(status=MailStatus.FAILED))
        for mail in failed:
            mail_resend(mail=mail)
        self.message_user(request, _("%(count)d mails are queued again.") % {"count": len(failed)})


admin.site.unregister(Volunteer)


@admin.register(Volunteer)
class VolunteerAdmin(volunteers_admin.VolunteerAdmin):
    actions = [*volunteers_admin.VolunteerAdmin.actions, "end_volunteering"]

    @admin.action(description=_("End the volunteering (cancels coming sign-ups, hands back matches)"))
    def end_volunteering(self, request, queryset):
        """Asks for the reason first (an intermediate page), then ends each selected volunteer's volunteering."""
        volunteers = list(queryset.filter(ended_at=None).select_related("user"))
        form = VolunteeringEndForm(request.POST if "end" in request.POST else None, by_coordinator=True)
        if "end" in request.POST and form.is_valid():
            ended = 0
            for volunteer in volunteers:
                try:
                    volunteering_end(volunteer=volunteer, reason=form.cleaned_data["reason"], by=request.user)
                    ended += 1
                except VolunteeringError as error:
                    self.message_user(request, f"{volunteer}: {error}", messages.WARNING)
            self.message_user(
                request, ngettext("%d volunteering ended.", "%d volunteerings ended.", ended) % ended, messages.SUCCESS
            )
            return None
        return TemplateResponse(
            request,
            "admin/volunteers/volunteer/end_volunteering.html",
            {
                **self.admin_site.each_context(request),
                "title": _("End the volunteering"),
                "volunteers": volunteers,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )
