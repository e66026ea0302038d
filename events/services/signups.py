"""Sign-ups and the waiting list, attendance (with the hours it records) and the qualifications that trainings
grant.

Capacity is guarded twice: the event row is locked while seats are counted (select_for_update), and the
database refuses a confirmed count above the capacity (a check constraint).
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.enums import Audience, EventKind, EventStatus, SignupRole, SignupStatus
from events.models import Event, Qualification, Signup, TrainingType
from events.services._mail import signup_mail_queue
from volunteers.enums import HourKind, LanguageLevel, OnboardingStep
from volunteers.models import MAX_HOURS_PER_ENTRY, Interest, User, Volunteer
from volunteers.services import hours_record, hours_withdraw, onboarding_reach_for


class SignupError(Exception):
    """A sign-up or cancellation that is not possible; the message is for the volunteer."""


def event_locked(event: Event) -> Event:
    """The event read afresh and locked until the caller's transaction ends (its site loaded)."""
    return Event.objects.select_for_update(of=("self",)).select_related("site").get(pk=event.pk)


def _check_open(event: Event, now: datetime) -> None:
    if event.status == EventStatus.CANCELLED:
        raise SignupError(_("This event has been cancelled."))
    if event.status != EventStatus.PUBLISHED:
        raise SignupError(_("This event is not open for sign-up."))
    if now >= event.deadline:
        raise SignupError(_("The sign-up deadline for this event has passed."))


@transaction.atomic
def signup_create(*, event: Event, volunteer: Volunteer, interpreter_language: str = "") -> Signup:
    """Sign a volunteer up: confirmed while places are free, else on the waiting list.

    With ``interpreter_language`` the volunteer comes as interpreter for that language; interpreters do not
    take participants' places.
    """
    event = event_locked(event)
    now = timezone.now()
    _check_open(event, now)
    if volunteer.ended_at:
        raise SignupError(_("You have ended your volunteering. Please talk to the coordinators to start again."))
    signup = _signup_renewed(event, volunteer=volunteer)
    if interpreter_language:
        if interpreter_language not in event.interpreter_languages:
            raise SignupError(_("This event needs no interpreter for that language."))
        if not volunteer.languages.filter(language=interpreter_language, level__in=LanguageLevel.usable()).exists():
            raise SignupError(_("Your profile does not list this language at a level good enough to interpret."))
        signup.role = SignupRole.INTERPRETER
        signup.interpreter_language = interpreter_language
        signup.status = SignupStatus.CONFIRMED
        signup.waitlisted_at = None
    else:
        _take_place(signup, event, now)
    signup.save()
    return signup


@transaction.atomic
def signup_create_for_interest(*, event: Event, interest: Interest) -> Signup:
    """Sign someone without an account up for an information evening (through their invitation's link): they
    take a place like a volunteer, or join the waiting list when it is full."""
    event = event_locked(event)
    now = timezone.now()
    _check_open(event, now)
    if event.kind != EventKind.INFO:
        raise SignupError(_("Without an account you can sign up for information evenings only."))
    signup = _signup_renewed(event, interest=interest)
    _take_place(signup, event, now)
    signup.save()
    return signup


def _signup_renewed(event: Event, **person: Volunteer | Interest) -> Signup:
    """The person's sign-up row for the event, new or reused after a cancellation (one row per person and
    event); refused while it is active."""
    signup = Signup.objects.filter(event=event, **person).first()
    if signup is not None and signup.is_active:
        raise SignupError(_("You are already signed up for this event."))
    signup = signup or Signup(event=event, **person)
    signup.event = event
    signup.attended = None
    return signup


def _take_place(signup: Signup, event: Event, now: datetime) -> None:
    """A participant's place while places are free, else the waiting list (the caller holds the event's lock)."""
    signup.role = SignupRole.PARTICIPANT
    signup.interpreter_language = ""
    if event.capacity is None or event.confirmed_count < event.capacity:
        signup.status = SignupStatus.CONFIRMED
        signup.waitlisted_at = None
        Event.objects.filter(pk=event.pk).update(confirmed_count=F("confirmed_count") + 1)
    else:
        signup.status = SignupStatus.WAITLISTED
        signup.waitlisted_at = now


@transaction.atomic
def signup_cancel(*, signup: Signup, by_coordinator: bool = False) -> Signup:
    """Cancel a sign-up (volunteers until the deadline); a freed place goes to the waiting list at once."""
    event = event_locked(signup.event)
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if not signup.is_active:
        raise SignupError(_("This sign-up has already been cancelled."))
    if not by_coordinator and timezone.now() >= event.deadline:
        raise SignupError(_("The deadline has passed: please tell the coordinators if you cannot come."))
    was_seat = signup.status == SignupStatus.CONFIRMED and signup.role == SignupRole.PARTICIPANT
    signup.status = SignupStatus.CANCELLED
    signup.waitlisted_at = None
    signup.save(update_fields=["status", "waitlisted_at", "updated_at"])
    if was_seat:
        Event.objects.filter(pk=event.pk).update(confirmed_count=F("confirmed_count") - 1)
        event.confirmed_count -= 1
        waitlist_promote(event=event)
    return signup


def signups_cancel_coming(*, volunteer: Volunteer) -> int:
    """Cancel a volunteer's sign-ups for events still to come (their volunteering ends): each freed place goes
    to the waiting list at once. Returns how many were cancelled."""
    coming = Signup.objects.filter(volunteer=volunteer, event__starts_at__gt=timezone.now())
    cancelled = 0
    for signup in coming.exclude(status=SignupStatus.CANCELLED).select_related("event"):
        signup_cancel(signup=signup, by_coordinator=True)
        cancelled += 1
    return cancelled


def waitlist_promote(*, event: Event) -> list[Signup]:
    """Fill free places from the waiting list in order; each promoted volunteer is told by mail.

    The caller holds the event's lock and passes its current confirmed count.
    """
    if event.status != EventStatus.PUBLISHED:
        return []
    free = None if event.capacity is None else event.capacity - event.confirmed_count
    waiting = Signup.objects.select_for_update(of=("self",)).filter(event=event, status=SignupStatus.WAITLISTED)
    waiting = waiting.select_related("volunteer__user", "interest").order_by("waitlisted_at", "id")
    promoted = list(waiting if free is None else waiting[: max(free, 0)])
    for signup in promoted:
        signup.status = SignupStatus.CONFIRMED
        signup.waitlisted_at = None
        signup.promotion_number += 1
        signup.event = event
        signup.save(update_fields=["status", "waitlisted_at", "promotion_number", "updated_at"])
        if signup.contact_email:
            signup_mail_queue(
                signup=signup,
                kind="events.promoted",
                occurrence=str(signup.promotion_number),
                template="events/mail/promoted",
            )
    if promoted:
        Event.objects.filter(pk=event.pk).update(confirmed_count=F("confirmed_count") + len(promoted))
        event.confirmed_count += len(promoted)
    return promoted


@transaction.atomic
def signup_attendance_mark(*, signup: Signup, attended: bool, by: User) -> Signup:
    """Record whether someone came. Attending a qualifying training grants or renews the qualification, and
    moves a new volunteer along their way in (``onboarding_steps_attended``)."""
    signup.attended = attended
    signup.attendance_marked_by = by
    signup.attendance_marked_at = timezone.now()
    signup.save(update_fields=["attended", "attendance_marked_by", "attendance_marked_at", "updated_at"])
    event = signup.event
    if attended and event.training_type_id and signup.volunteer_id:
        qualification_grant(
            volunteer=signup.volunteer,
            training_type=event.training_type,
            acquired_on=timezone.localdate(event.ends_at),
            event=event,
        )
    if attended:
        person = {"user": signup.volunteer.user} if signup.volunteer_id else {"interest": signup.interest}
        for step in onboarding_steps_attended(signup):
            onboarding_reach_for(**person, step=step, by=by, at=event.ends_at)
    if signup.volunteer_id:
        _attendance_hours(signup, attended=attended, by=by)
    return signup


def _attendance_hours(signup: Signup, *, attended: bool, by: User) -> None:
    """Attending counts the event's duration (in quarter hours, at most a day) as confirmed hours, of the kind
    the volunteer's part was; a coordinator may correct them per attendee. Taking the attendance back takes
    the hours back."""
    source = f"signup:{signup.pk}"
    if not attended:
        hours_withdraw(source=source)
        return
    event = signup.event
    if signup.role == SignupRole.INTERPRETER:
        kind = HourKind.INTERPRETING
    elif event.kind == EventKind.TRAINING or event.training_type_id:
        kind = HourKind.TRAINING
    else:
        kind = HourKind.EVENT
    quarters = Decimal((event.ends_at - event.starts_at).total_seconds() / 900).quantize(0, ROUND_HALF_UP)
    hours_record(
        source=source,
        volunteer=signup.volunteer,
        site=event.site,
        kind=kind,
        day=timezone.localdate(event.starts_at),
        hours=min(max(quarters, Decimal(1)) / 4, MAX_HOURS_PER_ENTRY),
        activity=event.title,
        by=by,
    )


def onboarding_steps_attended(signup: Signup) -> list[OnboardingStep]:
    """The steps of the way in that attending this sign-up's event completes: the information evening, the
    basic training, or a first assignment (interpreting, or helping at an event open to newcomers)."""
    event = signup.event
    steps = []
    if event.kind == EventKind.INFO:
        steps.append(OnboardingStep.INFO_EVENING)
    if event.training_type_id and event.training_type.is_basic_training:
        steps.append(OnboardingStep.TRAINING)
    helping = event.audience == Audience.PUBLIC and event.kind in (EventKind.FORUM, EventKind.INTERCULTURAL)
    if signup.volunteer_id and (signup.role == SignupRole.INTERPRETER or helping):
        steps.append(OnboardingStep.FIRST_ASSIGNMENT)
    return steps


@transaction.atomic
def qualification_grant(
    *, volunteer: Volunteer, training_type: TrainingType, acquired_on: date, event: Event | None = None
) -> Qualification:
    valid_until = None
    if training_type.validity_months:
        valid_until = acquired_on + relativedelta(months=training_type.validity_months)
    qualification, _created = Qualification.objects.update_or_create(
        volunteer=volunteer,
        training_type=training_type,
        defaults={"acquired_on": acquired_on, "valid_until": valid_until, "event": event},
    )
    return qualification
