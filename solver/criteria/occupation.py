"""The principal occupation of a PSTQ application: which one, its TEER, and whether it is regulated.

The principal occupation is the NOC 2021 code the client declares (``principal_noc``); when it
is unknown the engine tries each occupation of the work history (and of an accepted offer) and
names the one it used (``principal_candidates``). TEER is the code's second digit. Whether an
occupation is regulated in Québec comes from rule data (``regulated_occupations.yaml``).
"""

from __future__ import annotations

from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import yaml

from solver.criteria.base import Criterion, EvalContext, Finding, tri_and
from solver.criteria.french_skills import principal_teer
from solver.rules.schema import OccupationSpec, Source

if TYPE_CHECKING:
    from solver.applicant import Applicant
    from solver.criteria.columns.context import ColumnContext
    from solver.criteria.columns.tri import Tri
    from solver.noc import NocIndex

REGULATED_FILE = Path(__file__).resolve().parent.parent / "rules" / "data" / "regulated_occupations.yaml"
#: Most occupations of a work history tried when the principal occupation is not declared.
MAX_CANDIDATES = 4


@lru_cache(maxsize=1)
def regulated_occupations() -> tuple[dict[str, str], Source | None]:
    """NOC 2021 code -> ``full`` | ``partial``, and the list's source (empty when the file is absent)."""
    if not REGULATED_FILE.exists():
        return {}, None
    data: dict[str, Any] = yaml.safe_load(REGULATED_FILE.read_text(encoding="utf-8"))
    found = {str(code): str(entry["regulation"]) for code, entry in (data.get("occupations") or {}).items()}
    return found, Source.model_validate(data["source"])


_START = attrgetter("start")


def principal_candidates(applicant: Applicant, noc: NocIndex) -> list[str | None]:
    """The principal occupations to try: the declared one, else each NOC 2021 occupation of the
    work history (latest first) and of an accepted offer; ``[None]`` when there is none."""
    if applicant.principal_noc is not None:
        return [applicant.principal_noc]
    found: list[str] = []
    history = applicant.work_history
    if len(history) > 1:
        history = sorted(history, key=_START, reverse=True)  # stable: equal starts keep their order
    codes = [ep.noc for ep in history]
    if applicant.job_offer is not None:
        codes.insert(0, applicant.job_offer.noc)
    for code in codes:
        if code is None:
            continue
        for c in noc.canonical(code):
            if c not in found:
                found.append(c)
    return found[:MAX_CANDIDATES] or [None]


class PrincipalOccupation(Criterion):
    """The principal occupation's TEER is in ``teer``, and it is (``regulated``) or is not fully
    (``not_fully_regulated``) regulated in Québec; unknown when no occupation is known."""

    kind = "occupation"
    explain_uses_wording = True
    reads_principal = True

    def __init__(self, spec: OccupationSpec) -> None:
        super().__init__(spec)
        self.teer = frozenset(spec.teer) if spec.teer is not None else None
        self.regulation = spec.regulation

    def assess(self, ctx: EvalContext) -> Finding:
        code = ctx.principal
        if code is None:
            return Finding("unknown", {"code": None})
        checks: list[bool | None] = []
        teer = principal_teer(code)
        if self.teer is not None:
            checks.append(teer in self.teer)
        regulated = regulated_occupations()[0].get(code)
        if self.regulation == "regulated":
            checks.append(regulated is not None)
        elif self.regulation == "not_fully_regulated":
            checks.append(regulated != "full")
        ok = tri_and(checks)
        return Finding("met" if ok else "not_met", {"code": code, "teer": teer, "regulated": regulated})

    def to_columns(self, cols: ColumnContext) -> Tri:
        """``assess`` for every profile: asked once per distinct principal occupation (unknown
        where none is declared)."""
        import numpy as np

        from solver.criteria.columns.frame import per_principal
        from solver.criteria.columns.tri import tri_of

        def code_ok(code: str | None) -> np.int8:
            verdict = self.assess(SimpleNamespace(principal=code)).verdict  # type: ignore[arg-type]
            return tri_of(None if verdict == "unknown" else verdict == "met")

        return per_principal(cols.frame, ("occupation", id(self)), self, code_ok, np.int8)

    def explain(self, finding: Finding, ctx: EvalContext, lang: str) -> str:
        fr = lang == "fr"
        d = finding.data
        requirement = self.description(lang).rstrip(".")
        if d["code"] is None:
            if fr:
                return f"Profession principale inconnue (aucun code CNP). Requis : {requirement}."
            return f"Principal occupation unknown (no NOC code). Required: {requirement}."
        words = {
            None: ("not on the list of regulated occupations", "absente de la liste des professions réglementées"),
            "full": ("regulated in Québec", "réglementée au Québec"),
            "partial": ("partly regulated in Québec", "partiellement réglementée au Québec"),
        }[d["regulated"]]
        if fr:
            return f"Profession principale : CNP {d['code']} (FEER {d['teer']}), {words[1]}. Requis : {requirement}."
        return f"Principal occupation: NOC {d['code']} (TEER {d['teer']}), {words[0]}. Required: {requirement}."
