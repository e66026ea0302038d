"""Who may see and manage which events: the one place these rules live.

Everyone sees published (and cancelled) events open to the public; signed-in users also see the
volunteers-only ones. Coordinators manage the events organised by their sites; superusers all.
"""

from django.db.models import QuerySet

from events.enums import Audience, EventStatus
from events.models import Event, Signup
from volunteers.models import User
from volunteers.permissions import coordinator_site_ids, for_coordinator_sites


def events_visible_to(user: User, queryset: QuerySet[Event] | None = None) -> QuerySet[Event]:
    queryset = Event.objects.all() if queryset is None else queryset
    queryset = queryset.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
    if not user.is_authenticated:
        queryset = queryset.filter(audience=Audience.PUBLIC)
    return queryset


def events_managed_by(user: User, queryset: QuerySet[Event] | None = None) -> QuerySet[Event]:
    return for_coordinator_sites(user, Event.objects.all() if queryset is None else queryset, site_field="site_id")


def signups_managed_by(user: User, queryset: QuerySet[Signup] | None = None) -> QuerySet[Signup]:
    queryset = Signup.objects.all() if queryset is None else queryset
    return for_coordinator_sites(user, queryset, site_field="event__site_id")


def can_manage_event(user: User, event: Event) -> bool:
    return bool(user.is_active and (user.is_superuser or event.site_id in coordinator_site_ids(user)))
