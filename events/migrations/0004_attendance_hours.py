"""Hours for the attendance recorded before hours existed: every attended event counts its duration, as
``events.services.signups._attendance_hours`` records it from now on (the rule is repeated here, as migrations
must not import the app's code)."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations
from django.utils import timezone


def record_hours(apps, schema_editor):
    Signup = apps.get_model("events", "Signup")
    HourEntry = apps.get_model("volunteers", "HourEntry")
    attended = Signup.objects.filter(attended=True, volunteer__isnull=False).select_related("event")
    entries = []
    for signup in attended.iterator(chunk_size=2000):
        event = signup.event
        if signup.role == "interpreter":
            kind = "interpreting"
        elif event.kind == "training" or event.training_type_id:
            kind = "training"
        else:
            kind = "event"
        quarters = Decimal((event.ends_at - event.starts_at).total_seconds() / 900).quantize(0, ROUND_HALF_UP)
        entries.append(
            HourEntry(
                source=f"signup:{signup.pk}",
                volunteer_id=signup.volunteer_id,
                site_id=event.site_id,
                kind=kind,
                date=timezone.localdate(event.starts_at),
                hours=min(max(quarters, Decimal(1)) / 4, Decimal(24)),
                activity=event.title[:150],
                status="confirmed",
                decided_by_id=signup.attendance_marked_by_id,
                decided_at=signup.attendance_marked_at or event.ends_at,
            )
        )
    HourEntry.objects.bulk_create(entries, batch_size=2000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_signup_interest_basic_training"),
        ("volunteers", "0010_recognition"),
    ]

    operations = [migrations.RunPython(record_hours, migrations.RunPython.noop)]
