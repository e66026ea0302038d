"""The outbox in the coordinators' admin, scoped to their sites.

It lives here, at the top of the house, and not in ``outbox/``: the outbox is a mechanism that imports no domain
app, while its admin asks the volunteers app which sites a coordinator has (a lint-imports contract in
pyproject.toml holds the outbox to that).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from outbox.enums import MailStatus
from outbox.models import Mail
from outbox.services import mail_resend
from volunteers.admin import CoordinatorAdmin
from volunteers.permissions import coordinator_site_ids, for_coordinator_sites


@admin.register(Mail)
class MailAdmin(CoordinatorAdmin):
    """The outbox of the coordinator's sites: what went out, what waits, what failed and why."""

    list_display = ["created_at", "kind", "recipient", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
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
