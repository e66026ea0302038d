"""Mail about sign-ups, shared by the sign-up, event and reminder services.

Every such mail goes to the volunteer's current address, names the sign-up as its cause and carries the
event's calendar file, so that the volunteer's calendar follows the event.
"""

from django.core import signing
from django.urls import reverse

from events.calendars import calendar_build
from events.enums import SignupStatus
from events.models import Event, Signup
from outbox.models import Mail
from outbox.selectors import MailKey
from outbox.services import Attachment, mail_queue
from volunteers.models import Onboarding

INVITATION_SALT = "events.info-evening-invitation"


def event_calendar(event: Event) -> Attachment:
    """The event's ``.ics`` file (its site must be loaded)."""
    return Attachment(
        filename="veranstaltung.ics",
        content=calendar_build([event], name=event.title).decode(),
        mimetype="text/calendar",
    )


def signup_mail_key(*, signup: Signup, kind: str, occurrence: str) -> MailKey:
    """The outbox key of a mail about a sign-up: the one place that names a sign-up as a mail's cause."""
    return MailKey(cause=f"events.signup:{signup.pk}", recipient=signup.contact_email, kind=kind, occurrence=occurrence)


def signup_path(signup: Signup) -> str:
    """Where the person manages this sign-up: the event's page, or, without an account, their invitation's."""
    if signup.interest_id:
        return reverse("info_evening:list", args=[invitation_token(signup.interest.onboarding)])
    return reverse("events:detail", args=[signup.event_id])


def invitation_token(onboarding: Onboarding) -> str:
    """The secret part of the address at which someone without an account signs up for information evenings."""
    return signing.dumps(onboarding.pk, salt=INVITATION_SALT)


def signup_mail_queue(
    *,
    signup: Signup,
    kind: str,
    occurrence: str,
    template: str,
    context: dict | None = None,
    dispatch: bool = True,
    calendar: Attachment | None = None,
) -> Mail | None:
    """A mail about a sign-up, with the event's calendar file (pass ``calendar`` when it is built already)."""
    key = signup_mail_key(signup=signup, kind=kind, occurrence=occurrence)
    return mail_queue(
        cause=key.cause,
        recipient=key.recipient,
        kind=key.kind,
        occurrence=key.occurrence,
        language=signup.contact_language,
        template=template,
        context={
            "event": signup.event,
            "volunteer": signup.volunteer,
            "signup": signup,
            "first_name": signup.first_name,
            "signup_path": signup_path(signup),
            **(context or {}),
        },
        site_id=signup.event.site_id,
        dispatch=dispatch,
        attachments=[calendar or event_calendar(signup.event)],
    )


def attendees_mail_queue(*, event: Event, kind: str, template: str) -> None:
    """Tell everyone signed up or waiting about a change to the event (a new time or place, a cancellation).

    The occurrence is the event's change number, so each change is told once. The caller holds the event's
    lock and has raised the change number.
    """
    signups = event.signups.exclude(status=SignupStatus.CANCELLED).exclude(volunteer=None, interest=None)
    calendar = event_calendar(event)  # one calendar file for all attendees
    for signup in signups.select_related("volunteer__user", "interest__onboarding"):
        signup.event = event
        signup_mail_queue(
            signup=signup, kind=kind, occurrence=str(event.change_number), template=template, calendar=calendar
        )
