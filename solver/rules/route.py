"""A route (program / stream / profile) with its editions, intake windows and criteria."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from solver.answers import IntakeStatus, Window
from solver.criteria import Criterion
from solver.rules.schema import EditionSpec, ProgramFile, RouteSpec, WindowSpec
from solver.text import pick


@dataclass(frozen=True, slots=True)
class OpenSpan:
    """Days on which a route's intake was open: a window, possibly cut short by its cap."""

    start: date
    end: date  # inclusive
    window: WindowSpec
    edition: str
    closed_early_on: date | None


@dataclass
class Route:
    id: str
    program: ProgramFile
    spec: RouteSpec
    criteria: list[Criterion]
    by_id: dict[str, Criterion] = field(default_factory=dict)
    spans: list[OpenSpan] = field(default_factory=list)
    _by_edition: dict[str, list[Criterion]] = field(default_factory=dict, repr=False)
    _keyed: dict[str, tuple[tuple[Criterion, tuple[str, str | None, str], bool], ...]] = field(
        default_factory=dict, repr=False
    )
    _intake: dict[tuple[date, str], IntakeStatus] = field(default_factory=dict, repr=False)
    _intake_data: dict[tuple[date, str], dict[str, object]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        stack = list(self.criteria)
        while stack:
            c = stack.pop()
            self.by_id[c.id] = c
            stack.extend(c.children())
        self.spans = self._open_spans()

    @property
    def end_date(self) -> date:
        """The program's end (``date.max`` when none is announced)."""
        return self.program.end_date or date.max

    @property
    def family(self) -> str:
        return self.program.family

    def edition_on(self, day: date) -> EditionSpec | None:
        """The edition in force on ``day`` (the latest one in force on or before it)."""
        current = None
        for edition in self.program.editions:
            if edition.in_force <= day:
                current = edition
        return current

    def rules_edition(self, day: date) -> EditionSpec:
        """The edition whose rules apply on ``day``; before the first, the first one."""
        return self.edition_on(day) or self.program.editions[0]

    def applicable(self, edition: str) -> list[Criterion]:
        """The criteria of ``edition``, in rule-file order (computed once per edition)."""
        found = self._by_edition.get(edition)
        if found is None:
            found = self._by_edition[edition] = [c for c in self.criteria if c.applies_in(edition)]
        return found

    def keyed(self, edition: str) -> tuple[tuple[Criterion, tuple[str, str | None, str], bool], ...]:
        """The criteria of ``edition``, each with the key under which routes share its finding
        (its logic, its route when it reads a sibling rule, the edition) and whether the finding
        depends on the principal occupation too (computed once per edition)."""
        found = self._keyed.get(edition)
        if found is None:
            found = self._keyed[edition] = tuple(
                (c, (c.logic_key, self.id if getattr(c, "after_criterion", None) else None, edition), c.reads_principal)
                for c in self.applicable(edition)
            )
        return found

    def _open_spans(self) -> list[OpenSpan]:
        spans = []
        scopes = set(self.spec.intake_scopes)
        for edition in self.program.editions:
            closures = [c.closed_on for c in edition.early_closures if c.scope in scopes]
            for w in edition.windows:
                end = min(w.end or date.max, self.end_date - timedelta(days=1))
                cut = min((d for d in closures if w.start <= d <= (w.end or date.max)), default=None)
                if cut is not None:
                    end = min(end, cut)
                spans.append(OpenSpan(w.start, end, w, edition.id, cut))
        return spans

    def is_open(self, day: date) -> bool:
        return any(s.start <= day <= s.end for s in self.spans)

    def intake_on(self, day: date, lang: str) -> IntakeStatus:
        """Whether an application could be filed on ``day``, and a plain note saying why."""
        key = (day, lang)
        found = self._intake.get(key)
        if found is None:
            if len(self._intake) > 4096:
                self._intake.clear()
            found = self._intake[key] = self._intake_on(day, lang)
        return found

    def intake_data(self, day: date, lang: str) -> dict[str, object]:
        """``intake_on`` as JSON-ready data (cached the same way)."""
        key = (day, lang)
        found = self._intake_data.get(key)
        if found is None:
            if len(self._intake_data) > 4096:
                self._intake_data.clear()
            found = self._intake_data[key] = self.intake_on(day, lang).model_dump(mode="json")
        return found

    def _caps_text(self, window: WindowSpec, lang: str) -> str:
        """The route's caps in ``window`` in words, e.g. "cap of the orderlies program: 600"."""
        colon = " : " if lang == "fr" else ": "
        names = self.program.cap_names  # the schema requires a name for every scope
        return ", ".join(
            f"{names[k].get(lang)}{colon}{v}" for k, v in window.caps.items() if k in self.spec.intake_scopes
        )

    def _intake_on(self, day: date, lang: str) -> IntakeStatus:
        end = self.end_date
        if day >= end:
            return IntakeStatus(
                open=False,
                window=None,
                note=pick(
                    lang,
                    f"The program ended on {end}: no application can be filed on or after that date "
                    "(applications already filed are still processed).",
                    f"Le programme a pris fin le {end} : aucune demande ne peut être déposée à compter de cette date "
                    "(les demandes déjà déposées sont traitées).",
                ),
            )
        for s in self.spans:
            if s.window.start <= day <= (s.window.end or date.max):
                window = Window(start=s.window.start, end=s.window.end)
                source = s.window.source.text(lang)
                if day > s.end and s.closed_early_on:
                    return IntakeStatus(
                        open=False,
                        window=window,
                        note=pick(
                            lang,
                            f"Intake closed early: the cap was reached on {s.closed_early_on} ({source}).",
                            f"Réception fermée avant terme : le plafond a été atteint le {s.closed_early_on} "
                            f"({source}).",
                        ),
                    )
                caps = self._caps_text(s.window, lang)
                details = "; ".join(x for x in (pick(lang, "edition ", "édition ") + s.edition, caps, source) if x)
                if s.window.end is None:
                    period = pick(
                        lang,
                        f"Intake open since {s.window.start}, with no announced end",
                        f"Réception ouverte depuis le {s.window.start}, sans fin annoncée",
                    )
                else:
                    period = pick(
                        lang,
                        f"Intake window open from {s.window.start} to {s.window.end}",
                        f"Période de réception ouverte du {s.window.start} au {s.window.end}",
                    )
                return IntakeStatus(open=True, window=window, note=f"{period} ({details}).")
        upcoming = [s for s in self.spans if s.start > day]
        if not any(s.start <= day for s in self.spans):
            first = self.spans[0].start
            return IntakeStatus(
                open=False,
                window=None,
                note=pick(
                    lang,
                    f"Not yet open: the first intake window opens on {first}.",
                    f"Pas encore ouvert : la première période de réception s'ouvre le {first}.",
                ),
            )
        nxt = upcoming[0].start if upcoming else None
        if nxt is None:
            return IntakeStatus(
                open=False,
                window=None,
                note=pick(
                    lang,
                    f"No intake is open on {day}, and no later intake window is announced.",
                    f"Aucune réception n'est ouverte le {day}, et aucune période ultérieure n'est annoncée.",
                ),
            )
        return IntakeStatus(
            open=False,
            window=None,
            note=pick(
                lang,
                f"Between intake windows: no intake was open on {day}; the next window opens on {nxt}.",
                f"Entre deux périodes : aucune réception n'était ouverte le {day}; la prochaine s'ouvre le {nxt}.",
            ),
        )
