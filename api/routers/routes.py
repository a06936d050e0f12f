"""``GET /v1/routes``: the catalogue of the nine routes, as the rule files describe them."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ServiceDep
from solver.answers import RoutesCatalog

router = APIRouter(prefix="/v1", tags=["catalogue"])


@router.get("/routes", response_model=RoutesCatalog)
async def list_routes(service: ServiceDep) -> RoutesCatalog:
    """List every route with its editions, intake windows, caps and criteria (both languages)."""
    return service.catalog()
