"""Forms of recognition: logging hours, asking for a certificate."""

import re
from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volunteers.enums import DocumentLanguage
from volunteers.forms.people import DateInput
from volunteers.models import MAX_HOURS_PER_ENTRY

OTHER_WORK = "other"
# An e-mail address, or six digits or more in a row (spaces, slashes and dashes between them): contact data.
CONTACT_DATA = re.compile(r"\S@\S|(?:\d[\s/-]*){6,}")


class HoursLogForm(forms.Form):
    """Time a volunteer logs: with the newcomer of one of their active matches ("match:<id>"), or other work for
    the centre. A coordinator confirms it."""

    work = forms.ChoiceField(label=_("For"))
    day = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.25"),
        max_value=MAX_HOURS_PER_ENTRY,
        step_size=Decimal("0.25"),
        max_digits=4,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
        error_messages={
            "invalid": _("Please enter the hours as a number, e.g. 1.5."),
            "min_value": _("Please enter at least a quarter of an hour (0.25)."),
            "max_value": _("A day has at most 24 hours."),
            "step_size": _("Please round to quarter hours: 0.25, 0.5, 0.75."),
            "max_digits": _("A day has at most 24 hours."),
            "max_decimal_places": _("Please round to quarter hours: 0.25, 0.5, 0.75."),
        },
    )
    activity = forms.CharField(
        label=_("What you did"),
        max_length=150,
        help_text=_("One line, e.g. “went to the job centre together”. No names or contact data of the newcomer."),
    )

    def __init__(self, *args, matches: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work"].choices = [(f"match:{pk}", label) for pk, label in matches] + [
            (OTHER_WORK, _("Other work for the centre"))
        ]

    def clean_day(self) -> date:
        day = self.cleaned_data["day"]
        today = timezone.localdate()
        if day > today:
            raise forms.ValidationError(_("Please choose today or an earlier date."), code="future")
        if day < today - timedelta(days=settings.HOURS_LOG_DAYS_BACK):
            raise forms.ValidationError(
                _("Please log hours within %(days)d days. For earlier work, ask the coordinators."),
                code="too_old",
                params={"days": settings.HOURS_LOG_DAYS_BACK},
            )
        return day

    def clean_activity(self) -> str:
        activity = " ".join(self.cleaned_data["activity"].split())
        if CONTACT_DATA.search(activity):
            raise forms.ValidationError(_("Please leave out e-mail addresses and phone numbers."), code="contact")
        return activity

    def match_id(self) -> int | None:
        """The match the time was spent on, or None for other work."""
        work = self.cleaned_data["work"]
        return None if work == OTHER_WORK else int(work.removeprefix("match:"))


class CertificateRequestForm(forms.Form):
    """The period and language of a certificate of engagement."""

    period_start = forms.DateField(label=_("From"), widget=DateInput())
    period_end = forms.DateField(label=_("Until"), widget=DateInput())
    language = forms.ChoiceField(
        label=_("Language of the certificate"), choices=DocumentLanguage, initial=DocumentLanguage.GERMAN
    )

    def clean_period_end(self) -> date:
        period_end = self.cleaned_data["period_end"]
        if period_end > timezone.localdate():
            raise forms.ValidationError(_("Please choose today or an earlier date."), code="future")
        return period_end

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and start > end:
            self.add_error("period_start", forms.ValidationError(_("The period begins after it ends."), code="order"))
        return cleaned
