from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Newcomers' requests for a helper and their matching with volunteers (issue 5 fills this app)."""

    name = "matching"
    verbose_name = _("Matching")
