"""NOC 2016 <-> NOC 2021 correspondence for the codes the rules name, and TEER / skill levels.

Rules name NOC 2021 codes. A profile may use either coding: a 4-digit NOC 2016 code is
read through the map to the NOC 2021 codes it became. When a 2016 code split into several
2021 codes and only some of them are eligible, the answer is honestly ``None`` (unknown).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

_SKILL_BY_DIGIT = {"0": "A", "1": "A", "2": "B", "3": "B", "4": "C", "5": "C", "6": "D", "7": "D"}
_SKILL_BY_TEER = {0: {"0"}, 1: {"A"}, 2: {"B"}, 3: {"B", "C"}, 4: {"C"}, 5: {"D"}}
_TEER_BY_SKILL = {"0": {0}, "A": {1}, "B": {2, 3}, "C": {4}, "D": {5}}


class NocIndex:
    """Look-ups on NOC codes of either edition, given the 2016 -> 2021 map of the rules."""

    def __init__(self, map_2016_to_2021: dict[str, list[str]]) -> None:
        self._map = {code: tuple(codes) for code, codes in map_2016_to_2021.items()}
        self.canonical = lru_cache(maxsize=4096)(self._canonical)

    def _canonical(self, code: str) -> tuple[str, ...]:
        """The NOC 2021 codes ``code`` stands for (itself if it is already a 2021 code)."""
        if len(code) == 5:
            return (code,)
        return self._map.get(code, ())

    def in_list(self, code: str | None, accepted: frozenset[str]) -> bool | None:
        """Whether ``code`` is one of ``accepted`` (NOC 2021 codes); ``None`` when it cannot be told."""
        if code is None:
            return None
        codes = self.canonical(code)
        if not codes:
            return False
        hits = sum(c in accepted for c in codes)
        if hits == len(codes):
            return True
        return None if hits else False

    def teers(self, code: str) -> set[int]:
        """TEER categories the code may belong to."""
        if len(code) == 5:
            return {int(code[1])}
        mapped = self._map.get(code)
        if mapped:
            return {int(c[1]) for c in mapped}
        return set().union(*(_TEER_BY_SKILL[s] for s in self.skill_levels(code)))

    def skill_levels(self, code: str) -> set[str]:
        """NOC 2016 skill levels (0, A, B, C, D) the code may belong to."""
        if len(code) == 4:
            return {"0"} if code[0] == "0" else {_SKILL_BY_DIGIT.get(code[1], "D")}
        teer = int(code[1])
        return {"0"} if code[0] == "0" and teer == 0 else set(_SKILL_BY_TEER.get(teer, {"D"}))


def tri_subset(possible: Iterable[object], accepted: Iterable[object]) -> bool | None:
    """True if every possible value is accepted, False if none is, None otherwise."""
    possible_set, accepted_set = set(possible), set(accepted)
    inside = possible_set & accepted_set
    if inside == possible_set:
        return True
    return None if inside else False
