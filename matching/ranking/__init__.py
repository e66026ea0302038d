"""The matching core: who may be asked for a newcomer's request, how well they fit and why, and the best proposal
for many requests at once (the rules of DECISIONS.md, "Matching").

One module per job:

- ``criteria``: what matching knows of a request and a volunteer (``Need``, ``Candidate``, ``Weights``), the hard
  criteria (``check_eligible``) and the score (``_points``), one pair at a time in plain Python: the reference.
  No models, no queries, so the rules are tested without a database.
- ``reasons``: the reasons in words a coordinator reads beside the score.
- ``suggestions``: ``score`` (points and reasons) and ``rank`` (eligible volunteers best first, as ``Ranked``).
- ``sql``: ``shortlist``, the database scoring every volunteer for one request and returning the best ids.
- ``vectorised``: ``_Columns``, the hard criteria and the score for one need against all candidates in numpy.
- ``assignment``: ``assign_batch`` (OR-tools' min-cost flow) and ``assign_greedy`` over the columns' pairs.

The scoring rule exists three times for speed: one request is scored in the database, a batch in numpy.
Each copy computes the same terms in the same order with double-precision floats, so all three give the very same
figures and break ties alike (fewer active matches, then the lower id). Change one, change all three:

1. ``criteria._points`` and ``criteria.check_eligible``: the reference; ``rank`` and ``score`` use them directly.
   Their behaviour is pinned by the ``test_check_eligible_*``, ``test_score_*`` and ``test_rank_*`` tests in
   tests/matching/test_ranking.py.
2. ``sql.shortlist``: the same formula and hard criteria in one SQL query (PostgreSQL and SQLite). Held equal by
   tests/matching/test_ranking_db.py: ``test_ranked_for_equals_reference_rank_over_all_candidates`` (random
   volunteers and requests, the shortlist's ranking against ``rank`` over every candidate),
   ``test_ranked_for_follows_weights_from_settings`` (other weights) and
   ``test_ranked_for_equal_scores_fewer_active_first_then_lower_id`` (the tie-break).
3. ``vectorised._Columns.eligible`` and ``.scores``: the same in numpy. Held equal by
   tests/matching/test_ranking.py: ``test_columns_property_same_eligibility_and_floats_as_the_reference`` (same
   positions, same floats as ``check_eligible`` and ``score``) and
   ``test_assign_greedy_property_same_as_pair_by_pair_reference`` (the batch's greedy order against the same rule
   run pair by pair with ``check_eligible`` and ``score``).

Volunteers on a break or no longer volunteering (``Volunteer.unavailable_on``) are no candidates at all:
``candidate_volunteers`` and ``sql.shortlist`` leave them out before any criterion is checked.

Besides, ``matching.selectors.candidate_volunteers`` narrows the volunteers by the hard criteria in the ORM before
they are loaded for one request. ``rank`` checks again whatever it lets through, and
``test_candidate_filter_in_the_orm_drops_nobody_the_reference_accepts`` (tests/matching/test_ranking_db.py) holds
that it leaves out nobody ``check_eligible`` accepts.

"Usable language level" is ``volunteers.enums.LanguageLevel.usable()`` in all three copies and in
``candidate_volunteers``.

Names with a leading underscore belong to this package: its modules share them, tests may pin them, callers use
only the names exported here.
"""

from matching.ranking.assignment import assign_batch, assign_greedy
from matching.ranking.criteria import DEFAULT_WEIGHTS, OPEN_MATCH, Candidate, Need, Weights, check_eligible
from matching.ranking.sql import shortlist
from matching.ranking.suggestions import Ranked, rank, score

__all__ = [
    "DEFAULT_WEIGHTS",
    "OPEN_MATCH",
    "Candidate",
    "Need",
    "Ranked",
    "Weights",
    "assign_batch",
    "assign_greedy",
    "check_eligible",
    "rank",
    "score",
    "shortlist",
]
