"""``GET /v1/routes``: the catalogue of the routes, as the rule files describe them, with each
route's program family and its state (open, closed, not yet open) on a date."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import AcceptLanguage, ServiceDep
from api.lang import resolve_lang
from solver.answers import Lang, RoutesCatalog
from solver.applicant import Day
from solver.catalog import with_states

router = APIRouter(prefix="/v1", tags=["catalogue"])


@router.get("/routes", response_model=RoutesCatalog)
async def list_routes(
    service: ServiceDep,
    lang: Annotated[Lang | None, Query(description="Language of the sources (else Accept-Language, else en)")] = None,
    on: Annotated[
        Day | None,
        Query(alias="date", description="The date of each route's state (YYYY-MM-DD); default today"),
    ] = None,
    accept_language: AcceptLanguage = None,
) -> RoutesCatalog:
    """List every route with its program family, editions, intake windows, caps and criteria (names
    and descriptions in both languages; sources in the requested language), and its state on
    ``date`` (default today): ``open``, ``closed`` or ``not_yet_open``, with the window that decides it."""
    language = resolve_lang(lang, accept_language)
    return with_states(service.catalog(language), service.rules, on or date.today(), language)
