"""Everything the portal stores about one person, for their data page and its downloads (issue 16; the rights
of access and to data portability).

Each app is asked for its rows of the person through its selectors; this module only lays them out as sections
of named columns, the same for the page, the PDF and the JSON. A match shows its request's reference and
dates, never the newcomer's personal data. Values are plain (text, numbers, dates, yes/no), in the person's
language where they are a choice.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache, cached_property
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.selectors import signups_of, volunteer_qualifications
from matching.selectors import matches_of
from outbox.selectors import mails_to
from volunteers.models import User, Volunteer
from volunteers.selectors import (
    consents_for,
    hour_entries,
    interest_linked,
    onboarding_milestones,
    profile_views,
)


@dataclass(frozen=True)
class Column:
    key: str  # the JSON's name, in English
    heading: str  # the page's, in the person's language
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    columns: list[Column]
    objects: Sequence  # a selector's queryset, read when shown (a page reads only the newest rows), or a list
    single: bool  # one record (the account, the profile): shown as a list of fields, not a table
    limit: int | None = None  # the rows a page shows, the newest; the downloads hold all

    @cached_property
    def page_objects(self) -> list:
        """The rows the page shows, and one more if there are more."""
        return list(self.objects if self.limit is None else self.objects[: self.limit + 1])

    def has_more(self) -> bool:
        return self.limit is not None and len(self.page_objects) > self.limit

    def _values(self, obj) -> list[Any]:
        return [column.value(obj) for column in self.columns]

    def records(self) -> list[dict[str, Any]]:
        keys = [column.key for column in self.columns]
        return [dict(zip(keys, self._values(obj), strict=True)) for obj in self.objects]

    def shown_rows(self) -> list[list[str]]:
        return [[shown(value) for value in self._values(obj)] for obj in self.page_objects[: self.limit]]

    def shown_fields(self) -> list[tuple[str, str]]:
        """The single record's fields as (heading, value)."""
        values = self._values(self.page_objects[0])
        return [(column.heading, shown(value)) for column, value in zip(self.columns, values, strict=True)]


def _section(key: str, title: str, columns: list[Column], objects: Sequence, *, single: bool = False) -> Section:
    return Section(key, title, columns, objects, single)


def personal_data(*, user: User, volunteer: Volunteer | None) -> list[Section]:
    """The sections of one person's data, in the order the page shows them; empty ones included, so that the
    person sees what is not stored too."""
    sections = [
        _section(
            "account",
            _("Account"),
            [
                Column("email", _("e-mail address"), lambda u: u.email),
                Column("first_name", _("first name"), lambda u: u.first_name),
                Column("last_name", _("last name"), lambda u: u.last_name),
                Column("language", _("language"), lambda u: _choice(u, "language")),
                Column("registered", _("registered"), lambda u: u.date_joined),
                Column("last_login", _("last login"), lambda u: u.last_login),
            ],
            [user],
            single=True,
        )
    ]
    interest = interest_linked(user=user)
    sections.append(
        _section(
            "interest",
            _("Your entry on the Mitmachen page"),
            [
                Column("name", _("name"), lambda i: i.name),
                Column("email", _("e-mail address"), lambda i: i.email),
                Column("phone", _("phone"), lambda i: i.phone),
                Column("languages", _("languages"), lambda i: ", ".join(i.language_names())),
                Column("ways", _("ways to help"), lambda i: ", ".join(i.way_names())),
                Column("received", _("received"), lambda i: i.created_at),
            ],
            [interest] if interest else [],
        )
    )
    sections.append(
        _section(
            "way_in",
            _("Your way in"),
            [
                Column("step", _("step"), lambda m: _choice(m, "step")),
                Column("reached", _("reached"), lambda m: m.reached_at),
            ],
            onboarding_milestones(user=user),
        )
    )
    if volunteer is None:
        return sections
    return sections + _volunteer_sections(volunteer)


def _volunteer_sections(volunteer: Volunteer) -> list[Section]:
    certificate = getattr(volunteer, "police_certificate", None)
    return [
        _section(
            "profile",
            _("Profile"),
            [
                Column("phone", _("phone"), lambda v: v.phone),
                Column("municipality", _("municipality"), lambda v: _choice(v, "municipality")),
                Column("sites", _("preferred sites"), lambda v: ", ".join(site.name for site in v.sites.all())),
                Column("availability", _("availability"), _availability),
                Column("gender", _("gender"), lambda v: _choice(v, "gender")),
                Column("capacity", _("newcomers at a time"), lambda v: v.capacity),
                Column("about", _("about me"), lambda v: v.about),
                Column("event_reminders", _("event reminders"), lambda v: v.event_reminders),
                Column("paused_at", _("paused since"), lambda v: v.paused_at),
                Column("paused_until", _("paused until"), lambda v: v.paused_until),
                Column("ended_at", _("volunteering ended"), lambda v: v.ended_at),
                Column("engaged_since", _("engaged since"), lambda v: v.engaged_since),
                Column("created", _("profile created"), lambda v: v.created_at),
            ],
            [volunteer],
            single=True,
        ),
        _section(
            "languages",
            _("Languages"),
            [
                Column("language", _("language"), lambda row: _choice(row, "language")),
                Column("level", _("level"), lambda row: _choice(row, "level")),
            ],
            volunteer.languages.all(),
        ),
        _section(
            "topics",
            _("Help topics"),
            [Column("topic", _("help topic"), lambda row: _choice(row, "topic"))],
            volunteer.topics.all(),
        ),
        _section(
            "consents",
            _("Consents"),
            [
                Column("text", _("text"), lambda c: _choice(c.text, "kind")),
                Column("version", _("version"), lambda c: c.text.version),
                Column("given_at", _("given at"), lambda c: c.given_at),
                Column("language", _("language"), lambda c: _choice(c, "language")),
            ],
            consents_for(user=volunteer.user),
        ),
        _section(
            "police_certificate",
            _("Police certificate"),
            [
                Column("inspected_on", _("inspected on"), lambda c: c.inspected_on),
                Column("certificate_date", _("certificate dated"), lambda c: c.certificate_date),
                Column("next_due", _("next inspection due"), lambda c: c.next_due),
                Column("cleared_for_children", _("cleared for work with children"), lambda c: c.cleared_for_children),
            ],
            [certificate] if certificate else [],
        ),
        _section(
            "signups",
            _("Sign-ups"),
            [
                Column("event", _("event"), lambda s: s.event.title),
                Column("starts_at", _("starts at"), lambda s: s.event.starts_at),
                Column("role", _("role"), lambda s: _choice(s, "role")),
                Column("interprets", _("interprets"), lambda s: _choice(s, "interpreter_language")),
                Column("status", _("status"), lambda s: _choice(s, "status")),
                Column("attended", _("attended"), lambda s: s.attended),
                Column("signed_up_at", _("signed up at"), lambda s: s.created_at),
            ],
            signups_of(volunteer=volunteer),
        ),
        _section(
            "qualifications",
            _("Qualifications"),
            [
                Column("training", _("training"), lambda q: q.training_type__name),
                Column("acquired_on", _("acquired on"), lambda q: q.acquired_on),
                Column("valid_until", _("valid until"), lambda q: q.valid_until),
            ],
            volunteer_qualifications(volunteer=volunteer),
        ),
        _section(
            "matches",
            _("Newcomers you were asked to accompany"),
            [
                Column("request", _("request"), lambda m: m.request.reference),
                Column("status", _("status"), lambda m: _choice(m, "status")),
                Column("proposed_at", _("proposed at"), lambda m: m.proposed_at),
                Column("answered_at", _("answered at"), lambda m: m.responded_at),
                Column("closed_at", _("closed at"), lambda m: m.closed_at),
            ],
            matches_of(volunteer=volunteer),
        ),
        _section(
            "hours",
            _("Hours"),
            [
                Column("date", _("date"), lambda h: h.date),
                Column("kind", _("kind of activity"), lambda h: _choice(h, "kind")),
                Column("hours", _("hours"), lambda h: h.hours),
                Column("activity", _("what was done"), lambda h: h.activity),
                Column("status", _("status"), lambda h: _choice(h, "status")),
            ],
            hour_entries(volunteer=volunteer),
        ),
        _section(
            "certificates",
            _("Certificates"),
            [
                Column("number", _("number"), lambda c: c.number),
                Column("document", _("document"), lambda c: _choice(c, "kind")),
                Column("from", _("from"), lambda c: c.period_start),
                Column("until", _("until"), lambda c: c.period_end),
                Column("hours", _("hours"), lambda c: c.hours_total),
                Column("issued", _("issued"), lambda c: c.issued_at),
                Column("revoked", _("revoked"), lambda c: c.revoked_at),
            ],
            volunteer.certificates.all(),
        ),
        _section(
            "mails",
            _("Mails sent to you"),
            [
                Column("subject", _("subject"), lambda m: m.subject),
                Column("status", _("status"), lambda m: _choice(m, "status")),
                Column("written", _("written"), lambda m: m.created_at),
                Column("sent", _("sent at"), lambda m: m.sent_at),
            ],
            mails_to(recipient=volunteer.user.email),
        ),
        _section(
            "profile_views",
            _("Staff who opened your profile"),
            [
                Column("opened_by", _("opened by"), lambda v: str(v.viewer) if v.viewer else _("(deleted)")),
                Column("opened_at", _("opened at"), lambda v: v.viewed_at),
            ],
            profile_views(volunteer=volunteer),
        ),
    ]


def _availability(volunteer: Volunteer) -> str:
    return ", ".join(f"{day.label} {part.label}" for day, part in volunteer.availability_slots)


@cache
def _choices(model, name: str) -> dict:
    return dict(model._meta.get_field(name).flatchoices)


def _choice(obj, name: str) -> str:
    """A field's choice by its label, in the person's language. ``get_<name>_display`` hashes the field's choices
    anew on every call: with 260 hours and 100 sign-ups it took a third of the time spent laying out the sections
    (cProfile)."""
    value = getattr(obj, name)
    return str(_choices(obj._meta.model, name).get(value, value))


def shown(value: Any) -> str:
    """A value as the page and the PDF show it, in the person's language."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(formats.localize(value))


def json_value(value: Any) -> Any:
    """A value as JSON writes it: dates in ISO 8601, decimals as text (exact), the rest as it is."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
