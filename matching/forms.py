from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from matching.enums import ContactMethod, GenderPreference
from volunteers.enums import HelpTopic, Language, Municipality
from volunteers.forms import AvailabilityField, PublicForm, check_phone, site_choices

# Languages newcomers pick from: their own first, then the rest of the list.
NEWCOMER_LANGUAGES = ["ar", "fa", "prs", "uk", "ru", "tr", "ps", "kmr", "ckb", "ti", "so", "de", "en"]
TOPIC_ICONS = {
    HelpTopic.AUTHORITIES: "📄",
    HelpTopic.GERMAN: "💬",
    HelpTopic.HOUSING: "🏠",
    HelpTopic.WORK: "💼",
    HelpTopic.SCHOOL: "🎒",
    HelpTopic.HEALTH: "🩺",
    HelpTopic.EVERYDAY: "🤝",
    HelpTopic.MOBILITY: "🚌",
}


def language_choices():
    first = [(code, Language(code).label) for code in NEWCOMER_LANGUAGES]
    return first + [(code, label) for code, label in Language.choices if code not in NEWCOMER_LANGUAGES]


class HelpRequestForm(PublicForm):
    """The newcomer's request: only what finding and reaching a helper needs."""

    first_name = forms.CharField(label=_("Your first name"), max_length=80)
    contact_method = forms.ChoiceField(
        label=_("How can we reach you?"), choices=ContactMethod.choices, widget=forms.RadioSelect
    )
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail address"), max_length=254, required=False)
    counselling_service = forms.CharField(label=_("Name of the counselling service"), max_length=150, required=False)
    submitted_by_counsellor = forms.BooleanField(
        label=_("I am a counsellor and fill this in for someone else."), required=False
    )
    municipality = forms.ChoiceField(label=_("Where do you live?"), choices=[("", "—"), *Municipality.choices])
    site = forms.TypedChoiceField(
        label=_("Which office is closer for you?"),
        choices=site_choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    languages = forms.MultipleChoiceField(
        label=_("Which languages do you speak?"), choices=language_choices, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.MultipleChoiceField(
        label=_("What do you need help with?"),
        choices=[(value, format_lazy("{} {}", TOPIC_ICONS[value], label)) for value, label in HelpTopic.choices],
        widget=forms.CheckboxSelectMultiple,
    )
    availability = AvailabilityField(label=_("When do you have time?"))
    gender_preference = forms.ChoiceField(
        label=_("Should your helper be a woman or a man?"),
        choices=GenderPreference.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    children_involved = forms.BooleanField(label=_("The help is also for children."), required=False)
    message = forms.CharField(
        label=_("Anything else we should know? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree."), error_messages={"required": _("We can only help you with your consent.")}
    )

    def clean_phone(self) -> str:
        return check_phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned_data = super().clean()
        method = cleaned_data.get("contact_method")
        required = {
            ContactMethod.PHONE: ("phone", _("Please write your phone number.")),
            ContactMethod.EMAIL: ("email", _("Please write your e-mail address.")),
            ContactMethod.COUNSELLING: ("counselling_service", _("Please write the name of the counselling service.")),
        }
        if method in required:
            field, message = required[method]
            if not cleaned_data.get(field) and field not in self.errors:
                self.add_error(field, message)
        return cleaned_data

    def sites_shown(self) -> str:
        """The sites the form offers, as text: part of the cache key of the empty form's markup."""
        return "|".join(f"{value}:{label}" for value, label in self.fields["site"].choices)


class WithdrawForm(PublicForm):
    """Taking a request back: its number and the way of contact given in it, nothing else."""

    reference = forms.CharField(label=_("Your number"), max_length=12, help_text=_("For example MM-A3C4DE."))
    contact = forms.CharField(
        label=_("Your phone number or e-mail address"),
        max_length=254,
        help_text=_("As in your request. If your counselling service wrote to us for you: its name."),
    )

    def clean_contact(self) -> str:
        """A phone number in any spelling becomes its E.164 form, as the request stored it; anything else stays."""
        contact = self.cleaned_data["contact"]
        try:
            return check_phone(contact)
        except forms.ValidationError:
            return contact
