"""Dependencies of the routes, as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from api.config import Settings
from api.service import SolverService
from solver.rules.book import RuleBook


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_service(request: Request) -> SolverService:
    service: SolverService = request.app.state.service
    return service


def get_rules(request: Request) -> RuleBook:
    return get_service(request).rules


SettingsDep = Annotated[Settings, Depends(get_settings)]
ServiceDep = Annotated[SolverService, Depends(get_service)]
RulesDep = Annotated[RuleBook, Depends(get_rules)]
AcceptLanguage = Annotated[
    str | None,
    Header(description="Used for the language of explanations when the body has no `lang` (fr if preferred)"),
]
