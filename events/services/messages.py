"""Messages from coordinators to everyone confirmed for an event."""

from django.db import transaction

from events.enums import SignupStatus
from events.models import Event, EventMessage
from events.services._mail import signup_path
from outbox.services import mail_queue
from volunteers.models import User


@transaction.atomic
def event_message_send(*, event: Event, subject: str, body: str, by: User) -> EventMessage:
    """Write to everyone confirmed for an event (participants and interpreters), through the outbox."""
    message = EventMessage.objects.create(event=event, subject=subject, body=body, sent_by=by)
    signups = event.signups.filter(status=SignupStatus.CONFIRMED).exclude(volunteer=None, interest=None)
    for signup in signups.select_related("volunteer__user", "interest__onboarding", "event__site"):
        mail_queue(
            cause=f"events.message:{message.pk}",
            recipient=signup.contact_email,
            kind="events.message",
            language=signup.contact_language,
            template="events/mail/message",
            context={
                "event": event,
                "volunteer": signup.volunteer,
                "first_name": signup.first_name,
                "signup_path": signup_path(signup),
                "message": message,
            },
            site_id=event.site_id,
        )
    return message
