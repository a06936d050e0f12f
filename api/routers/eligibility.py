"""``POST /v1/eligibility`` (and ``/batch``): every route's verdict on one application date, explained."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import AcceptLanguage, ServiceDep
from api.errors import BODY_ERRORS
from api.jsonbody import StrictJSONRoute
from api.lang import resolve_lang
from solver.answers import EligibilityAnswer, EligibilityBatchAnswer
from solver.requests import EligibilityBatchRequest, EligibilityRequest

router = APIRouter(prefix="/v1", tags=["advice"], route_class=StrictJSONRoute)


@router.post("/eligibility", response_model=EligibilityAnswer, responses=BODY_ERRORS)
async def check_eligibility(
    body: EligibilityRequest, service: ServiceDep, accept_language: AcceptLanguage = None
) -> EligibilityAnswer:
    """Check the applicant against every criterion of each route on the application date."""
    return await service.eligibility(body, resolve_lang(body.lang, accept_language))


@router.post("/eligibility/batch", response_model=EligibilityBatchAnswer, responses=BODY_ERRORS)
async def check_eligibility_batch(
    body: EligibilityBatchRequest, service: ServiceDep, accept_language: AcceptLanguage = None
) -> EligibilityBatchAnswer:
    """Check up to 200 profiles on one date; an invalid profile gets its own error, in order."""
    return await service.eligibility_batch(body, resolve_lang(body.lang, accept_language))
