from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events, forums and trainings, and volunteers' sign-ups for them (issue 3 fills this app)."""

    name = "events"
    verbose_name = _("Events")
