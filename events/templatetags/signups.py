from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from events.enums import SignupStatus

register = template.Library()


@register.filter
def signup_badge(status: SignupStatus | None) -> SafeString | str:
    """The visitor's own sign-up status beside an event summary (event list, dashboard).

    A filter rather than an included template: the dashboard shows it for every coming event.
    """
    if not status:
        return ""
    css = "text-bg-success" if status == SignupStatus.CONFIRMED else "text-bg-warning"
    return format_html('<div class="mt-1"><span class="badge {}">{}</span></div>', css, status.label)
