"""Fixed choices of the volunteer domain; the matching app uses the same languages and topics."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.TextChoices):
    """Where someone lives: the municipalities of Landkreis Stade, or somewhere else."""

    STADE = "stade", _("Hansestadt Stade")
    BUXTEHUDE = "buxtehude", _("Hansestadt Buxtehude")
    JORK = "jork", _("Gemeinde Jork")
    DROCHTERSEN = "drochtersen", _("Gemeinde Drochtersen")
    APENSEN = "apensen", _("Samtgemeinde Apensen")
    FREDENBECK = "fredenbeck", _("Samtgemeinde Fredenbeck")
    HARSEFELD = "harsefeld", _("Samtgemeinde Harsefeld")
    HORNEBURG = "horneburg", _("Samtgemeinde Horneburg")
    LUEHE = "luehe", _("Samtgemeinde Lühe")
    NORDKEHDINGEN = "nordkehdingen", _("Samtgemeinde Nordkehdingen")
    OLDENDORF_HIMMELPFORTEN = "oldendorf-himmelpforten", _("Samtgemeinde Oldendorf-Himmelpforten")
    OTHER = "other", _("Elsewhere")


class Language(models.TextChoices):
    """Languages volunteers speak and newcomers ask for (ISO 639 codes)."""

    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    FARSI = "fa", _("Farsi")
    DARI = "prs", _("Dari")
    UKRAINIAN = "uk", _("Ukrainian")
    RUSSIAN = "ru", _("Russian")
    TURKISH = "tr", _("Turkish")
    PASHTO = "ps", _("Pashto")
    KURMANJI = "kmr", _("Kurdish (Kurmanji)")
    SORANI = "ckb", _("Kurdish (Sorani)")
    TIGRINYA = "ti", _("Tigrinya")
    SOMALI = "so", _("Somali")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    POLISH = "pl", _("Polish")
    ALBANIAN = "sq", _("Albanian")
    SERBO_CROATIAN = "sh", _("Serbian / Croatian / Bosnian")
    ROMANIAN = "ro", _("Romanian")


class LanguageLevel(models.TextChoices):
    """How well someone speaks a language; "good" or better is usable for accompanying a newcomer."""

    NATIVE = "native", _("Native")
    FLUENT = "fluent", _("Fluent")
    GOOD = "good", _("Good")
    BASIC = "basic", _("Basic")

    @classmethod
    def usable(cls) -> tuple["LanguageLevel", ...]:
        """The levels good enough to accompany a newcomer or interpret; "basic" only adds to a match's score."""
        return (cls.NATIVE, cls.FLUENT, cls.GOOD)


class HelpTopic(models.TextChoices):
    """What newcomers typically ask help with."""

    AUTHORITIES = "authorities", _("Authorities, forms and letters")
    GERMAN = "german", _("Practising German")
    HOUSING = "housing", _("Housing")
    WORK = "work", _("Work, training and recognition of qualifications")
    SCHOOL = "school", _("School and day care")
    HEALTH = "health", _("Health and doctor visits")
    EVERYDAY = "everyday", _("Everyday life, leisure and meeting people")
    MOBILITY = "mobility", _("Mobility: bus, bike, driving licence")


class WayToHelp(models.TextChoices):
    """The ways to volunteer at MachMit that the Mitmachen page describes."""

    ACCOMPANY = "accompany", _("Accompanying newcomers (Integrationslotse)")
    LANGUAGE_CAFE = "language_cafe", _("Language café")
    INTERPRETING = "interpreting", _("Interpreting at events")
    EVENTS = "events", _("Helping at intercultural events and exchange forums")


class OnboardingStep(models.TextChoices):
    """The way in for a new volunteer, in order. ``CERTIFICATE`` applies only where the chosen work needs it."""

    INTERESTED = "interested", _("Interested")
    INVITED = "invited", _("Invited to an information evening")
    INFO_EVENING = "info_evening", _("Attended an information evening")
    TRAINING = "training", _("Basic training done")
    CERTIFICATE = "certificate", _("Police certificate inspected")
    FIRST_ASSIGNMENT = "first_assignment", _("First assignment")
    FOLLOW_UP = "follow_up", _("Follow-up talk done")

    @property
    def rank(self) -> int:
        return list(OnboardingStep).index(self)

    def following(self, *, needs_certificate: bool) -> "OnboardingStep | None":
        """The step that comes after this one on a person's path; None after the last."""
        later = list(OnboardingStep)[self.rank + 1 :]
        if not needs_certificate:
            later = [step for step in later if step != OnboardingStep.CERTIFICATE]
        return later[0] if later else None


class EndReason(models.TextChoices):
    """Why someone stops volunteering: a short list, counted in the statistics, never free text."""

    NO_TIME = "no_time", _("I no longer have the time")
    MOVING = "moving", _("I am moving away")
    HEALTH = "health", _("For health reasons")
    LIFE = "life", _("My work or family situation has changed")
    NOT_FOR_ME = "not_for_me", _("The work is not what I expected")
    OTHER = "other", _("Another reason")
    BY_CENTRE = "by_centre", _("Ended by the centre")

    @classmethod
    def volunteer_choices(cls) -> list[tuple[str, str]]:
        """The reasons a volunteer gives on their own; the centre's is the coordinators'."""
        return [(value, label) for value, label in cls.choices if value != cls.BY_CENTRE]


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    DIVERSE = "diverse", _("Diverse")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class DayPart(models.IntegerChoices):
    MORNING = 0, _("Morning")
    AFTERNOON = 1, _("Afternoon")
    EVENING = 2, _("Evening")


class InterfaceLanguage(models.TextChoices):
    """The languages in which the portal writes to a volunteer (pages and mail), each named in itself."""

    GERMAN = "de", "Deutsch"
    ENGLISH = "en", "English"
    ARABIC = "ar", "العربية"
    PERSIAN = "fa", "فارسی / دری"
    UKRAINIAN = "uk", "Українська"
    RUSSIAN = "ru", "Русский"
    TURKISH = "tr", "Türkçe"


def availability_bit(weekday: int, day_part: int) -> int:
    """The bit of one weekly slot in an availability mask (21 slots: 7 days x 3 parts of the day)."""
    return 1 << (weekday * len(DayPart) + day_part)


AVAILABILITY_ALL = (1 << (len(Weekday) * len(DayPart))) - 1


class HourKind(models.TextChoices):
    """What a volunteer's hours were given to: the kinds of activity a certificate of engagement names."""

    ACCOMPANYING = "accompanying", _("Accompanying newcomers")
    INTERPRETING = "interpreting", _("Interpreting at events")
    EVENT = "event", _("Taking part in forums and events")
    TRAINING = "training", _("Trainings")
    OTHER = "other", _("Other work for the centre")


class HourStatus(models.TextChoices):
    """Hours count once confirmed: by a coordinator, or by the attendance a coordinator marked."""

    LOGGED = "logged", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Not confirmed")


class DocumentKind(models.TextChoices):
    ENGAGEMENT = "engagement", _("Certificate of engagement")
    EHRENAMTSKARTE = "ehrenamtskarte", _("Confirmation of engagement for the Ehrenamtskarte")


class DocumentLanguage(models.TextChoices):
    """Certificates are written in German, or in English on request."""

    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")


class LegalTextKind(models.TextChoices):
    """The texts the centre's lead keeps in the admin, each in versions (``LegalText``): what people agree to on
    each form, and the privacy page."""

    VOLUNTEER_CONSENT = "volunteer_consent", _("Consent to the volunteer profile")
    INTEREST_CONSENT = "interest_consent", _("Consent on the Mitmachen form")
    REQUEST_CONSENT = "request_consent", _("Consent on the request for help (/hilfe/)")
    PRIVACY = "privacy", _("Privacy page")


# The order in which a text whose translation is missing falls back: German, the centre's language, then English.
LEGAL_TEXT_FALLBACK = ("de", "en")
