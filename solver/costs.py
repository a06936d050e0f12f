"""The documented default cost model of the gap solver, and request overrides.

Every lever has a duration (whole months from the planning start before it takes effect)
and an effort (points: a rough measure of what it asks of the applicant). The solver is
provably optimal *for this model*; a request may override any figure (``costs``), and the
answer states the model it used. Efforts are kept as integers in hundredths inside the
solver so that CP-SAT optimises exactly.

| family                     | months                          | effort                           |
|----------------------------|---------------------------------|----------------------------------|
| wait                       | (the plan's months)             | 1 per month                      |
| french (a skill, k levels) | 3 per level (concurrent)        | 4 per level                      |
| french (level unknown)     | 1 (an assessment is assumed)    | 2                                |
| french.retest              | 1                               | 1                                |
| salary                     | 1                               | 2 + 1 per $10,000 raised         |
| job                        | 2 (search and start)            | 8                                |
| diploma                    | the program's length (rules)    | 2 + 0.5 per month of study       |
| declaration.<field>        | 0                               | 1                                |
| employer_control           | 3                               | 6                                |
| status_in_quebec           | 3                               | 6                                |
| expert_committee_opinion   | 2                               | 2                                |
| spouse.french (k levels)   | 3 per level                     | 3 per level                      |
| validated_job_offer        | 4 (search, validation)          | 10                               |
| residence_outside_cmm      | 2 (then the months accrue)      | 10                               |
| authorization_to_practise  | 12 (the regulator's process)    | 12                               |
| exceptional_talent_opinion | 4                               | 4                                |

French levers of the four skills share the ``french`` family; a skill raised k levels takes
k × 3 months, skills studied concurrently.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from solver.applicant import InvalidInput

EFFORT_SCALE = 100

DEFAULT_COSTS: dict[str, dict[str, float]] = {
    "wait": {"effort_per_month": 1},
    "french": {"months_per_level": 3, "effort_per_level": 4, "unknown_level_months": 1, "unknown_level_effort": 2},
    "french.retest": {"months": 1, "effort": 1},
    "salary": {"months": 1, "effort": 2, "effort_per_10k": 1},
    "job": {"months": 2, "effort": 8},
    "diploma": {"effort": 2, "effort_per_month": 0.5},
    "declaration": {"months": 0, "effort": 1},
    "employer_control": {"months": 3, "effort": 6},
    "status_in_quebec": {"months": 3, "effort": 6},
    "expert_committee_opinion": {"months": 2, "effort": 2},
    "spouse.french": {"months_per_level": 3, "effort_per_level": 3},
    "validated_job_offer": {"months": 4, "effort": 10},
    "residence_outside_cmm": {"months": 2, "effort": 10},
    "authorization_to_practise": {"months": 12, "effort": 12},
    "exceptional_talent_opinion": {"months": 4, "effort": 4},
}
_MONTH_KEYS = {"months", "months_per_level", "unknown_level_months"}


class CostModel:
    """The figures in force for one request: the defaults with the request's overrides."""

    def __init__(self, overrides: Mapping[str, Mapping[str, float]] | None = None) -> None:
        table = {family: dict(values) for family, values in DEFAULT_COSTS.items()}
        for family, values in (overrides or {}).items():
            if family not in table:
                raise InvalidInput(f"costs.{family}", f"unknown cost family; known: {sorted(table)}")
            for key, value in values.items():
                where = f"costs.{family}.{key}"
                if key not in table[family]:
                    raise InvalidInput(where, f"unknown cost figure; known: {sorted(table[family])}")
                number = isinstance(value, int | float) and not isinstance(value, bool)
                if not number or not math.isfinite(value) or not 0 <= value <= 10_000:
                    raise InvalidInput(where, "must be a number from 0 to 10000")
                if key in _MONTH_KEYS and (value != int(value) or value > 120):
                    raise InvalidInput(where, "months must be a whole number from 0 to 120")
                table[family][key] = value
        self.table = table

    def months(self, family: str, key: str = "months") -> int:
        return int(self.table[family][key])

    def effort(self, family: str, key: str = "effort", times: float = 1.0) -> int:
        """An effort figure in hundredths, as the solver counts it."""
        return round(self.table[family][key] * times * EFFORT_SCALE)

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {family: dict(values) for family, values in self.table.items()}
