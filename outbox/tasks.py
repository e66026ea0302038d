from celery import shared_task

from outbox.services import mails_delete_old, outbox_drain, outbox_sweep


@shared_task(name="outbox.drain", acks_late=True)
def drain_outbox() -> None:
    outbox_drain()


@shared_task(name="outbox.sweep", acks_late=True)
def sweep_outbox() -> None:
    outbox_sweep()


@shared_task(name="outbox.delete_old", acks_late=True)
def delete_old_mails() -> None:
    mails_delete_old()
