from celery import shared_task

from outbox.services import mail_send


@shared_task(name="outbox.send_mail", acks_late=True)
def send_mail(*, mail_id: int) -> None:
    mail_send(mail_id=mail_id)
