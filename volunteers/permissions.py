"""Who may see and change what in the volunteers app: the one place these rules live.

A coordinator is an active staff user assigned to at least one site. A coordinator sees the volunteers
who chose one of their sites, and those who chose no site at all (so nobody is lost). Superusers see all.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from volunteers.models import Certificate, HourEntry, Interest, Onboarding, Site, User, Volunteer


def coordinator_site_ids(user: User) -> frozenset[int]:
    """The ids of the sites a user coordinates (empty for everyone but active staff)."""
    return _coordination(user)[0]


def is_coordinator(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or coordinator_site_ids(user)))


def is_centre_lead(user: User) -> bool:
    """The centre's lead: a superuser, or a coordinator of every site. They see the whole centre's report and keep
    the texts people agree to and the privacy page (``LegalText``)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or _coordination(user)[1]


def _coordination(user: User) -> tuple[frozenset[int], bool]:
    """The sites a user coordinates, and whether they are every site, in one query kept on the user for the
    request: every admin page asks both (its menu opens the legal texts to the lead)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return frozenset(), False
    if not hasattr(user, "_coordination"):
        theirs = Site.coordinators.through.objects.filter(site=OuterRef("pk"), user=user)
        sites = list(Site.objects.order_by().annotate(theirs=Exists(theirs)).values_list("id", "theirs"))
        site_ids = frozenset(pk for pk, coordinated in sites if coordinated)
        user._coordination = site_ids, bool(site_ids) and len(site_ids) == len(sites)
    return user._coordination


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
    """``volunteers_for_user`` for one volunteer, from their chosen sites: without a query where those were
    prefetched, as the admin does (it asks several times a page)."""
    if user.is_active and user.is_superuser:
        return True
    site_ids = coordinator_site_ids(user)
    chosen = {site.pk for site in volunteer.sites.all()}
    return bool(site_ids) and (not chosen or not chosen.isdisjoint(site_ids))


def can_manage_site(user: User, site: Site) -> bool:
    return bool(user.is_active and (user.is_superuser or site.pk in coordinator_site_ids(user)))


def interests_for_user(user: User, queryset: QuerySet[Interest] | None = None) -> QuerySet[Interest]:
    """Interest entries a coordinator may see: their sites' and those that name no site."""
    queryset = Interest.objects.all() if queryset is None else queryset
    return for_coordinator_sites(user, queryset, site_field="site_id", or_no_site=True)


def can_manage_interest(user: User, interest: Interest) -> bool:
    """``interests_for_user`` for one entry, without a query (the admin asks several times a page)."""
    if user.is_active and user.is_superuser:
        return True
    site_ids = coordinator_site_ids(user)
    return bool(site_ids) and (interest.site_id is None or interest.site_id in site_ids)


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
