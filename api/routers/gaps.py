"""``POST /v1/gaps``: for each route, the minimal dated plans that make the applicant eligible."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import AcceptLanguage, ServiceDep
from api.errors import BODY_ERRORS
from api.jsonbody import StrictJSONRoute
from api.lang import resolve_lang
from solver.answers import GapsAnswer
from solver.requests import GapsRequest

router = APIRouter(prefix="/v1", tags=["advice"], route_class=StrictJSONRoute)


@router.post("/gaps", response_model=GapsAnswer, responses=BODY_ERRORS)
async def plan_gaps(body: GapsRequest, service: ServiceDep, accept_language: AcceptLanguage = None) -> GapsAnswer:
    """Plan the cheapest or earliest changes that make the applicant eligible, route by route."""
    return await service.gaps(body, resolve_lang(body.lang, accept_language))
