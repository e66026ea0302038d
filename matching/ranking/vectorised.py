"""The hard criteria and the score for one need against all candidates at once, as numpy columns: the batch's copy
of criteria.py.

The batch scores a thousand needs against ten thousand volunteers, too many pairs to score one at a time in
Python. The columns compute the very same figures: the same terms in the same order, hence the same floats, so
the batch's ties fall as the reference's would.
"""

from collections.abc import Collection, Iterable, Sequence

import numpy as np

from matching.ranking.criteria import Candidate, Need, Weights
from volunteers.enums import AVAILABILITY_ALL, LanguageLevel, Municipality


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

        usable_levels = LanguageLevel.usable()
        usable, basic = [], []
        for candidate in candidates:
            usable.append(
                self.languages.mask(code for code, level in candidate.languages.items() if level in usable_levels)
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
        before), and their scores: criteria.check_eligible, column by column."""
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
        """criteria._points for the candidates at these positions: the same terms, in the same order, as float64."""
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
