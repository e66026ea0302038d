"""Agreeing again to a consent text that changed since."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I agree that MachMit stores and uses the data in my profile as described above."),
        error_messages={"required": _("We can only save your profile with your consent.")},
    )
