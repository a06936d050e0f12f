"""``POST /v1/eligibility``: every route's verdict on one application date, explained."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import AcceptLanguage, ServiceDep
from api.errors import BODY_ERRORS
from api.jsonbody import StrictJSONRoute
from api.lang import resolve_lang
from solver.answers import EligibilityAnswer
from solver.requests import EligibilityRequest

router = APIRouter(prefix="/v1", tags=["advice"], route_class=StrictJSONRoute)


@router.post("/eligibility", response_model=EligibilityAnswer, responses=BODY_ERRORS)
async def check_eligibility(
    body: EligibilityRequest, service: ServiceDep, accept_language: AcceptLanguage = None
) -> EligibilityAnswer:
    """Check the applicant against every criterion of each route on the application date."""
    return await service.eligibility(body, resolve_lang(body.lang, accept_language))
