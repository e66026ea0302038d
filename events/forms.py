from datetime import date

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from events.enums import EventKind
from events.models import Event
from volunteers.enums import Language
from volunteers.models import Site

MONTHS_AHEAD = 12


def month_choices() -> list[tuple[str, str]]:
    today = timezone.localdate()
    choices = [("", _("All months"))]
    for offset in range(MONTHS_AHEAD):
        year, month = today.year + (today.month - 1 + offset) // 12, (today.month - 1 + offset) % 12 + 1
        choices.append((f"{year}-{month:02d}", formats.date_format(date(year, month, 1), "F Y")))
    return choices


class EventFilterForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.all(), required=False, empty_label=_("All"))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *EventKind.choices], required=False)
    month = forms.ChoiceField(label=_("Month"), choices=month_choices, required=False)

    def clean_month(self) -> date | None:
        value = self.cleaned_data["month"]
        if not value:
            return None
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)


class InterpreterSignupForm(forms.Form):
    """Coming as interpreter: the language must be one the event needs (the service checks the volunteer)."""

    interpreter_language = forms.ChoiceField(
        label=_("I interpret"), widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interpreter_language"].choices = [
            (code, Language(code).label) for code in event.interpreter_languages if code in Language.values
        ]
