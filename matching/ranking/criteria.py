"""The reference: what matching knows of a request and a volunteer, the hard criteria and the score, one pair at
a time in plain Python (the rules of DECISIONS.md, "Matching").

``_points`` is the formula the SQL shortlist (sql.py) and the numpy columns (vectorised.py) repeat; see the
package docstring for the tests that hold them equal.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields

from matching.enums import MatchStatus
from volunteers.enums import AVAILABILITY_ALL, LanguageLevel, Municipality

# The matches that take one of a volunteer's places (Candidate.active counts them).
OPEN_MATCH = [MatchStatus.PROPOSED, MatchStatus.ACTIVE]


@dataclass(frozen=True, kw_only=True)
class Weights:
    """Points per soft criterion; settings.MATCHING_WEIGHTS may override fields by name."""

    topic: float = 3.0  # per shared help topic
    municipality: float = 2.0  # lives in the newcomer's municipality
    site: float = 1.0  # prefers the newcomer's site (or either side has no preference)
    availability: float = 0.5  # per shared weekly slot (bit), see volunteers.enums.availability_bit
    training: float = 1.0  # per valid qualification
    caseload: float = 1.5  # times the share of free places (free / capacity)
    basic_language: float = 0.5  # per newcomer language the volunteer speaks only at "basic"

    def __post_init__(self) -> None:
        # A typo in the settings (None, "3", inf) would otherwise surface as a wrong ranking, not an error.
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise ValueError(f"Matching weight {field.name!r} must be a finite number, not {value!r}.")
            object.__setattr__(self, field.name, float(value))


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True, kw_only=True)
class Need:
    """One newcomer's request, as far as matching is concerned."""

    request_id: int
    languages: frozenset[str]  # codes from volunteers.enums.Language
    topics: frozenset[str]  # volunteers.enums.HelpTopic values
    municipality: str  # volunteers.enums.Municipality value
    site_id: int | None  # None: either site
    availability: int  # 21-bit mask, same encoding as Volunteer.availability
    gender_preference: str  # "" (none) or volunteers.enums.Gender value
    children: bool


@dataclass(frozen=True, kw_only=True)
class Candidate:
    """One volunteer, as far as matching is concerned."""

    volunteer_id: int
    name: str
    languages: Mapping[str, str]  # code -> level ("native", "fluent", "good", "basic")
    topics: frozenset[str]
    municipality: str
    site_ids: frozenset[int]  # empty: either site
    availability: int
    gender: str  # "" if not given
    capacity: int  # how many newcomers at once
    active: int  # current matches in OPEN_MATCH
    valid_for_children: bool  # police certificate cleared and not past due
    qualifications: int  # number of valid qualifications


def check_eligible(need: Need, candidate: Candidate) -> bool:
    """The hard criteria of DECISIONS.md: a usable shared language, a free place, the police certificate when
    children are involved, and a stated gender preference met (nobody without a gender meets one)."""
    usable = LanguageLevel.usable()
    return (
        candidate.active < candidate.capacity
        and (not need.children or candidate.valid_for_children)
        and (not need.gender_preference or candidate.gender == need.gender_preference)
        and any(candidate.languages.get(code) in usable for code in need.languages)
    )


def _same_municipality(need: Need, candidate: Candidate) -> bool:
    # "Elsewhere" on both sides says nothing about living near each other.
    return need.municipality not in ("", Municipality.OTHER) and candidate.municipality == need.municipality


def _site_fits(need: Need, candidate: Candidate) -> bool:
    return need.site_id is None or not candidate.site_ids or need.site_id in candidate.site_ids


def _points(need: Need, candidate: Candidate, w: Weights) -> float:
    """The score. sql.shortlist and vectorised._Columns.scores repeat this expression term by term, in the same
    order (so the same floats): change all three."""
    free = max(candidate.capacity - candidate.active, 0)
    share_free = w.caseload * free / candidate.capacity if candidate.capacity > 0 else 0.0
    return (
        w.topic * len(need.topics & candidate.topics)
        + w.municipality * _same_municipality(need, candidate)
        + w.site * _site_fits(need, candidate)
        + w.availability * (need.availability & candidate.availability & AVAILABILITY_ALL).bit_count()
        + w.training * candidate.qualifications
        + share_free
        + w.basic_language * sum(candidate.languages.get(code) == LanguageLevel.BASIC for code in need.languages)
    )
