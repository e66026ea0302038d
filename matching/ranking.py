"""The matching core: hard criteria, the soft score with its reasons, ranking and the batch proposal.

Pure functions over plain frozen dataclasses (no models, no queries), so that the rules of DECISIONS.md
("Matching") are tested without a database and the selectors can feed them from narrowed SQL rows.

``score`` and ``check_eligible`` are the reference: plain Python, one pair at a time, and ``rank`` uses them
directly. The batch functions score a thousand needs against ten thousand volunteers, so they compute the very
same figures with numpy columns (same operations in the same order, hence the same floats) and hand the
eligible pairs to OR-tools' min-cost flow.
"""

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields

import numpy as np
from django.utils.translation import gettext, gettext_lazy, ngettext
from ortools.graph.python import min_cost_flow

from volunteers.enums import (
    AVAILABILITY_ALL,
    DayPart,
    HelpTopic,
    Language,
    LanguageLevel,
    Municipality,
    Weekday,
)

# "good" or better is usable for accompanying a newcomer; "basic" only adds to the score.
USABLE_LEVELS = frozenset({LanguageLevel.NATIVE, LanguageLevel.FLUENT, LanguageLevel.GOOD})
# Shared reasons name at most this many weekly slots, then "and N more".
SLOTS_NAMED = 3


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
    active: int  # current active/proposed matches
    valid_for_children: bool  # police certificate cleared and not past due
    qualifications: int  # number of valid qualifications


@dataclass(frozen=True, kw_only=True)
class Ranked:
    """One suggestion for a coordinator: who, how many points, and why."""

    volunteer_id: int
    name: str
    score: float
    reasons: list[str]


# --- hard criteria and score, one pair at a time (the reference) ---------------------------------------------


def check_eligible(need: Need, candidate: Candidate) -> bool:
    """The hard criteria of DECISIONS.md: a usable shared language, a free place, the police certificate when
    children are involved, and a stated gender preference met (nobody without a gender meets one)."""
    return (
        candidate.active < candidate.capacity
        and (not need.children or candidate.valid_for_children)
        and (not need.gender_preference or candidate.gender == need.gender_preference)
        and any(candidate.languages.get(code) in USABLE_LEVELS for code in need.languages)
    )


def score(need: Need, candidate: Candidate, weights: Weights = DEFAULT_WEIGHTS) -> tuple[float, list[str]]:
    """The soft score and the reasons behind it, in the active language, for a coordinator to judge."""
    return _points(need, candidate, weights), _reasons(need, candidate)


def _same_municipality(need: Need, candidate: Candidate) -> bool:
    # "Elsewhere" on both sides says nothing about living near each other.
    return need.municipality not in ("", Municipality.OTHER) and candidate.municipality == need.municipality


def _site_fits(need: Need, candidate: Candidate) -> bool:
    return need.site_id is None or not candidate.site_ids or need.site_id in candidate.site_ids


def _points(need: Need, candidate: Candidate, w: Weights) -> float:
    """The score. _Columns.scores repeats this expression term by term (same float results): change both."""
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


# --- reasons -------------------------------------------------------------------------------------------------

_SPEAKS = {
    # Translators: a reason why a volunteer is suggested for a newcomer, e.g. "speaks Arabic (native)".
    LanguageLevel.NATIVE: gettext_lazy("speaks %(language)s (native)"),
    LanguageLevel.FLUENT: gettext_lazy("speaks %(language)s (fluent)"),
    LanguageLevel.GOOD: gettext_lazy("speaks %(language)s (good)"),
    LanguageLevel.BASIC: gettext_lazy("speaks a little %(language)s (basic)"),
}
# Reasons list languages and topics in the order of their choices, unknown codes last.
_LEVEL_ORDER = {level: position for position, level in enumerate(LanguageLevel)}
_LANGUAGE_ORDER = {code: position for position, code in enumerate(Language.values)}
_TOPIC_ORDER = {topic: position for position, topic in enumerate(HelpTopic.values)}

# DayPart's labels are capitalised nouns ("Afternoon"); a whole phrase per part lets German write
# "Dienstagnachmittag" instead of a lower-cased label.
_SLOT = {
    # Translators: one weekly slot in which a volunteer is free, e.g. "Tuesday morning".
    DayPart.MORNING: gettext_lazy("%(weekday)s morning"),
    # Translators: one weekly slot in which a volunteer is free, e.g. "Tuesday afternoon".
    DayPart.AFTERNOON: gettext_lazy("%(weekday)s afternoon"),
    # Translators: one weekly slot in which a volunteer is free, e.g. "Tuesday evening".
    DayPart.EVENING: gettext_lazy("%(weekday)s evening"),
}


def _label(choices: type, value: str) -> str:
    """The translated label of a choice; an unknown value (old data) shows as it is."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _language_reasons(need: Need, candidate: Candidate) -> list[str]:
    """The newcomer's languages the volunteer speaks, best level first: usable ones, then "basic" ones."""
    spoken = [
        (code, level) for code, level in candidate.languages.items() if code in need.languages and level in _SPEAKS
    ]
    spoken.sort(key=lambda item: (_LEVEL_ORDER[item[1]], _LANGUAGE_ORDER.get(item[0], len(_LANGUAGE_ORDER)), item[0]))
    return [str(_SPEAKS[level]) % {"language": _label(Language, code)} for code, level in spoken]


def _slot_names(mask: int) -> list[str]:
    parts = len(DayPart)
    return [
        str(_SLOT[DayPart(bit % parts)]) % {"weekday": Weekday(bit // parts).label}
        for bit in range(mask.bit_length())
        if mask >> bit & 1
    ]


def _reasons(need: Need, candidate: Candidate) -> list[str]:
    """Short sentences a coordinator reads beside the score, strongest evidence first."""
    reasons = _language_reasons(need, candidate)

    if _same_municipality(need, candidate):
        reasons.append(gettext("lives in %(municipality)s") % {"municipality": _label(Municipality, need.municipality)})

    if need.site_id is not None:
        if need.site_id in candidate.site_ids:
            reasons.append(gettext("prefers the requested site"))
        elif not candidate.site_ids:
            reasons.append(gettext("helps at either site"))

    slots = _slot_names(need.availability & candidate.availability & AVAILABILITY_ALL)
    if len(slots) > SLOTS_NAMED:
        more = len(slots) - SLOTS_NAMED
        reasons.append(
            # Translators: e.g. "free on Monday morning, Monday evening, Tuesday morning and 4 more".
            ngettext("free on %(slots)s and %(count)d more", "free on %(slots)s and %(count)d more", more)
            % {"slots": ", ".join(slots[:SLOTS_NAMED]), "count": more}
        )
    elif slots:
        reasons.append(gettext("free on %(slots)s") % {"slots": ", ".join(slots)})

    shared = sorted(
        need.topics & candidate.topics, key=lambda topic: (_TOPIC_ORDER.get(topic, len(_TOPIC_ORDER)), topic)
    )
    if shared:
        reasons.append(
            ngettext("shares %(count)d help topic: %(topics)s", "shares %(count)d help topics: %(topics)s", len(shared))
            % {"count": len(shared), "topics": ", ".join(_label(HelpTopic, topic) for topic in shared)}
        )

    if candidate.qualifications > 0:
        reasons.append(
            ngettext(
                "has %(count)d valid qualification", "has %(count)d valid qualifications", candidate.qualifications
            )
            % {"count": candidate.qualifications}
        )
    if need.children and candidate.valid_for_children:
        reasons.append(gettext("police certificate valid for work with children"))

    reasons.append(
        ngettext(
            # Translators: a volunteer's caseload, e.g. "1 of 3 places in use".
            "%(active)d of %(capacity)d place in use",
            "%(active)d of %(capacity)d places in use",
            candidate.capacity,
        )
        % {"active": candidate.active, "capacity": candidate.capacity}
    )
    return reasons


# --- ranking for one request ---------------------------------------------------------------------------------


def rank(
    need: Need, candidates: Iterable[Candidate], weights: Weights = DEFAULT_WEIGHTS, limit: int | None = None
) -> list[Ranked]:
    """Eligible volunteers, best first; ties go to the one with fewer active matches, then the lower id.

    Reasons are written only for the volunteers returned, so a small ``limit`` keeps a long list cheap.
    """
    scored = [
        (-_points(need, candidate, weights), candidate.active, candidate.volunteer_id, position, candidate)
        for position, candidate in enumerate(candidates)
        if check_eligible(need, candidate)
    ]
    scored.sort(key=lambda row: row[:4])
    if limit is not None:
        scored = scored[: max(limit, 0)]
    return [
        Ranked(
            volunteer_id=candidate.volunteer_id,
            name=candidate.name,
            score=-negative,
            reasons=_reasons(need, candidate),
        )
        for negative, _active, _id, _position, candidate in scored
    ]


# --- many requests at once -----------------------------------------------------------------------------------


class _Bits:
    """Codes numbered as bits, so that set overlaps become bitwise ANDs over uint64 words."""

    def __init__(self, codes: Iterable[object]) -> None:
        self.bit = {code: 1 << number for number, code in enumerate(dict.fromkeys(codes))}
        self.words = max(1, -(-len(self.bit) // 64))

    def mask(self, codes: Iterable[object]) -> int:
        return sum(self.bit.get(code, 0) for code in set(codes))

    def array(self, masks: Sequence[int]) -> np.ndarray:
        """Python masks as an (n, words) uint64 array; more than 64 codes just take more words."""
        full = (1 << 64) - 1
        return np.array(
            [[mask >> (64 * word) & full for word in range(self.words)] for mask in masks], dtype=np.uint64
        ).reshape(len(masks), self.words)


def _overlap(rows: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """How many bits each row shares with the mask."""
    return np.bitwise_count(rows & mask).sum(axis=1, dtype=np.int64)


class _Columns:
    """All candidates as numpy columns over the codes the needs use: one need against all in a few array ops."""

    def __init__(self, needs: Sequence[Need], candidates: Sequence[Candidate], weights: Weights) -> None:
        self.weights = weights
        self.languages = _Bits(code for need in needs for code in sorted(need.languages))
        self.topics = _Bits(topic for need in needs for topic in sorted(need.topics))
        self.sites = _Bits(need.site_id for need in needs if need.site_id is not None)
        self.municipality_code: dict[str, int] = {}
        self.gender_code: dict[str, int] = {}

        usable, basic = [], []
        for candidate in candidates:
            usable.append(
                self.languages.mask(code for code, level in candidate.languages.items() if level in USABLE_LEVELS)
            )
            basic.append(
                self.languages.mask(code for code, level in candidate.languages.items() if level == LanguageLevel.BASIC)
            )
        self.usable = self.languages.array(usable)
        self.basic = self.languages.array(basic)
        self.topic_rows = self.topics.array([self.topics.mask(candidate.topics) for candidate in candidates])
        self.site_rows = self.sites.array([self.sites.mask(candidate.site_ids) for candidate in candidates])

        def column(values: Iterable[int]) -> np.ndarray:
            return np.fromiter(values, dtype=np.int64, count=len(candidates))

        self.ids = column(candidate.volunteer_id for candidate in candidates)
        self.capacity = column(candidate.capacity for candidate in candidates)
        self.active = column(candidate.active for candidate in candidates)
        self.free = np.maximum(self.capacity - self.active, 0)
        self.qualifications = column(candidate.qualifications for candidate in candidates)
        self.availability = column(candidate.availability & AVAILABILITY_ALL for candidate in candidates)
        self.any_site = np.array([not candidate.site_ids for candidate in candidates], dtype=bool)
        self.children_ok = np.array([candidate.valid_for_children for candidate in candidates], dtype=bool)
        self.municipality = column(
            self.municipality_code.setdefault(candidate.municipality, len(self.municipality_code))
            for candidate in candidates
        )
        self.gender = column(
            self.gender_code.setdefault(candidate.gender, len(self.gender_code)) for candidate in candidates
        )

    def eligible(self, need: Need, asked: Collection[int] = ()) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the candidates that meet the hard criteria for this need (and were not asked for it
        before), and their scores."""
        ok = (self.free > 0) & (self.usable & self.languages.array([self.languages.mask(need.languages)])).any(axis=1)
        if asked:
            ok &= ~np.isin(self.ids, np.fromiter(asked, dtype=np.int64, count=len(asked)))
        if need.children:
            ok &= self.children_ok
        if need.gender_preference:
            ok &= self.gender == self.gender_code.get(need.gender_preference, -1)
        at = np.flatnonzero(ok)
        return at, self.scores(need, at)

    def scores(self, need: Need, at: np.ndarray) -> np.ndarray:
        """_points for the candidates at these positions: the same terms, in the same order, as float64."""
        w = self.weights
        if need.municipality in ("", Municipality.OTHER):
            same_municipality = np.zeros(len(at), dtype=bool)
        else:
            same_municipality = self.municipality[at] == self.municipality_code.get(need.municipality, -1)
        if need.site_id is None:
            site_fits = np.ones(len(at), dtype=bool)
        else:
            site_mask = self.sites.array([self.sites.mask([need.site_id])])
            site_fits = self.any_site[at] | (self.site_rows[at] & site_mask).any(axis=1)
        slots = np.bitwise_count(self.availability[at] & (need.availability & AVAILABILITY_ALL)).astype(np.int64)
        need_languages = self.languages.array([self.languages.mask(need.languages)])
        return (
            w.topic * _overlap(self.topic_rows[at], self.topics.array([self.topics.mask(need.topics)]))
            + w.municipality * same_municipality
            + w.site * site_fits
            + w.availability * slots
            + w.training * self.qualifications[at]
            + w.caseload * self.free[at] / self.capacity[at]
            + w.basic_language * _overlap(self.basic[at], need_languages)
        )

    def shortlist(self, at: np.ndarray, scores: np.ndarray, places: int) -> tuple[np.ndarray, np.ndarray]:
        """A need's best candidates in greedy order (score, fewer active, lower id) until their free places
        reach ``places`` (the number of needs).

        Nothing beyond is ever needed: the other needs take at most places - 1 of these free places, so one
        stays open, and it scores at least as high as any candidate cut off. An optimal assignment can therefore
        swap any cut-off candidate for it, and greedy reaches it before any cut-off one.
        """
        if len(at) > places:
            threshold = np.partition(scores, len(scores) - places)[len(scores) - places]
            keep = scores >= threshold  # every tie at the threshold stays, so the order below decides
            at, scores = at[keep], scores[keep]
        order = np.lexsort((self.ids[at], self.active[at], -scores))
        at, scores = at[order], scores[order]
        cut = int(np.searchsorted(np.cumsum(self.free[at]), places)) + 1
        return at[:cut], scores[:cut]


@dataclass(frozen=True, kw_only=True)
class _Pairs:
    """Eligible (need, candidate) pairs worth considering, as parallel arrays."""

    need: np.ndarray  # position in needs
    candidate: np.ndarray  # position in candidates
    score: np.ndarray
    columns: _Columns


def _pairs(
    needs: Sequence[Need], candidates: Sequence[Candidate], weights: Weights, asked: Mapping[int, Collection[int]]
) -> _Pairs:
    for kind, ids in (
        ("request", [need.request_id for need in needs]),
        ("volunteer", [candidate.volunteer_id for candidate in candidates]),
    ):
        if len(set(ids)) != len(ids):
            raise ValueError(f"Each {kind} may appear only once in a batch.")
    columns = _Columns(needs, candidates, weights)
    need_at, candidate_at, scores = [], [], []
    for position, need in enumerate(needs):
        at, need_scores = columns.shortlist(*columns.eligible(need, asked.get(need.request_id, ())), places=len(needs))
        need_at.append(np.full(len(at), position, dtype=np.int64))
        candidate_at.append(at)
        scores.append(need_scores)
    empty_int, empty_float = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    return _Pairs(
        need=np.concatenate([empty_int, *need_at]),
        candidate=np.concatenate([empty_int, *candidate_at]),
        score=np.concatenate([empty_float, *scores]),
        columns=columns,
    )


# Points become integer costs at this resolution (an assignment's total can thus be short of the float optimum
# by at most 1e-6 per request), unless OR-tools' int64 range demands a coarser one.
COST_SCALE = 1_000_000


def assign_batch(
    needs: Iterable[Need],
    candidates: Iterable[Candidate],
    weights: Weights = DEFAULT_WEIGHTS,
    asked: Mapping[int, Collection[int]] | None = None,
) -> dict[int, int]:
    """The best proposal for many requests (request_id -> volunteer_id): as many matched as possible, then the
    highest total score, only eligible pairs, no volunteer beyond their free places, nobody proposed again for a
    request they were asked for before (``asked``: request_id -> volunteer_ids).

    A min-cost flow source -> request (1) -> volunteer (1) -> sink (free places), solved by OR-tools as
    "maximum flow at minimum cost": the flow's size (matches) comes first by construction, with no big-M
    weighting that could blur the scores.
    """
    needs, candidates = list(needs), list(candidates)
    pairs = _pairs(needs, candidates, weights, asked or {})
    if not len(pairs.score):
        return {}

    used = np.unique(pairs.candidate)
    source, sink = 0, len(needs) + len(used) + 1
    need_node = pairs.need + 1
    candidate_node = np.searchsorted(used, pairs.candidate) + len(needs) + 1
    nodes = sink + 1

    # Non-negative integer costs: best score -> 0. Every maximum flow carries the same number of matches, so the
    # shift changes no comparison between them. OR-tools needs cost x (nodes + 1) in int64, and the total of up
    # to len(needs) such costs must fit too.
    best = float(pairs.score.max())
    span = best - float(pairs.score.min())
    limit = (2**62) // ((nodes + 1) * (len(needs) + 1))
    scale = min(float(COST_SCALE), limit / span) if span > 0 else float(COST_SCALE)
    costs = np.rint((best - pairs.score) * scale).astype(np.int64)

    flow = min_cost_flow.SimpleMinCostFlow()
    pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        need_node.astype(np.int32), candidate_node.astype(np.int32), np.ones(len(costs), dtype=np.int64), costs
    )
    requested = np.unique(pairs.need) + 1
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(len(requested), source, dtype=np.int32),
        requested.astype(np.int32),
        np.ones(len(requested), dtype=np.int64),
        np.zeros(len(requested), dtype=np.int64),
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        (np.arange(len(used)) + len(needs) + 1).astype(np.int32),
        np.full(len(used), sink, dtype=np.int32),
        pairs.columns.free[used].astype(np.int64),
        np.zeros(len(used), dtype=np.int64),
    )
    flow.set_nodes_supplies(
        np.array([source, sink], dtype=np.int32), np.array([len(requested), -len(requested)], dtype=np.int64)
    )
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"The min-cost flow solver ended with status {status}.")

    chosen = np.flatnonzero(flow.flows(np.asarray(pair_arcs, dtype=np.int32)) > 0)
    chosen = chosen[np.argsort(pairs.need[chosen], kind="stable")]
    return {needs[pairs.need[pair]].request_id: candidates[pairs.candidate[pair]].volunteer_id for pair in chosen}


def assign_greedy(
    needs: Iterable[Need],
    candidates: Iterable[Candidate],
    weights: Weights = DEFAULT_WEIGHTS,
    asked: Mapping[int, Collection[int]] | None = None,
) -> dict[int, int]:
    """The simple reference the batch must never fall behind: best remaining pair first (ties: fewer active,
    lower volunteer id, earlier request), while the volunteer has a free place."""
    needs, candidates = list(needs), list(candidates)
    pairs = _pairs(needs, candidates, weights, asked or {})
    columns = pairs.columns
    order = np.lexsort((pairs.need, columns.ids[pairs.candidate], columns.active[pairs.candidate], -pairs.score))
    free = columns.free.tolist()
    assigned: dict[int, int] = {}
    for need_at, candidate_at in zip(pairs.need[order].tolist(), pairs.candidate[order].tolist(), strict=True):
        if need_at not in assigned and free[candidate_at] > 0:
            assigned[need_at] = candidate_at
            free[candidate_at] -= 1
    return {needs[need_at].request_id: candidates[assigned[need_at]].volunteer_id for need_at in sorted(assigned)}
