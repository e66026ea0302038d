from celery import shared_task

from matching.services import checkins_queue_due, requests_anonymise_due


@shared_task(name="matching.anonymise_requests", acks_late=True)
def anonymise_requests() -> None:
    requests_anonymise_due()


@shared_task(name="matching.queue_checkins", acks_late=True)
def queue_checkins() -> None:
    checkins_queue_due()
