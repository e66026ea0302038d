"""The Celery application: reads its configuration from the Django settings (``CELERY_*``)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "machmit.settings.local")

app = Celery("machmit")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="machmit.clear_expired_sessions", acks_late=True)
def clear_expired_sessions() -> None:
    """Delete expired login sessions (run daily by beat; the personal data in them has no purpose left)."""
    from importlib import import_module

    from django.conf import settings

    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


@app.task(name="machmit.erase_ended_volunteers", acks_late=True)
def erase_ended_volunteers() -> None:
    """Delete the accounts of volunteers whose volunteering ended VOLUNTEER_ERASE_AFTER_ENDED_DAYS ago (daily)."""
    from machmit.services import accounts_erase_ended

    accounts_erase_ended()
