"""What every admin class of ours shares."""

from dataclasses import dataclass

from django.contrib import admin
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet

from volunteers import permissions

NEWEST_SHOWN = 10  # rows of a growing record shown on an admin page: as an inline's row, each took about a millisecond


class CoordinatorAdmin(admin.ModelAdmin):
    """Opens a model to coordinators; each admin says which rows are theirs through ``volunteers.permissions``.

    Coordinators get no Django model permissions: what they may do follows from their sites alone.
    """

    def has_module_permission(self, request):
        return permissions.is_coordinator(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user) and (obj is None or self.is_theirs(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def is_theirs(self, user, obj) -> bool:
        raise NotImplementedError


class NewestFormSet(BaseInlineFormSet):
    """The newest ``shown`` rows of an inline (in the inline's order), whether there are more, and, where the list
    of all is linked, how many there are in all."""

    shown = NEWEST_SHOWN
    all_url = ""  # the list of them all, where there is one
    total: int | None = None  # counted where the list of all is linked

    def get_queryset(self):
        # One read, kept: the formset takes its length, then each row, from the same rows.
        if not hasattr(self, "_newest"):
            self._newest = newest(super().get_queryset(), shown=self.shown)
            if self.all_url:
                self.total = super().get_queryset().count()  # also when there are few: the same queries
        return self._newest.rows

    @property
    def more(self) -> bool:
        self.get_queryset()
        return self._newest.more


class NewestInline(admin.TabularInline):
    """An inline of rows that keep coming (an event's sign-ups, a request's matches and log): it shows the newest
    ``shown``, says that there are more, and links to the list of all where ``all_url`` names one. All of them
    made a page slow and heavy: a crowded event's took 444 ms (make bench: "admin: event, 400 sign-ups"), and
    every row rendered costs about a millisecond."""

    formset = NewestFormSet
    template = "admin/edit_inline/tabular_newest.html"
    shown = NEWEST_SHOWN

    def all_url(self, obj) -> str:
        return ""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)  # a class made for this request
        formset.shown = self.shown
        formset.all_url = self.all_url(obj) if obj is not None else ""
        return formset


@dataclass(frozen=True)
class Newest:
    """The newest ``shown`` rows of a record that keeps growing, as a read-only table shows them."""

    rows: list
    more: bool  # whether there are older ones, not shown
    shown: int


def newest(rows: QuerySet, *, shown: int = NEWEST_SHOWN) -> Newest:
    """The first ``shown`` rows in the queryset's order, read in one query."""
    read = list(rows[: shown + 1])
    return Newest(rows=read[:shown], more=len(read) > shown, shown=shown)
