"""The service layer between the HTTP routes and the solver.

It checks what only the deployment knows (the horizon cap, the date range it answers
for), merges the wage table under the request's ``reference_wages``, and runs the
CPU-bound engine calls in worker threads behind a bounded limiter so the event loop
keeps serving other requests. It logs route ids, the language and timings, never a profile.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

import anyio

from api.config import Settings
from api.wages import merge_wages
from solver import evaluate, evaluate_many, plan_gaps, questions, what_if
from solver.answers import (
    BatchItemError,
    DrawsAnswer,
    EligibilityAnswer,
    EligibilityBatchAnswer,
    EligibilityBatchItem,
    GapsAnswer,
    Lang,
    QuestionsAnswer,
    RankingAnswer,
    RoutesCatalog,
    WhatIfAnswer,
)
from solver.applicant import InvalidInput
from solver.catalog import route_catalog
from solver.ranking.scorer import draws_answer, rank
from solver.requests import (
    EligibilityBatchRequest,
    EligibilityRequest,
    GapsRequest,
    QuestionsRequest,
    RankingRequest,
    WhatIfRequest,
)
from solver.rules.book import RuleBook, rulebook_for

logger = logging.getLogger("pilotgap.api")

T = TypeVar("T")


def _routes_label(routes: Iterable[str] | None) -> str:
    return ",".join(routes) if routes else "all"


class SolverService:
    """Runs the engine for the HTTP routes, one bounded worker thread per call."""

    def __init__(self, settings: Settings, rules: RuleBook, wages: dict[str, float]) -> None:
        self.settings = settings
        self.rules = rules
        self.wages = wages
        self.limiter = anyio.CapacityLimiter(settings.max_concurrent_solves)
        self._catalog: dict[Lang, RoutesCatalog] = {}

    async def _run(self, what: str, routes: Iterable[str] | None, lang: Lang, call: Callable[[], T]) -> T:
        start = time.perf_counter()
        outcome = "error"
        try:
            result = await anyio.to_thread.run_sync(call, limiter=self.limiter)
            outcome = "ok"
            return result
        except InvalidInput as exc:
            outcome = f"invalid:{exc.field}"
            raise
        finally:
            elapsed = (time.perf_counter() - start) * 1000
            logger.info("%s routes=%s lang=%s %s %.1f ms", what, _routes_label(routes), lang, outcome, elapsed)

    def time_limit(self, requested: float | None) -> float:
        """The solve time limit per route: the request's, capped by the deployment's (its default)."""
        cap = self.settings.solve_time_limit_s
        return cap if requested is None else min(requested, cap)

    def rules_for(self, request: Any) -> dict[str, Any]:
        """The rule-book arguments of an engine call: the service's rules, or the shipped rules
        with the request's named assumptions and reform overlaid."""
        assumptions, reform = getattr(request, "assumptions", None), getattr(request, "reform", None)
        if assumptions is None and reform is None:
            return {"rules": self.rules}
        return {"assumptions": assumptions, "reform": reform}

    def catalog(self, lang: Lang = "en") -> RoutesCatalog:
        """The route catalogue, built once per rule book and language."""
        found = self._catalog.get(lang)
        if found is None:
            found = self._catalog[lang] = route_catalog(self.rules, lang)
        return found

    async def _answer(
        self,
        what: str,
        ask: Callable[..., T],
        request: EligibilityRequest | GapsRequest | WhatIfRequest | RankingRequest,
        lang: Lang,
        **options: Any,
    ) -> T:
        """``ask`` about the request's applicant on its date, for its routes, with the wage table
        merged under its reference wages, its rule book and ``options``; logged as ``what``."""
        wages = merge_wages(self.wages, request.reference_wages)

        programs = getattr(request, "programs", None)
        if programs is not None:
            options["programs"] = programs

        def call() -> T:
            return ask(
                request.applicant,
                request.application_date,
                routes=request.routes,
                lang=lang,
                reference_wages=wages,
                **options,
                **self.rules_for(request),
            )

        return await self._run(what, request.routes, lang, call)

    async def eligibility(self, request: EligibilityRequest, lang: Lang) -> EligibilityAnswer:
        return await self._answer("eligibility", evaluate, request, lang)

    async def eligibility_batch(self, request: EligibilityBatchRequest, lang: Lang) -> EligibilityBatchAnswer:
        wages = merge_wages(self.wages, request.reference_wages)
        on = request.application_date or date.today()

        def call() -> EligibilityBatchAnswer:
            results = evaluate_many(
                request.profiles,
                on,
                routes=request.routes,
                lang=lang,
                reference_wages=wages,
                backend="inline",
                **self.rules_for(request),
            )
            items = [
                EligibilityBatchItem(
                    index=r.index,
                    ok=r.ok,
                    answer=r.answer,
                    error=BatchItemError(field=r.error.field, reason=r.error.reason) if r.error else None,
                )
                for r in results
            ]
            version = (
                rulebook_for(request.assumptions, request.reform).rules_version
                if (request.assumptions is not None or request.reform is not None)
                else self.rules.rules_version
            )
            return EligibilityBatchAnswer(application_date=on, rules_version=version, results=items)

        return await self._run("eligibility-batch", request.routes, lang, call)

    async def gaps(self, request: GapsRequest, lang: Lang) -> GapsAnswer:
        cap = self.settings.horizon_cap
        horizon = request.horizon_months
        if horizon > cap and "horizon_months" in request.model_fields_set:
            raise InvalidInput("horizon_months", f"must be at most {cap} months (this service's horizon cap)")
        horizon = min(horizon, cap)  # the default horizon, lowered to the cap: a 422 names only fields sent
        return await self._answer(
            "gaps",
            plan_gaps,
            request,
            lang,
            horizon_months=horizon,
            objective=request.objective,
            respect_intake_windows=request.respect_intake_windows,
            max_plans=request.max_plans,
            costs=request.costs,
            time_limit_s=self.time_limit(request.time_limit_s),
            target_score=request.target_score,
        )

    async def ranking(self, request: RankingRequest, lang: Lang) -> RankingAnswer:
        return await self._answer("ranking", rank, request, lang)

    def draws(self, lang: Lang) -> DrawsAnswer:
        return draws_answer(self.rules, lang)

    async def what_if(self, request: WhatIfRequest, lang: Lang) -> WhatIfAnswer:
        return await self._answer("what-if", what_if, request, lang, changes=request.changes)

    async def questions(self, request: QuestionsRequest, lang: Lang) -> QuestionsAnswer:
        return await self._answer("questions", questions, request, lang)
