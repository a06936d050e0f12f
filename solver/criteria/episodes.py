"""Which job episodes (or an accepted offer) count: occupation, TEER or skill level, role,
sector, place, full-time, paid and authorised, each test three-valued."""

from __future__ import annotations

from dataclasses import dataclass, field
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
#: Entries each remembered-answers table of a filter holds before it starts afresh.
_SEEN_MAX = 65_536
#: The filters built so far, by their spec's JSON (``EpisodeFilter.build``).
_BUILT: dict[str, EpisodeFilter] = {}


@dataclass(frozen=True, slots=True)
class EpisodeFilter:
    """A compiled ``EpisodeFilterSpec``: every condition given must hold."""

    spec: EpisodeFilterSpec
    occupations: frozenset[str] | None
    naics_prefixes: tuple[str, ...] | None
    sector_tags: frozenset[str] | None
    #: ``occupation_ok`` and ``sector_ok`` already answered, by their arguments: both are pure
    #: functions of a few codes and tags that recur across episodes, profiles and calls.
    _occupation_seen: dict[tuple[NocIndex, str | None, str | None], bool | None] = field(
        default_factory=dict, compare=False, repr=False
    )
    _sector_seen: dict[tuple[str | None, str | None], bool | None] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def build(cls, spec: EpisodeFilterSpec) -> EpisodeFilter:
        """The filter of ``spec``: one object for equal specs, so that the routes whose rules
        name the same filter share its per-call ``memo`` of episode tests."""
        key = spec.model_dump_json()
        found = _BUILT.get(key)
        if found is None:
            if len(_BUILT) > 4096:
                _BUILT.clear()
            found = _BUILT[key] = cls(
                spec,
                frozenset(spec.occupations) if spec.occupations else None,
                tuple(spec.naics_prefixes) if spec.naics_prefixes else None,
                frozenset(spec.sector_tags) if spec.sector_tags else None,
            )
        return found

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

    def _occupation(self, noc: NocIndex, code: str | None, role: str | None) -> bool | None:
        """``occupation_ok``, remembered."""
        seen = self._occupation_seen
        key = (noc, code, role)
        found = seen.get(key, _MISSING)
        if found is _MISSING:
            if len(seen) > _SEEN_MAX:
                seen.clear()
            found = seen[key] = self.occupation_ok(noc, code, role)
        return found  # type: ignore[return-value]

    def _sector(self, naics: str | None, sector: str | None) -> bool | None:
        """``sector_ok``, remembered."""
        seen = self._sector_seen
        key = (naics, sector)
        found = seen.get(key, _MISSING)
        if found is _MISSING:
            if len(seen) > _SEEN_MAX:
                seen.clear()
            found = seen[key] = self.sector_ok(naics, sector)
        return found  # type: ignore[return-value]

    def _episode_ok(self, noc: NocIndex, ep: WorkEpisode) -> bool | None:
        """Three-valued AND of every test of the spec. The tests are pure, so the cheap ones
        come first and the first that fails settles the answer (``tri_and``: False wins)."""
        spec = self.spec
        unknown = False
        if spec.full_time:
            hours = ep.hours_per_week
            if hours is None:
                unknown = True
            elif not hours >= FULL_TIME_HOURS:
                return False
        if spec.paid:
            if ep.paid is None:
                unknown = True
            elif not ep.paid:
                return False
        if spec.authorized:
            if ep.authorized is None:
                unknown = True
            elif not ep.authorized:
                return False
        if spec.in_quebec is not None:
            if ep.in_quebec is None:
                unknown = True
            elif ep.in_quebec != spec.in_quebec:
                return False
        if spec.basic_personal_care is not None:
            if ep.basic_personal_care is None:
                unknown = True
            elif ep.basic_personal_care != spec.basic_personal_care:
                return False
        sector = self._sector(ep.naics, ep.sector)
        if sector is False:
            return False
        occupation = self._occupation(noc, ep.noc, ep.role)
        if occupation is False:
            return False
        return None if unknown or sector is None or occupation is None else True

    def offer_ok(self, noc: NocIndex, offer: JobOffer) -> bool | None:
        """Whether an accepted offer matches: a job in Québec by definition (CONTRACT.md)."""
        checks: list[bool | None] = [
            self._occupation(noc, offer.noc, offer.role),
            self._sector(offer.naics, offer.sector),
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
