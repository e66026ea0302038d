from datetime import date
from functools import lru_cache

from django import forms
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.enums import EventKind
from events.models import Event
from volunteers.enums import Language
from volunteers.selectors import site_list

MONTHS_AHEAD = 12


def month_choices() -> list[tuple[str, str]]:
    return _month_choices(timezone.localdate().replace(day=1), get_language())


@lru_cache(maxsize=64)
def _month_choices(first: date, language: str) -> list[tuple[str, str]]:
    """The coming months as filter choices, named in ``language`` (cached: they change once a month)."""
    choices = [("", _("All months"))]
    for offset in range(MONTHS_AHEAD):
        year, month = first.year + (first.month - 1 + offset) // 12, (first.month - 1 + offset) % 12 + 1
        choices.append((f"{year}-{month:02d}", formats.date_format(date(year, month, 1), "F Y")))
    return choices


class EventFilterForm(forms.Form):
    site = forms.TypedChoiceField(label=_("Site"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *EventKind.choices], required=False)
    month = forms.ChoiceField(label=_("Month"), choices=month_choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once: a callable would query again each time the widget looks at its choices.
        self.sites = list(site_list().values_list("pk", "name"))
        self.fields["site"].choices = [("", _("All")), *((str(pk), name) for pk, name in self.sites)]

    @property
    def choices_key(self) -> str:
        """Names what the choices depend on, for caching the rendered form: the months offered, the sites."""
        return f"{timezone.localdate():%Y-%m} {self.sites}"

    def clean_month(self) -> date | None:
        value = self.cleaned_data["month"]
        if not value:
            return None
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)


class InterpreterSignupForm(forms.Form):
    """Coming as interpreter: the language must be one the event needs (the service checks the volunteer)."""

    interpreter_language = forms.ChoiceField(label=_("I interpret"))

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interpreter_language"].choices = [
            (code, Language(code).label) for code in event.interpreter_languages if code in Language.values
        ]


class InfoEveningForm(forms.Form):
    """The button someone without an account pressed on their invitation's page: sign up for, or cancel, one
    of the information evenings listed there."""

    event = forms.TypedChoiceField(coerce=int)
    action = forms.ChoiceField(choices=[("signup", "signup"), ("cancel", "cancel")])

    def __init__(self, *args, evenings: list[Event], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [(evening.pk, evening.title) for evening in evenings]
