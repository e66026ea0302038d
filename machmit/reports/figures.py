"""The figures of a report, and the rule that no person can be singled out by them (DECISIONS.md, "Reports").

- A count of people from 1 to 4 is shown as "< 5" (``SMALL``).
- A figure that stands on 1 to 4 people without being a count of them (their hours, the median of their days) is
  withheld (``FEW``).
- Parts that add up to a shown total (volunteers by municipality, hours by kind): where a hidden part could be
  worked out as the total minus the shown parts, the smallest shown part is withheld too (``WITHHELD``), and so
  on; when no part is left to withhold, the total is.

A hidden figure keeps its true value for the rule; nothing shows or exports it (``Figure.shown``).
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SMALL = "small"
FEW = "few"
WITHHELD = "withheld"

SMALLEST_SHOWN = 5

Number = int | Decimal

# What the marks mean, under every report and in its downloads.
LEGEND = gettext_lazy(
    'Figures only, about nobody in particular. A count of people from 1 to 4 is shown as "< 5". "Withheld" stands '
    "for a figure that rests on fewer than 5 people (their hours, a median of their days), or from which such a "
    "count could be worked out (a total minus the parts shown). Events are counted as they are."
)


@dataclass(frozen=True)
class Figure:
    value: Number | None  # None: nothing to tell (a median of nobody)
    hidden: str = ""  # "", SMALL, FEW or WITHHELD
    decimals: int = 0
    is_count: bool = True  # a count of people (whole numbers from 0)

    @property
    def shown(self) -> bool:
        return not self.hidden and self.value is not None

    def withheld(self) -> "Figure":
        return replace(self, hidden=WITHHELD)

    def __str__(self) -> str:
        return self.text(grouping=True)

    def text(self, *, grouping: bool = False) -> str:
        """The figure as the page writes it, in the active language; its mark where it is hidden."""
        if self.hidden == SMALL:
            return f"< {SMALLEST_SHOWN}"
        if self.hidden:
            return _("withheld")
        if self.value is None:
            return "–"
        return number_format(self.value, decimal_pos=self.decimals, force_grouping=grouping)

    def cell(self) -> Number | str:
        """What a spreadsheet's cell holds: the number, or the mark that stands in for it."""
        if not self.shown:
            return self.text()
        return int(self.value) if self.decimals == 0 else float(self.value)


def people(count: int) -> Figure:
    """A count of people (or of what each stands for one person: places taken, requests, matches)."""
    return Figure(count, hidden=SMALL if 0 < count < SMALLEST_SHOWN else "")


def number(value: int) -> Figure:
    """A count of things that are no person (events held): always shown."""
    return Figure(value, is_count=False)


def hours(value: Decimal, *, people: int) -> Figure:
    """Hours given by ``people`` volunteers."""
    hidden = FEW if 0 < people < SMALLEST_SHOWN else ""
    return Figure(value, hidden=hidden, decimals=1, is_count=False)


def median_days(value: float | None, *, people: int) -> Figure:
    if value is None:
        return Figure(None, is_count=False)
    hidden = FEW if people < SMALLEST_SHOWN else ""
    return Figure(Decimal(str(round(value, 1))), hidden=hidden, decimals=1, is_count=False)


def percent(part: int, whole: int) -> Figure:
    return Figure(round(Decimal(100 * part) / whole) if whole else None, is_count=False)


def change(current: Figure, previous: Figure) -> Figure:
    """The difference between two periods' figures, only where both are shown."""
    if not (current.shown and previous.shown):
        return Figure(None, is_count=False)
    return Figure(current.value - previous.value, decimals=current.decimals, is_count=False)


def protect(parts: list[Figure], total: Figure) -> tuple[list[Figure], Figure]:
    """Parts that add up to ``total``, with further parts (or the total) withheld until no hidden part can be
    worked out from the total minus the shown parts."""
    parts = list(parts)
    if not total.shown:
        return parts, total
    while _disclosed(parts, total.value):
        shown = [index for index, part in enumerate(parts) if part.shown and part.value]
        if not shown:
            return parts, total.withheld()
        smallest = min(shown, key=lambda index: parts[index].value)
        parts[smallest] = parts[smallest].withheld()
    return parts, total


def _bounds(part: Figure, rest: Number) -> tuple[Number, Number]:
    """What a reader who knows this rule can tell of a hidden part: a count shown as "< 5" lies from 1 to 4, a
    count withheld for another's sake is at least 5 (smaller ones are shown as "< 5", zeros are never withheld),
    anything else is at most what the hidden parts add up to."""
    if part.hidden == SMALL:
        return 1, SMALLEST_SHOWN - 1
    if part.hidden == WITHHELD and part.is_count:
        return SMALLEST_SHOWN, rest
    return 0, rest


def _disclosed(parts: list[Figure], total: Number) -> bool:
    """Whether a part hidden for its own sake (SMALL or FEW) has only one value its bounds and the total allow."""
    hidden = [part for part in parts if not part.shown and part.value is not None]
    rest = total - sum(part.value for part in parts if part.shown)
    bounds = [_bounds(part, rest) for part in hidden]
    for index, part in enumerate(hidden):
        if part.hidden == WITHHELD:
            continue
        others_low = sum(low for other, (low, _high) in enumerate(bounds) if other != index)
        others_high = sum(high for other, (_low, high) in enumerate(bounds) if other != index)
        low, high = bounds[index]
        if max(low, rest - others_high) >= min(high, rest - others_low):
            return True
    return False
