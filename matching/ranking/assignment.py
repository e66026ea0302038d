"""The batch proposal: many requests at once, each volunteer within their free places. ``assign_batch`` solves it
with OR-tools' min-cost flow; ``assign_greedy`` is the simple rule it must never fall behind."""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from matching.ranking.criteria import DEFAULT_WEIGHTS, Candidate, Need, Weights
from matching.ranking.vectorised import _Columns

# Points become integer costs at this resolution (an assignment's total can thus be short of the float optimum
# by at most 1e-6 per request), unless OR-tools' int64 range demands a coarser one.
COST_SCALE = 1_000_000


@dataclass(frozen=True, kw_only=True)
class _Pairs:
    """Eligible (need, candidate) pairs worth considering, as parallel arrays."""

    need: np.ndarray  # position in needs
    candidate: np.ndarray  # position in candidates
    score: np.ndarray
    columns: _Columns


def _worth_considering(
    columns: _Columns, at: np.ndarray, scores: np.ndarray, places: int
) -> tuple[np.ndarray, np.ndarray]:
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
    order = np.lexsort((columns.ids[at], columns.active[at], -scores))
    at, scores = at[order], scores[order]
    cut = int(np.searchsorted(np.cumsum(columns.free[at]), places)) + 1
    return at[:cut], scores[:cut]


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
        at, need_scores = _worth_considering(
            columns, *columns.eligible(need, asked.get(need.request_id, ())), places=len(needs)
        )
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
