"""The Arrima ranking of the PSTQ: the grid as data, the scorer, the recorded rounds.

``rank`` scores a profile for each PSTQ stream; the gap solver compiles the same factors
(``solver.ranking.factors.Factor``) into CP-SAT tables, so the scorer and the planner cannot drift.
"""

from solver.ranking.scorer import draws_answer, rank

__all__ = ["draws_answer", "rank"]
