from celery import shared_task

from events.services import invitations_queue, nudges_queue, reminders_queue_due


@shared_task(name="events.queue_reminders", acks_late=True)
def queue_reminders() -> None:
    reminders_queue_due()


@shared_task(name="events.invite_interested", acks_late=True)
def invite_interested() -> None:
    invitations_queue()


@shared_task(name="events.queue_onboarding_nudges", acks_late=True)
def queue_onboarding_nudges() -> None:
    nudges_queue()
