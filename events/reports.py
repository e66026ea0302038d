"""What the events app counts for the funders' report: events held and trainings (see ``volunteers.reports``)."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from events.enums import Audience, EventKind, EventStatus, SignupRole, SignupStatus
from events.models import Event, Signup
from volunteers.reports import Period, in_sites

# A confirmed place counts unless the coordinators marked the person absent.
TOOK_PART = Q(status=SignupStatus.CONFIRMED) & ~Q(attended=False)


def events_held(*, period: Period, sites: list[int] | None) -> QuerySet[Event]:
    """The published (neither draft nor cancelled) events that began within the period."""
    events = Event.objects.filter(
        status=EventStatus.PUBLISHED, starts_at__gte=period.since, starts_at__lt=period.until
    ).order_by()
    return in_sites(events, sites, field="site_id")


@dataclass(frozen=True)
class KindCounts:
    events: int
    open_to_newcomers: int  # events open to everyone
    participants: int  # places taken (one person at two events counts twice), the interest entries' included
    interpreters: int  # interpreter assignments


@dataclass(frozen=True)
class TrainingCounts:
    held: int
    participants: int
    qualified: int  # qualifications granted or renewed: attendance marked at a training that qualifies


@dataclass(frozen=True)
class EventCounts:
    by_kind: dict[str, KindCounts]  # every kind, in order
    trainings: dict[str, TrainingCounts]  # by the training type's name; "" for trainings that grant none


def event_counts(*, period: Period, sites: list[int] | None) -> EventCounts:
    """Four queries."""
    held = events_held(period=period, sites=sites)
    events = {
        kind: (count, public)
        for kind, count, public in held.values_list("kind")
        .annotate(count=Count("pk"), public=Count("pk", filter=Q(audience=Audience.PUBLIC)))
        .values_list("kind", "count", "public")
    }
    places = {
        kind: (participants, interpreters)
        for kind, participants, interpreters in Signup.objects.filter(TOOK_PART, event__in=held)
        .order_by()
        .values_list("event__kind")
        .annotate(
            participants=Count("pk", filter=Q(role=SignupRole.PARTICIPANT)),
            interpreters=Count("pk", filter=Q(role=SignupRole.INTERPRETER)),
        )
        .values_list("event__kind", "participants", "interpreters")
    }
    by_kind = {kind: KindCounts(*events.get(kind, (0, 0)), *places.get(kind, (0, 0))) for kind in EventKind.values}

    trainings = held.filter(Q(kind=EventKind.TRAINING) | Q(training_type__isnull=False))
    held_by_type = dict(trainings.values_list("training_type__name").annotate(count=Count("pk")))
    taken = {
        name: (participants, qualified)
        for name, participants, qualified in Signup.objects.filter(
            TOOK_PART, event__in=trainings, role=SignupRole.PARTICIPANT
        )
        .order_by()
        .values_list("event__training_type__name")
        .annotate(
            participants=Count("pk"),
            qualified=Count("pk", filter=Q(attended=True, volunteer__isnull=False, event__training_type__isnull=False)),
        )
        .values_list("event__training_type__name", "participants", "qualified")
    }
    return EventCounts(
        by_kind=by_kind,
        trainings={name or "": TrainingCounts(count, *taken.get(name, (0, 0))) for name, count in held_by_type.items()},
    )
