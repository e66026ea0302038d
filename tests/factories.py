from datetime import timedelta
from importlib import import_module

import factory
from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone

from events.enums import EventKind, EventStatus
from events.models import Event
from volunteers.models import PoliceCertificate, Site, User, Volunteer, VolunteerLanguage

PASSWORD = "a-Long-test-passw0rd"


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
    consent_version = settings.VOLUNTEER_CONSENT_VERSION
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


def site(slug: str) -> Site:
    """A site as the data migration creates it (transactional tests flush the migration's rows)."""
    data = next(s for s in import_module("volunteers.migrations.0002_create_sites").SITES if s["slug"] == slug)
    return Site.objects.get_or_create(slug=slug, defaults=data)[0]


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
