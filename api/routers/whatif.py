"""``POST /v1/what-if``: eligibility before and after a list of lever changes."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import AcceptLanguage, ServiceDep
from api.errors import BODY_ERRORS
from api.jsonbody import StrictJSONRoute
from api.lang import resolve_lang
from solver.answers import WhatIfAnswer
from solver.requests import WhatIfRequest

router = APIRouter(prefix="/v1", tags=["advice"], route_class=StrictJSONRoute)


@router.post("/what-if", response_model=WhatIfAnswer, responses=BODY_ERRORS)
async def compare_what_if(
    body: WhatIfRequest, service: ServiceDep, accept_language: AcceptLanguage = None
) -> WhatIfAnswer:
    """Apply lever changes to the profile and compare eligibility before and after."""
    return await service.what_if(body, resolve_lang(body.lang, accept_language))
