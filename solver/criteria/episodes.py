"""Which job episodes (or an accepted offer) count: occupation, TEER or skill level, role,
sector, place, full-time, paid and authorised, each test three-valued."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from solver.applicant import JobOffer, WorkEpisode
from solver.criteria.base import tri_and
from solver.noc import NocIndex, tri_subset
from solver.rules.schema import EpisodeFilterSpec

if TYPE_CHECKING:
    from solver.criteria.columns.context import ColumnContext
    from solver.criteria.columns.tri import Tri

FULL_TIME_HOURS = 30.0
_MISSING = object()


@dataclass(frozen=True, slots=True)
class EpisodeFilter:
    """A compiled ``EpisodeFilterSpec``: every condition given must hold."""

    spec: EpisodeFilterSpec
    occupations: frozenset[str] | None
    naics_prefixes: tuple[str, ...] | None
    sector_tags: frozenset[str] | None

    @classmethod
    def build(cls, spec: EpisodeFilterSpec) -> EpisodeFilter:
        return cls(
            spec,
            frozenset(spec.occupations) if spec.occupations else None,
            tuple(spec.naics_prefixes) if spec.naics_prefixes else None,
            frozenset(spec.sector_tags) if spec.sector_tags else None,
        )

    def label(self, lang: str) -> str:
        return self.spec.label.get(lang)

    def occupation_ok(self, noc: NocIndex, code: str | None, role: str | None) -> bool | None:
        """Occupation, TEER / skill level and role tests."""
        spec = self.spec
        checks: list[bool | None] = []
        if self.occupations is not None:
            found = noc.in_list(code, self.occupations)
            if found is None and role is not None and code is not None:
                # A role the rules tie to one NOC 2021 code (a chicken catcher is a livestock
                # labourer, 85100) settles which of a split 2016 code's 2021 codes the job is.
                codes = noc.canonical(code)
                found = any(r in self.occupations and r in codes and role in roles for r, roles in spec.roles.items())
                found = True if found else None
            checks.append(found)
        if spec.teer is not None:
            checks.append(None if code is None else tri_subset(noc.teers(code), spec.teer))
        if spec.skill_levels is not None:
            checks.append(None if code is None else tri_subset(noc.skill_levels(code), spec.skill_levels))
        if spec.roles and code is not None:
            for restricted, roles in spec.roles.items():
                if restricted in noc.canonical(code):
                    checks.append(None if role is None else role in roles)
        return tri_and(checks)

    def sector_ok(self, naics: str | None, sector: str | None) -> bool | None:
        checks: list[bool | None] = []
        if self.naics_prefixes is not None:
            checks.append(_naics_ok(naics, self.naics_prefixes))
        if self.sector_tags is not None:
            checks.append(None if sector is None else sector in self.sector_tags)
        return tri_and(checks)

    def episode_ok(
        self, noc: NocIndex, ep: WorkEpisode, memo: dict[tuple[int, int], bool | None] | None = None
    ) -> bool | None:
        """Whether an episode counts (for experience or as the current job).

        ``memo`` is a per-call cache keyed by identities (the gap solver asks about the same
        episodes for every month it considers); the caller keeps the episodes alive meanwhile.
        """
        if memo is None:
            return self._episode_ok(noc, ep)
        key = (id(self), id(ep))
        found = memo.get(key, _MISSING)
        if found is _MISSING:
            found = memo[key] = self._episode_ok(noc, ep)
        return found  # type: ignore[return-value]

    def _episode_ok(self, noc: NocIndex, ep: WorkEpisode) -> bool | None:
        spec = self.spec
        checks: list[bool | None] = [self.occupation_ok(noc, ep.noc, ep.role), self.sector_ok(ep.naics, ep.sector)]
        if spec.full_time:
            checks.append(None if ep.hours_per_week is None else ep.hours_per_week >= FULL_TIME_HOURS)
        if spec.paid:
            checks.append(ep.paid)
        if spec.authorized:
            checks.append(ep.authorized)
        if spec.in_quebec is not None:
            checks.append(None if ep.in_quebec is None else ep.in_quebec == spec.in_quebec)
        if spec.basic_personal_care is not None:
            bpc = ep.basic_personal_care
            checks.append(None if bpc is None else bpc == spec.basic_personal_care)
        return tri_and(checks)

    def offer_ok(self, noc: NocIndex, offer: JobOffer) -> bool | None:
        """Whether an accepted offer matches: a job in Québec by definition (CONTRACT.md)."""
        checks: list[bool | None] = [
            self.occupation_ok(noc, offer.noc, offer.role),
            self.sector_ok(offer.naics, offer.sector),
        ]
        if self.spec.full_time:
            hours = offer.hours_per_week
            checks.append(None if hours is None else hours >= FULL_TIME_HOURS)
        return tri_and(checks)

    def episode_columns(self, cols: ColumnContext) -> Tri:
        """``episode_ok`` of every episode row of the frame, asked once per distinct episode."""
        vocab = cols.frame.vocabulary
        noc = cols.noc
        per_signature = vocab.per_signature(
            ("episode", id(self), id(noc)), (self, noc), vocab.episodes.items, lambda ep: self.episode_ok(noc, ep)
        )
        return per_signature[cols.frame.episode_signature]

    def offer_columns(self, cols: ColumnContext) -> Tri:
        """``offer_ok`` of each profile's accepted offer (``FALSE`` for a profile without one)."""
        import numpy as np

        from solver.criteria.columns.tri import FALSE

        vocab = cols.frame.vocabulary
        noc = cols.noc
        per_signature = vocab.per_signature(
            ("offer", id(self), id(noc)), (self, noc), vocab.offers.items, lambda offer: self.offer_ok(noc, offer)
        )
        codes = cols.frame.offer_signature
        if not per_signature.size:
            return np.full(codes.size, FALSE, dtype=np.int8)
        return np.where(codes >= 0, per_signature[np.maximum(codes, 0)], FALSE).astype(np.int8)


def _naics_ok(naics: str | None, prefixes: tuple[str, ...]) -> bool | None:
    if naics is None:
        return None
    if naics.startswith(prefixes):
        return True
    # "31" cannot tell whether it is 311 or 312: unknown, not a silent no.
    if any(p.startswith(naics) for p in prefixes):
        return None
    return False
