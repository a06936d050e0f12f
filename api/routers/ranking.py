"""``POST /v1/ranking`` and ``GET /v1/draws``: the PSTQ ranking score and the recorded rounds."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import AcceptLanguage, ServiceDep
from api.errors import BODY_ERRORS
from api.jsonbody import StrictJSONRoute
from api.lang import resolve_lang
from solver.answers import DrawsAnswer, Lang, RankingAnswer
from solver.requests import RankingRequest

router = APIRouter(prefix="/v1", tags=["ranking"], route_class=StrictJSONRoute)


@router.post("/ranking", response_model=RankingAnswer, responses=BODY_ERRORS)
async def rank_applicant(
    body: RankingRequest, service: ServiceDep, accept_language: AcceptLanguage = None
) -> RankingAnswer:
    """Score the applicant on the Arrima grid for each PSTQ stream, factor by factor, against the rounds."""
    return await service.ranking(body, resolve_lang(body.lang, accept_language))


@router.get("/draws", response_model=DrawsAnswer)
async def list_draws(
    service: ServiceDep,
    lang: Annotated[Lang | None, Query(description="Language of the texts (else Accept-Language, else en)")] = None,
    accept_language: AcceptLanguage = None,
) -> DrawsAnswer:
    """List every recorded PSTQ invitation round: date, stream, exercise, filters, minimum score, invited, source."""
    return service.draws(resolve_lang(lang, accept_language))
