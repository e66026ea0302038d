from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Every mail the portal sends (allauth's account mails aside) goes through this outbox.

    A shared mechanism: it imports none of the domain apps; they hand it what to send.
    """

    name = "outbox"
    verbose_name = _("Outbox")
