"""Demo data for the embedded run and tests, every app's part in order. Idempotent; refused in production."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events import demo as events_demo
from matching import demo as matching_demo
from volunteers import demo as volunteers_demo


class Command(BaseCommand):
    help = "Load the demo accounts, volunteers, events and requests (password 'machmit-demo'). Safe to run again."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Demo data is only for the embedded run and tests (DEMO_DATA_ALLOWED is off).")
        with transaction.atomic():
            volunteers_demo.load()
            events_demo.load()
            matching_demo.load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Log in with the password 'machmit-demo'."))
