"""Suggestions for one request: each volunteer's score with its reasons, and the eligible ones ranked best first
(by the reference, criteria.py)."""

from collections.abc import Iterable
from dataclasses import dataclass

from matching.ranking.criteria import DEFAULT_WEIGHTS, Candidate, Need, Weights, _points, check_eligible
from matching.ranking.reasons import _reasons


@dataclass(frozen=True, kw_only=True)
class Ranked:
    """One suggestion for a coordinator: who, how many points, and why."""

    volunteer_id: int
    name: str
    score: float
    reasons: list[str]


def score(need: Need, candidate: Candidate, weights: Weights = DEFAULT_WEIGHTS) -> tuple[float, list[str]]:
    """The soft score and the reasons behind it, in the active language, for a coordinator to judge."""
    return _points(need, candidate, weights), _reasons(need, candidate)


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
