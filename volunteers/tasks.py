from celery import shared_task

from volunteers.services import audit_logs_delete_old, interests_delete_stale, onboardings_follow_up_remind


@shared_task(name="volunteers.delete_stale_interests", acks_late=True)
def delete_stale_interests() -> None:
    interests_delete_stale()


@shared_task(name="volunteers.queue_follow_up_reminders", acks_late=True)
def queue_follow_up_reminders() -> None:
    onboardings_follow_up_remind()


@shared_task(name="volunteers.delete_old_audit_logs", acks_late=True)
def delete_old_audit_logs() -> None:
    audit_logs_delete_old()
