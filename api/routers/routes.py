"""``GET /v1/routes``: the catalogue of the nine routes, as the rule files describe them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import AcceptLanguage, ServiceDep
from api.lang import resolve_lang
from solver.answers import Lang, RoutesCatalog

router = APIRouter(prefix="/v1", tags=["catalogue"])


@router.get("/routes", response_model=RoutesCatalog)
async def list_routes(
    service: ServiceDep,
    lang: Annotated[Lang | None, Query(description="Language of the sources (else Accept-Language, else en)")] = None,
    accept_language: AcceptLanguage = None,
) -> RoutesCatalog:
    """List every route with its editions, intake windows, caps and criteria (names and descriptions
    in both languages; sources in the requested language)."""
    return service.catalog(resolve_lang(lang, accept_language))
