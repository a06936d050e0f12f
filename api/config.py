"""Settings of the service, read from ``PILOTGAP_*`` environment variables.

Every setting has an embedded default, so ``python -m uvicorn api.main:app`` runs with
no configuration at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from solver.requests import MAX_HORIZON_MONTHS


class Settings(BaseSettings):
    """Deployment settings (environment variable ``PILOTGAP_<NAME>``)."""

    model_config = SettingsConfigDict(env_prefix="PILOTGAP_", extra="ignore")

    host: str = Field(default="127.0.0.1", description="Interface `python -m api` listens on")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `python -m api` listens on")
    solve_time_limit_s: float = Field(
        default=5.0, gt=0, le=600, description="CP-SAT time limit per solve; a solve that hits it returns its best plan"
    )
    horizon_cap: int = Field(
        default=MAX_HORIZON_MONTHS,
        ge=0,
        le=MAX_HORIZON_MONTHS,
        description="Largest horizon_months a /v1/gaps request may ask for (larger: 422)",
    )
    wage_table: Path | None = Field(
        default=None,
        description="JSON object or CSV file of NOC code -> published top wage; a request's reference_wages win",
    )
    cors_origins: str = Field(default="", description="Comma-separated origins allowed by CORS (empty: none)")
    max_body_bytes: int = Field(
        default=256 * 1024, ge=1024, le=16 * 1024 * 1024, description="Largest request body (larger: 413)"
    )
    max_concurrent_solves: int = Field(
        default=2, ge=1, le=64, description="Worker threads that may solve at the same time"
    )
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    @property
    def cors_origin_list(self) -> list[str]:
        """The CORS origins as a list.

        >>> Settings(cors_origins="https://a.example, https://b.example").cors_origin_list
        ['https://a.example', 'https://b.example']
        """
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]
