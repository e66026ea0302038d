"""Writes of recognition: hours recorded, logged and decided, and the certificates issued from them."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volunteers.enums import DocumentKind, HourKind, HourStatus
from volunteers.models import Certificate, HourEntry, Site, User, Volunteer
from volunteers.selectors import certificate_content


class RecognitionError(Exception):
    """A certificate that cannot be issued; the message is for the user."""


@transaction.atomic
def hours_record(
    *,
    source: str,
    volunteer: Volunteer,
    site: Site | None,
    kind: HourKind,
    day: date,
    hours: Decimal,
    activity: str,
    by: User,
) -> HourEntry:
    """Hours that attendance confirms (``source`` names the sign-up: one entry each). Marking it again keeps a
    coordinator's correction of the hours."""
    entry, _created = HourEntry.objects.get_or_create(
        source=source,
        defaults={
            "volunteer": volunteer,
            "site": site,
            "kind": kind,
            "date": day,
            "hours": hours,
            "activity": activity[:150],
            "status": HourStatus.CONFIRMED,
            "decided_by": by,
            "decided_at": timezone.now(),
        },
    )
    return entry


@transaction.atomic
def hours_withdraw(*, source: str) -> None:
    """The attendance behind ``source`` was taken back: its hours no longer count."""
    HourEntry.objects.filter(source=source).delete()


@transaction.atomic
def hours_log(
    *,
    volunteer: Volunteer,
    site: Site | None,
    kind: HourKind,
    day: date,
    hours: Decimal,
    activity: str,
    source: str = "",
) -> HourEntry:
    """Time a volunteer logs themselves (with a newcomer, or other work for the centre): it counts once a
    coordinator has confirmed it."""
    return HourEntry.objects.create(
        volunteer=volunteer, site=site, kind=kind, date=day, hours=hours, activity=activity, source=source
    )


@transaction.atomic
def hours_enter(*, entry: HourEntry, by: User) -> HourEntry:
    """Hours a coordinator enters for a volunteer (from a paper list, or work before the portal): confirmed by
    them."""
    entry.status = HourStatus.CONFIRMED
    entry.decided_by = by
    entry.decided_at = timezone.now()
    entry.save()
    return entry


@transaction.atomic
def hours_decide(*, entries: Iterable[HourEntry], confirm: bool, by: User) -> int:
    """A coordinator confirms or declines logged entries (or changes their mind). Returns how many changed."""
    status = HourStatus.CONFIRMED if confirm else HourStatus.DECLINED
    ids = [entry.pk for entry in entries if entry.status != status]
    return HourEntry.objects.filter(pk__in=ids).update(status=status, decided_by=by, decided_at=timezone.now())


@transaction.atomic
def hours_correct(*, entry: HourEntry, hours: Decimal, by: User) -> HourEntry:
    """A coordinator corrects the hours of an entry, which confirms it."""
    entry.hours = hours
    entry.status = HourStatus.CONFIRMED
    entry.decided_by = by
    entry.decided_at = timezone.now()
    entry.save(update_fields=["hours", "status", "decided_by", "decided_at"])
    return entry


@transaction.atomic
def certificate_issue(
    *,
    volunteer: Volunteer,
    kind: DocumentKind,
    period_start: date,
    period_end: date,
    language: str,
    site: Site,
    issuer_name: str,
    by: User,
    engaged_since: date | None = None,
) -> Certificate:
    """Record a certificate with what it states: the confirmed hours of the period, per year and kind, and the
    trainings attended (``selectors.certificate_content``); a confirmation for the Ehrenamtskarte also states
    since when the person volunteers."""
    content = certificate_content(volunteer=volunteer, period_start=period_start, period_end=period_end)
    if not content["hours_by_year"]:
        raise RecognitionError(_("There are no confirmed hours in this period."))
    if engaged_since is not None:
        content["engaged_since"] = engaged_since.isoformat()
    return Certificate.objects.create(
        kind=kind,
        volunteer=volunteer,
        site=site,
        language=language,
        period_start=period_start,
        period_end=period_end,
        hours_total=Decimal(content["hours_total"]),
        content=content,
        issued_by=by,
        issuer_name=issuer_name,
    )


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by: User) -> None:
    """Its verification address says from now on that it was revoked."""
    if certificate.revoked_at is None:
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.save(update_fields=["revoked_at", "revoked_by"])
