"""Profiles as columns: what the columnar criteria read.

A :class:`ProfileFrame` holds, for ``size`` profiles:

- per profile: the birth date (year and month-day), each declared fact as a dictionary code,
  the French levels and assessment date, the accepted offer, the declared principal occupation
  (a code of ``Vocabulary.nocs``), the spouse's presence and French;
- per authorisation to practise (grouped by profile): its kind, occupation and date;
- per diploma and per work episode (exploded, grouped by profile, episodes sorted by start):
  the owning profile, the dates, and a *signature* code: the dictionary code of every detail
  other than the dates, the salary and the employer's place.

Criteria test signatures, not rows: an episode filter, a diploma's conditions other than its
dates and an offer's tests are the row evaluator's own methods (``EpisodeFilter.episode_ok``,
``DiplomaCriterion.diploma_ok``, ``EpisodeFilter.offer_ok``) called once per distinct signature
and cached in the :class:`Vocabulary`, which lives as long as the process that encodes the
chunks of a cohort (a million profiles have some tens of thousands of distinct episodes).
Dates, salaries and places are compared column-wise.

Day ordinals (``date.toordinal()``) stand for dates; a missing date is ``0`` (never a real
ordinal) and an episode with no end ends on ``NEVER``.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from operator import itemgetter
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

from solver.applicant import Applicant, AuthorizationKind, Diploma, JobOffer, WorkEpisode, read_field
from solver.criteria.columns.tri import Ints, Tri, tri_of
from solver.rules.schema import FactSpec

T = TypeVar("T")

#: The profile facts a ``fact`` criterion may test (the rule-file schema's list).
FACT_FIELDS: tuple[str, ...] = typing.get_args(FactSpec.model_fields["field"].annotation)
#: An episode that has not ended ends after any date.
NEVER = date.max.toordinal()
#: Details compared row by row rather than through the signature.
EPISODE_ROW_FIELDS = frozenset({"start", "end", "annual_salary", "employer_in_cmm"})
DIPLOMA_ROW_FIELDS = frozenset({"obtained_on"})
OFFER_ROW_FIELDS = frozenset({"start", "annual_salary", "employer_in_cmm"})
#: The kinds of authorisation, in the order of their codes (``ProfileFrame.authorization_kind``).
AUTHORIZATION_KINDS: tuple[str, ...] = typing.get_args(AuthorizationKind)
_AUTHORIZATION_CODE = {kind: code for code, kind in enumerate(AUTHORIZATION_KINDS)}
#: ``ProfileFrame.spouse`` codes: no spouse declared, a spouse who does not accompany, one who does.
NO_SPOUSE, SPOUSE_STAYS, SPOUSE_ACCOMPANIES = -1, 0, 1


def _signature(model: type[Any], row_fields: frozenset[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the tuple of a model's fields other than ``row_fields``."""
    names = [name for name in model.model_fields if name not in row_fields]
    getter = itemgetter(*names)

    def signature(item: Any) -> tuple[Any, ...]:
        return getter(item.__dict__)  # type: ignore[no-any-return]

    return signature


_EPISODE_SIG = _signature(WorkEpisode, EPISODE_ROW_FIELDS)
_DIPLOMA_SIG = _signature(Diploma, DIPLOMA_ROW_FIELDS)
_OFFER_SIG = _signature(JobOffer, OFFER_ROW_FIELDS)


class Interner(Generic[T]):
    """Dictionary codes: each distinct key gets the next code; ``items[code]`` is its first holder."""

    __slots__ = ("codes", "items")

    def __init__(self) -> None:
        self.codes: dict[Hashable, int] = {}
        self.items: list[T] = []

    def code(self, key: Hashable, item: T) -> int:
        found = self.codes.get(key)
        if found is None:
            found = self.codes[key] = len(self.items)
            self.items.append(item)
        return found

    def __len__(self) -> int:
        return len(self.items)


@dataclass
class Vocabulary:
    """Dictionary codes shared by every chunk a process encodes, and per-signature results."""

    facts: dict[str, Interner[Any]] = field(default_factory=lambda: {f: Interner() for f in FACT_FIELDS})
    episodes: Interner[WorkEpisode] = field(default_factory=Interner)
    diplomas: Interner[Diploma] = field(default_factory=Interner)
    offers: Interner[JobOffer] = field(default_factory=Interner)
    #: NOC codes of the principal occupations and of the authorisations (``ProfileFrame.principal``).
    nocs: Interner[str] = field(default_factory=Interner)
    _results: dict[Hashable, tuple[Any, list[np.int8]]] = field(default_factory=dict)
    _tables: dict[Hashable, tuple[Any, list[Any]]] = field(default_factory=dict)

    def per_signature(self, key: Hashable, keep: Any, items: Sequence[T], test: Callable[[T], bool | None]) -> Tri:
        """``test`` of each distinct item, as a three-valued column indexed by signature code.

        Results are cached under ``key`` (with ``keep`` held alive so that an ``id`` in the key
        is never reused); only signatures first seen since the last call are tested.
        """
        held = self._results.get(key)
        if held is None:
            held = self._results[key] = (keep, [])
        done = held[1]
        done.extend(tri_of(test(item)) for item in items[len(done) :])
        return np.array(done, dtype=np.int8)

    def per_item(
        self, key: Hashable, keep: Any, items: Sequence[T], compute: Callable[[T], Any], dtype: Any
    ) -> npt.NDArray[Any]:
        """``compute`` of each item of ``items`` (an interner's ``items``), as an array indexed by
        code; cached under ``key`` like ``per_signature`` (only new items are computed)."""
        held = self._tables.get(key)
        if held is None:
            held = self._tables[key] = (keep, [])
        done = held[1]
        done.extend(compute(item) for item in items[len(done) :])
        return np.array(done, dtype=dtype)


@dataclass
class ProfileFrame:
    """The columns of ``size`` profiles (see the module docstring)."""

    size: int
    vocabulary: Vocabulary
    birth_year: Ints
    birth_month_day: Ints  # month * 100 + day
    has_birth: npt.NDArray[np.bool_]
    facts: dict[str, Ints]  # dictionary codes, -1 when unknown
    oral_comprehension: Ints  # 0 when unknown
    oral_production: Ints
    french_assessed: Ints  # day ordinal, 0 when unknown
    diploma_owner: Ints
    diploma_signature: Ints
    diploma_obtained: Ints  # day ordinal, 0 when unknown
    episode_owner: Ints
    episode_signature: Ints
    episode_start: Ints
    episode_end: Ints  # day ordinal, NEVER when still held
    episode_salary: npt.NDArray[np.float64]  # NaN when unknown
    episode_in_cmm: Tri
    offer_signature: Ints  # -1 without an offer
    offer_salary: npt.NDArray[np.float64]
    offer_in_cmm: Tri
    principal: Ints  # code of principal_noc in ``vocabulary.nocs``, -1 when not declared
    written_comprehension: Ints  # 0 when unknown
    written_production: Ints
    spouse: Ints  # NO_SPOUSE, SPOUSE_STAYS or SPOUSE_ACCOMPANIES
    spouse_oral_comprehension: Ints  # 0 when unknown (or no spouse)
    spouse_oral_production: Ints
    spouse_written_comprehension: Ints
    spouse_written_production: Ints
    spouse_french_assessed: Ints  # day ordinal, 0 when unknown
    authorization_owner: Ints  # per authorisation (grouped by profile, in profile order)
    authorization_kind: Ints  # index in AUTHORIZATION_KINDS
    authorization_noc: Ints  # code in ``vocabulary.nocs``
    authorization_obtained: Ints  # day ordinal, 0 when unknown


def _ord(day: date | None) -> int:
    return 0 if day is None else day.toordinal()


def _tri_code(value: bool | None) -> int:
    return 1 if value is None else (2 if value else 0)


def _salary(value: float | None) -> float:
    return float("nan") if value is None else value


def build_frame(applicants: Iterable[Applicant], vocabulary: Vocabulary | None = None) -> ProfileFrame:
    """The columns of ``applicants`` (validated profiles), coded with ``vocabulary``.

    Give the same vocabulary for every chunk of a cohort: signatures are then tested once.
    """
    vocab = vocabulary or Vocabulary()
    fact_interners = [(name, vocab.facts[name]) for name in FACT_FIELDS]
    birth_year: list[int] = []
    birth_md: list[int] = []
    facts: dict[str, list[int]] = {name: [] for name in FACT_FIELDS}
    comp: list[int] = []
    prod: list[int] = []
    assessed: list[int] = []
    d_owner: list[int] = []
    d_sig: list[int] = []
    d_obtained: list[int] = []
    e_owner: list[int] = []
    e_sig: list[int] = []
    e_start: list[int] = []
    e_end: list[int] = []
    e_salary: list[float] = []
    e_cmm: list[int] = []
    o_sig: list[int] = []
    o_salary: list[float] = []
    o_cmm: list[int] = []
    principal: list[int] = []
    w_comp: list[int] = []
    w_prod: list[int] = []
    spouse_state: list[int] = []
    s_french: list[tuple[int, int, int, int, int]] = []
    a_owner: list[int] = []
    a_kind: list[int] = []
    a_noc: list[int] = []
    a_obtained: list[int] = []
    noc_code = vocab.nocs.code
    no_french = (0, 0, 0, 0, 0)
    episode_code, diploma_code, offer_code = vocab.episodes.code, vocab.diplomas.code, vocab.offers.code
    index = -1
    for index, person in enumerate(applicants):
        values = person.__dict__
        birth = person.birth_date
        if birth is None:
            birth_year.append(0)
            birth_md.append(0)
        else:
            birth_year.append(birth.year)
            birth_md.append(birth.month * 100 + birth.day)
        for name, interner in fact_interners:
            value = values[name] if "." not in name else read_field(person, name)
            facts[name].append(-1 if value is None else interner.code(value, value))
        french = person.french
        if french is None:
            comp.append(0)
            prod.append(0)
            assessed.append(0)
            w_comp.append(0)
            w_prod.append(0)
        else:
            comp.append(french.oral_comprehension or 0)
            prod.append(french.oral_production or 0)
            assessed.append(_ord(french.assessed_on))
            w_comp.append(french.written_comprehension or 0)
            w_prod.append(french.written_production or 0)
        code = person.principal_noc
        principal.append(-1 if code is None else noc_code(code, code))
        spouse = person.spouse
        if spouse is None:
            spouse_state.append(NO_SPOUSE)
            s_french.append(no_french)
        else:
            spouse_state.append(SPOUSE_ACCOMPANIES if spouse.accompanying else SPOUSE_STAYS)
            sf = spouse.french
            s_french.append(
                no_french
                if sf is None
                else (
                    sf.oral_comprehension or 0,
                    sf.oral_production or 0,
                    sf.written_comprehension or 0,
                    sf.written_production or 0,
                    _ord(sf.assessed_on),
                )
            )
        for item in person.authorizations:
            a_owner.append(index)
            a_kind.append(_AUTHORIZATION_CODE[item.kind])
            a_noc.append(noc_code(item.noc, item.noc))
            a_obtained.append(_ord(item.obtained_on))
        for diploma in person.diplomas:
            d_owner.append(index)
            d_sig.append(diploma_code(_DIPLOMA_SIG(diploma), diploma))
            d_obtained.append(_ord(diploma.obtained_on))
        for ep in person.work_history:
            e_owner.append(index)
            e_sig.append(episode_code(_EPISODE_SIG(ep), ep))
            e_start.append(ep.start.toordinal())
            e_end.append(NEVER if ep.end is None else ep.end.toordinal())
            e_salary.append(_salary(ep.annual_salary))
            e_cmm.append(_tri_code(ep.employer_in_cmm))
        offer = person.job_offer
        if offer is None:
            o_sig.append(-1)
            o_salary.append(float("nan"))
            o_cmm.append(1)
        else:
            o_sig.append(offer_code(_OFFER_SIG(offer), offer))
            o_salary.append(_salary(offer.annual_salary))
            o_cmm.append(_tri_code(offer.employer_in_cmm))
    size = index + 1

    def ints(values: list[int]) -> Ints:
        return np.array(values, dtype=np.int64)

    owner, start = ints(e_owner), ints(e_start)
    order = np.lexsort((start, owner))  # by profile, then by start: what union_days needs
    years = ints(birth_year)
    spouse_french = np.array(s_french, dtype=np.int64).reshape(-1, 5)
    return ProfileFrame(
        size=size,
        vocabulary=vocab,
        birth_year=years,
        birth_month_day=ints(birth_md),
        has_birth=years > 0,
        facts={name: ints(codes) for name, codes in facts.items()},
        oral_comprehension=ints(comp),
        oral_production=ints(prod),
        french_assessed=ints(assessed),
        diploma_owner=ints(d_owner),
        diploma_signature=ints(d_sig),
        diploma_obtained=ints(d_obtained),
        episode_owner=owner[order],
        episode_signature=ints(e_sig)[order],
        episode_start=start[order],
        episode_end=ints(e_end)[order],
        episode_salary=np.array(e_salary, dtype=np.float64)[order],
        episode_in_cmm=np.array(e_cmm, dtype=np.int8)[order],
        offer_signature=ints(o_sig),
        offer_salary=np.array(o_salary, dtype=np.float64),
        offer_in_cmm=np.array(o_cmm, dtype=np.int8),
        principal=ints(principal),
        written_comprehension=ints(w_comp),
        written_production=ints(w_prod),
        spouse=ints(spouse_state),
        spouse_oral_comprehension=spouse_french[:, 0],
        spouse_oral_production=spouse_french[:, 1],
        spouse_written_comprehension=spouse_french[:, 2],
        spouse_written_production=spouse_french[:, 3],
        spouse_french_assessed=spouse_french[:, 4],
        authorization_owner=ints(a_owner),
        authorization_kind=ints(a_kind),
        authorization_noc=ints(a_noc),
        authorization_obtained=ints(a_obtained),
    )


def per_principal(
    frame: ProfileFrame, key: Hashable, keep: Any, compute: Callable[[str | None], Any], dtype: Any
) -> npt.NDArray[Any]:
    """``compute`` of each profile's principal occupation (``None`` when not declared), computed
    once per distinct code (cached in the vocabulary under ``key``, ``keep`` held alive)."""
    vocab = frame.vocabulary
    table = vocab.per_item(("principal", key), keep, vocab.nocs.items, compute, dtype)
    return np.append(table, np.array([compute(None)], dtype=dtype))[frame.principal]  # code -1 reads the last


def with_principal(frame: ProfileFrame, codes: Sequence[str | None]) -> ProfileFrame:
    """``frame`` with each profile's principal occupation set to ``codes`` (``None``: unknown), as
    when the row evaluator has one occupation to try (``principal_candidates``)."""
    code = frame.vocabulary.nocs.code
    principal = np.array([-1 if c is None else code(c, c) for c in codes], dtype=np.int64)
    return replace(frame, principal=principal)
