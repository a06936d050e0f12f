"""``GET /health``: the service is up, and which rules it answers with."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import RulesDep

router = APIRouter(tags=["service"])


class Health(BaseModel):
    status: Literal["ok"]
    rules_version: str


@router.get("/health", response_model=Health)
async def health(rules: RulesDep) -> Health:
    """Report that the service is up and the version of the rules it applies."""
    return Health(status="ok", rules_version=rules.rules_version)
