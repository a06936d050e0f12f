"""``POST /v1/questions``: the unknown inputs whose answer would settle a route, best first."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import AcceptLanguage, ServiceDep
from api.errors import BODY_ERRORS
from api.jsonbody import StrictJSONRoute
from api.lang import resolve_lang
from solver.answers import QuestionsAnswer
from solver.requests import QuestionsRequest

router = APIRouter(prefix="/v1", tags=["advice"], route_class=StrictJSONRoute)


@router.post("/questions", response_model=QuestionsAnswer, responses=BODY_ERRORS)
async def ask_questions(
    body: QuestionsRequest, service: ServiceDep, accept_language: AcceptLanguage = None
) -> QuestionsAnswer:
    """List the missing inputs whose answer would decide an unknown route, with what to ask and why."""
    return await service.questions(body, resolve_lang(body.lang, accept_language))
