"""Forms of accounts and profiles, the Mitmachen page, a break and the end; the widgets they share."""

from datetime import date

import phonenumbers
from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from volunteers.enums import (
    DayPart,
    EndReason,
    Gender,
    HelpTopic,
    InterfaceLanguage,
    Language,
    LanguageLevel,
    Municipality,
    WayToHelp,
    Weekday,
    availability_bit,
)
from volunteers.models import MAX_CAPACITY, Interest, Site, User, Volunteer
from volunteers.selectors import ProfileChoices, profile_choices


class DateInput(forms.DateInput):
    """The browser's date picker, which reads and sends ISO dates whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


AVAILABILITY_CHOICES = [
    (f"{weekday.value}-{day_part.value}", format_lazy("{} {}", weekday.label, day_part.label))
    for weekday in Weekday
    for day_part in DayPart
]


class AvailabilityTableWidget(forms.CheckboxSelectMultiple):
    """The weekly slots as a table, weekdays by parts of the day."""

    template_name = "volunteers/widgets/availability_table.html"

    def get_context(self, name, value, attrs):
        # Widget's context, not ChoiceWidget's: the template draws the slots below, not Django's option groups.
        context = forms.Widget.get_context(self, name, value, attrs)
        checked = set(context["widget"]["value"])
        base_id = context["widget"]["attrs"].get("id", name)
        slots = [(slot, str(label), slot in checked, f"{base_id}_{i}") for i, (slot, label) in enumerate(self.choices)]
        size = len(DayPart)
        context["widget"]["day_parts"] = DayPart.labels
        context["widget"]["rows"] = [
            (weekday.label, slots[i * size : (i + 1) * size]) for i, weekday in enumerate(Weekday)
        ]
        return context


class AvailabilityField(forms.MultipleChoiceField):
    """Weekly slots as checkboxes (weekday x part of the day), cleaned to the 21-bit availability mask."""

    widget = AvailabilityTableWidget

    def __init__(self, **kwargs):
        super().__init__(choices=AVAILABILITY_CHOICES, required=False, **kwargs)

    def clean(self, value) -> int:
        mask = 0
        for slot in super().clean(value):
            weekday, day_part = (int(part) for part in slot.split("-"))
            mask |= availability_bit(weekday, day_part)
        return mask

    @staticmethod
    def initial_from(mask: int) -> list[str]:
        return [f"{w.value}-{p.value}" for w in Weekday for p in DayPart if mask & availability_bit(w, p)]


class LanguageLevelsWidget(forms.Widget):
    """A level select per language, posted as ``<name>_<language code>``: one field, so that "at least one
    language" is one rule with one error message."""

    template_name = "volunteers/widgets/language_levels.html"
    use_fieldset = True

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        levels = value if isinstance(value, dict) else {}
        context["widget"]["levels"] = [("", "—"), *LanguageLevel.choices]
        context["widget"]["invalid"] = bool(context["widget"]["attrs"].get("aria-invalid"))
        # A level that is not one of ours (a tampered form) shows as none.
        context["widget"]["languages"] = [
            (code, label, level if (level := levels.get(code, "")) in LanguageLevel.values else "")
            for code, label in Language.choices
        ]
        return context

    def format_value(self, value):
        return value

    def value_from_datadict(self, data, files, name) -> dict[str, str]:
        # Only the known languages: anything else posted is ignored.
        return {code: data.get(f"{name}_{code}", "") for code in Language.values}

    def value_omitted_from_data(self, data, files, name) -> bool:
        return not any(f"{name}_{code}" in data for code in Language.values)


class LanguageLevelsField(forms.Field):
    """The languages someone speaks, cleaned to {language code: level}; at least one when required."""

    widget = LanguageLevelsWidget
    default_error_messages = {
        "required": _("Please tell us at least one language you speak and how well."),
        "invalid_choice": _("Please choose each level from the list."),
    }

    def to_python(self, value) -> dict[str, str]:
        levels = {code: level for code, level in (value or {}).items() if level}
        if any(level not in LanguageLevel.values for level in levels.values()):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return levels


def check_phone(value: str) -> str:
    """A German or international phone number, returned in E.164 form (+494141123456); '' stays ''."""
    if not value.strip():
        return ""
    try:
        number = phonenumbers.parse(value, "DE")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(
            _("Please enter a valid phone number, for example 04141 123456 or +49 151 23456789."),
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def site_choices() -> list[tuple[str, str]]:
    """The sites as a public form offers them, with "either" first."""
    return [("", _("Either is fine")), *((str(pk), name) for pk, name in Site.objects.values_list("pk", "name"))]


class PublicForm(forms.Form):
    """A form anyone may send without an account: a field people never see (hidden by CSS), which only bots fill
    in."""

    website = forms.CharField(required=False, label=_("Please leave this field empty."))

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class InterestForm(PublicForm):
    """The Mitmachen page's interest form: only what an invitation to start needs."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254, help_text=_("We send the invitation here."))
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        help_text=_("Optional, if you would rather talk on the phone."),
    )
    ways = forms.MultipleChoiceField(
        label=_("How would you like to help?"), choices=WayToHelp.choices, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Which languages do you speak?"), choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )
    site = forms.TypedChoiceField(
        label=_("Where would you like to help?"),
        choices=site_choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_("I agree that MachMit stores these details to invite me."),
        error_messages={"required": _("We can only invite you with your consent.")},
    )

    def clean_phone(self) -> str:
        return check_phone(self.cleaned_data["phone"])


class VolunteerProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        help_text=_("Optional. Coordinators call you when a newcomer needs help."),
    )
    municipality = forms.ChoiceField(label=_("Where do you live?"), choices=[("", "—"), *Municipality.choices])
    sites = forms.TypedMultipleChoiceField(
        label=_("Which site would you like to help at?"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave both empty if either is fine."),
    )
    languages = LanguageLevelsField(label=_("Languages you speak"))
    topics = forms.MultipleChoiceField(
        label=_("What would you like to help with?"),
        choices=HelpTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    availability = AvailabilityField(label=_("When are you usually free?"))
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=[("", _("I prefer not to say")), *Gender.choices],
        required=False,
        help_text=_("Optional. Some newcomers prefer a helper of a certain gender."),
    )
    capacity = forms.IntegerField(
        label=_("How many newcomers can you accompany at the same time?"),
        min_value=0,
        max_value=MAX_CAPACITY,
        initial=1,
    )
    language = forms.ChoiceField(
        label=_("In which language should we write to you?"),
        choices=InterfaceLanguage.choices,
        help_text=_("For e-mails and for the pages of your area."),
    )
    about = forms.CharField(
        label=_("About me"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=False,
        help_text=_("Optional, at most 1000 characters: what you do, what you enjoy, what you would like to try."),
    )
    consent = forms.BooleanField(
        label=_("I agree that MachMit stores and uses the data in my profile as described above."),
        error_messages={"required": _("We can only save your profile with your consent.")},
    )

    def __init__(
        self,
        *args,
        volunteer: Volunteer | None = None,
        interest: Interest | None = None,
        language: str = "de",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        choices = profile_choices(volunteer=volunteer)
        self.fields["sites"].choices = choices.sites
        if volunteer is not None:
            self.initial.update(self.initial_from(volunteer, choices))
        elif interest is not None:
            self.initial.update(self.initial_from_interest(interest))

    @staticmethod
    def initial_from_interest(interest: Interest) -> dict:
        """What the person told us on the Mitmachen page; languages at "good", which they may correct."""
        first_name, _space, last_name = interest.name.rpartition(" ")
        return {
            "first_name": first_name or last_name,
            "last_name": last_name if first_name else "",
            "phone": interest.phone,
            "sites": [interest.site_id] if interest.site_id else [],
            "languages": {code: LanguageLevel.GOOD for code in interest.languages if code in Language.values},
        }

    @staticmethod
    def initial_from(volunteer: Volunteer, choices: ProfileChoices) -> dict:
        return {
            "first_name": volunteer.user.first_name,
            "last_name": volunteer.user.last_name,
            "phone": volunteer.phone,
            "municipality": volunteer.municipality,
            "sites": choices.chosen_sites,
            "languages": choices.languages,
            "topics": choices.topics,
            "availability": AvailabilityField.initial_from(volunteer.availability),
            "gender": volunteer.gender,
            "capacity": volunteer.capacity,
            "about": volunteer.about,
        }

    def clean_phone(self) -> str:
        return check_phone(self.cleaned_data["phone"])


class PauseForm(forms.Form):
    until = forms.DateField(
        label=_("Until when?"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave it empty to pause until you resume."),
    )

    def clean_until(self) -> date | None:
        until = self.cleaned_data["until"]
        if until is not None and until < timezone.localdate():
            raise forms.ValidationError(_("Please choose today or a later date."), code="past")
        return until


class VolunteeringEndForm(forms.Form):
    """Ending one's volunteering: a reason from the short list, and a confirmation (it cannot be undone here)."""

    reason = forms.ChoiceField(
        label=_("Why are you stopping?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a reason.")},
    )
    confirm = forms.BooleanField(
        label=_("Yes, I want to end my volunteering."),
        error_messages={"required": _("Please confirm that you want to end your volunteering.")},
    )

    def __init__(self, *args, by_coordinator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = EndReason.choices if by_coordinator else EndReason.volunteer_choices()


class AccountDeleteForm(forms.Form):
    """Deleting one's account: the password again (someone at an unlocked computer cannot do it) and a
    confirmation, since it cannot be undone."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Please enter your password.")},
    )
    confirm = forms.BooleanField(
        label=_("Yes, delete my account and my personal data."),
        error_messages={"required": _("Please confirm that you want to delete your account.")},
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."), code="wrong_password")
        return password


class NotificationSettingsForm(forms.Form):
    event_reminders = forms.BooleanField(
        label=_("Remind me by e-mail before events I am signed up for"),
        required=False,
        help_text=_("Two days and three hours before. News about cancelled or changed events always reaches you."),
    )
