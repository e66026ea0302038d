"""Who may see and change what in the volunteers app: the one place these rules live.

A coordinator is an active staff user assigned to at least one site. A coordinator sees the volunteers
who chose one of their sites, and those who chose no site at all (so nobody is lost). Superusers see all.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from volunteers.models import Certificate, HourEntry, Interest, Onboarding, Site, User, Volunteer


def coordinator_site_ids(user: User) -> frozenset[int]:
    """The ids of the sites a user coordinates (empty for everyone but active staff)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return frozenset()
    if not hasattr(user, "_coordinator_site_ids"):
        user._coordinator_site_ids = frozenset(user.coordinated_sites.values_list("id", flat=True))
    return user._coordinator_site_ids


def is_coordinator(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or coordinator_site_ids(user)))


def is_centre_lead(user: User) -> bool:
    """The centre's lead: a superuser, or a coordinator of every site. They see the whole centre's report and keep
    the texts people agree to and the privacy page (``LegalText``)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_is_centre_lead"):
        site_ids = coordinator_site_ids(user)
        user._is_centre_lead = bool(site_ids) and site_ids >= set(Site.objects.values_list("id", flat=True))
    return user._is_centre_lead


def for_coordinator_sites(user: User, queryset: QuerySet, *, site_field: str, or_no_site: bool = False) -> QuerySet:
    """The rows of ``queryset`` that belong to the sites ``user`` coordinates, through ``site_field`` ("site_id",
    "event__site_id"); with ``or_no_site`` also those that name no site. All for a superuser, none for anyone
    else."""
    if user.is_active and user.is_superuser:
        return queryset
    site_ids = coordinator_site_ids(user)
    if not site_ids:
        return queryset.none()
    theirs = Q(**{f"{site_field}__in": site_ids})
    return queryset.filter(theirs | Q(**{f"{site_field}__isnull": True}) if or_no_site else theirs)


def sites_for_user(user: User, queryset: QuerySet[Site] | None = None) -> QuerySet[Site]:
    return for_coordinator_sites(user, Site.objects.all() if queryset is None else queryset, site_field="id")


def volunteers_for_user(user: User, queryset: QuerySet[Volunteer] | None = None) -> QuerySet[Volunteer]:
    """The volunteer profiles a coordinator may see: those of their sites and those without a site."""
    queryset = Volunteer.objects.all() if queryset is None else queryset
    if user.is_active and user.is_superuser:
        return queryset
    site_ids = coordinator_site_ids(user)
    if not site_ids:
        return queryset.none()
    chosen = Volunteer.sites.through.objects.filter(volunteer=OuterRef("pk"))
    return queryset.filter(Q(Exists(chosen.filter(site_id__in=site_ids))) | ~Q(Exists(chosen)))


def can_manage_volunteer(user: User, volunteer: Volunteer) -> bool:
    return volunteers_for_user(user).filter(pk=volunteer.pk).exists()


def can_manage_site(user: User, site: Site) -> bool:
    return bool(user.is_active and (user.is_superuser or site.pk in coordinator_site_ids(user)))


def interests_for_user(user: User, queryset: QuerySet[Interest] | None = None) -> QuerySet[Interest]:
    """Interest entries a coordinator may see: their sites' and those that name no site."""
    queryset = Interest.objects.all() if queryset is None else queryset
    return for_coordinator_sites(user, queryset, site_field="site_id", or_no_site=True)


def onboardings_for_user(
    user: User, queryset: QuerySet[Onboarding] | None = None, *, anonymous: bool = False
) -> QuerySet[Onboarding]:
    """The ways in of a coordinator's sites and those naming none that still have a person; with ``anonymous``
    also those whose person is gone, which count in the statistics only."""
    queryset = Onboarding.objects.all() if queryset is None else queryset
    if not anonymous:
        queryset = queryset.exclude(user=None, interest=None)
    return for_coordinator_sites(user, queryset, site_field="site_id", or_no_site=True)


def can_manage_onboarding(user: User, onboarding: Onboarding) -> bool:
    """``onboardings_for_user`` for one way in, without a query (the admin asks often per page)."""
    if onboarding.user_id is None and onboarding.interest_id is None:
        return False
    return user.is_superuser or onboarding.site_id is None or onboarding.site_id in coordinator_site_ids(user)


def hours_for_user(user: User, queryset: QuerySet[HourEntry] | None = None) -> QuerySet[HourEntry]:
    """Hour entries a coordinator decides on: those given at their sites and those naming no site."""
    queryset = HourEntry.objects.all() if queryset is None else queryset
    return for_coordinator_sites(user, queryset, site_field="site_id", or_no_site=True)


def can_manage_hours(user: User, entry: HourEntry) -> bool:
    return user.is_superuser or entry.site_id is None or entry.site_id in coordinator_site_ids(user)


def certificates_for_user(user: User, queryset: QuerySet[Certificate] | None = None) -> QuerySet[Certificate]:
    """Certificates issued on a coordinator's sites' letterhead."""
    queryset = Certificate.objects.all() if queryset is None else queryset
    return for_coordinator_sites(user, queryset, site_field="site_id")


def can_manage_certificate(user: User, certificate: Certificate) -> bool:
    return user.is_superuser or certificate.site_id in coordinator_site_ids(user)
