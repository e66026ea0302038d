import time
from datetime import timedelta
from importlib import import_module

import factory
import pyotp
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.core.cache import cache
from django.test import TestCase
from django.utils import timezone

from events.enums import EventKind, EventStatus
from events.models import Event
from matching.models import HelpRequest
from volunteers.enums import LegalTextKind
from volunteers.models import (
    LegalText,
    LegalTextTranslation,
    PoliceCertificate,
    Site,
    User,
    Volunteer,
    VolunteerLanguage,
)
from volunteers.selectors import legal_text_cache_key
from volunteers.services import legal_text_draft, legal_text_publish

PASSWORD = "a-Long-test-passw0rd"
FIRST_LEGAL_TEXTS = import_module("volunteers.migrations.0012_legal_texts")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Accounts are verified unless a test asks for ``verified=False``."""
        if create and extracted is not False:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        """Staff have an authenticator app with recovery codes (the admin opens only then), unless a test asks for
        ``second_factor=False``; set up through allauth's own API, as its activation page does."""
        if create and extracted is not False and (self.is_staff or self.is_superuser):
            authenticator_app_add(self)


class CoordinatorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def sites(self, create, extracted, **kwargs):
        if create and extracted:
            self.coordinated_sites.set(extracted)


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    municipality = "stade"
    capacity = 1
    consent_version = FIRST_LEGAL_TEXTS.TEXTS[LegalTextKind.VOLUNTEER_CONSENT]["version"]
    consent_given_at = factory.LazyFunction(timezone.now)
    consent_language = "de"

    @factory.post_generation
    def sites(self, create, extracted, **kwargs):
        if create and extracted:
            self.sites.set(extracted)

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create:
            for language, level in (extracted or {"de": "native"}).items():
                VolunteerLanguage.objects.create(volunteer=self, language=language, level=level)


def authenticator_app_add(user: User) -> None:
    """An authenticator app with a new secret, and recovery codes, as allauth's activation page sets them up."""
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)


def totp_secret(user: User) -> str:
    """The secret of the user's authenticator app, as allauth stored it."""
    return decrypt(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"])


_codes_given: set[tuple[str, int]] = set()


def totp_code(secret: str, *, account: str) -> str:
    """The code an authenticator app with ``secret`` shows now. allauth takes each code once per account, so a
    second login of the same account within one 30-second step waits for the next step's code."""
    totp = pyotp.TOTP(secret)
    while (account, step := totp.timecode(timezone.now())) in _codes_given:
        time.sleep(totp.interval - time.time() % totp.interval + 0.05)
    _codes_given.add((account, step))
    return totp.generate_otp(step)


def legal_texts() -> None:
    """The texts people agree to and the privacy page, in the first versions the data migration creates
    (transactional tests flush the migration's rows), and none left in the shared cache from an earlier test."""
    FIRST_LEGAL_TEXTS.create_texts(LegalText, LegalTextTranslation)
    cache.delete_many([legal_text_cache_key(kind) for kind in LegalTextKind])


def legal_text_new_version(kind: str, *, by: User, bodies: dict[str, str] | None = None) -> LegalText:
    """A new version of a legal text, edited and published as the centre's lead does it in the admin; the pages
    read it at once (the shared cache forgets the old one when the publication commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        draft = legal_text_draft(kind=kind, by=by)
        for language, body in (bodies or {}).items():
            LegalTextTranslation.objects.update_or_create(text=draft, language=language, defaults={"body": body})
        legal_text_publish(text=draft, by=by)
    draft.refresh_from_db()
    return draft


def site(slug: str) -> Site:
    """A site as the data migration creates it (transactional tests flush the migration's rows)."""
    data = next(s for s in import_module("volunteers.migrations.0002_create_sites").SITES if s["slug"] == slug)
    return Site.objects.get_or_create(slug=slug, defaults=data)[0]


def request_for(**fields) -> HelpRequest:
    """A newcomer's open request (Arabic, Stade's municipality, by phone); ``fields`` override."""
    now = timezone.now()
    defaults = {
        "first_name": "Amal",
        "contact_method": "phone",
        "phone": "+4915112345678",
        "municipality": "stade",
        "languages": ["ar"],
        "topics": [],
        "language": "ar",
        "consent_version": "1",
        "consent_given_at": now,
        "consent_language": "ar",
    }
    return HelpRequest.objects.create(reference=f"T{HelpRequest.objects.count():06d}", **{**defaults, **fields})


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    site = factory.LazyFunction(lambda: site("stade"))
    kind = EventKind.FORUM
    title = factory.Sequence(lambda n: f"Austauschforum {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=2))
    capacity = 10
    status = EventStatus.PUBLISHED


def police_certificate(volunteer: Volunteer, *, by: User) -> PoliceCertificate:
    """An inspection today that clears the volunteer for work with children for five years."""
    today = timezone.localdate()
    return PoliceCertificate.objects.create(
        volunteer=volunteer,
        inspected_on=today,
        certificate_date=today,
        inspected_by=by,
        next_due=today + timedelta(days=1800),
        cleared_for_children=True,
    )
