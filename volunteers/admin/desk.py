"""The coordinators' desk's lines (``machmit/desk.py``), declared by the lists they lead to."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DeskLine:
    """A line of the coordinators' desk: the rows of a list that need attention now."""

    label: str | Promise
    narrow: Callable[[QuerySet], QuerySet]  # from the admin's rows to this line's (a selector of the model's app)
    waiting_since: str = ""  # a date field: the desk says since when the oldest row waits


class DeskFilter(admin.SimpleListFilter):
    """The desk's lines that lead to a list: ``?desk=<key>`` narrows the list to exactly the rows the line
    counted, with the same function. An admin lists its lines in a subclass's ``lines``."""

    title = _("on the desk")
    parameter_name = "desk"
    lines: dict[str, DeskLine] = {}

    def lookups(self, request, model_admin):
        return [(key, line.label) for key, line in self.lines.items()]

    def queryset(self, request, queryset):
        line = self.lines.get(self.value())
        return line.narrow(queryset) if line else queryset
