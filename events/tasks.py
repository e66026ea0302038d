from celery import shared_task

from events.services import reminders_queue_due


@shared_task(name="events.queue_reminders", acks_late=True)
def queue_reminders() -> None:
    reminders_queue_due()
