"""Build the FastAPI application: ``python -m uvicorn api.main:app``.

``create_app(settings)`` wires the routers, the error handlers and the middleware; the
module-level ``app`` is built from the environment (``PILOTGAP_*``) with embedded defaults.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

from api import errors
from api.config import Settings
from api.logs import EscapingFormatter
from api.middleware import AccessLog, BodyLimit, CatchAll
from api.routers import eligibility, gaps, health, questions, ranking, routes, web, whatif
from api.service import SolverService
from api.wages import load_wage_table
from solver.rules.book import default_rulebook

DESCRIPTION = """\
Eligibility and minimal gap plans for Québec's permanent-immigration pilot programs
(food processing, orderlies, AI / IT / visual effects): nine routes, both editions.

Every answer carries `rules_version`. Explanations are in English or French: the body's
`lang`, else the `Accept-Language` header, else English. Invalid input is refused with
422 (413 for an oversize body) and a `detail` list naming each field and the reason.
"""


def configure_logging(settings: Settings) -> None:
    """Send the service's own log lines (``pilotgap.*``) to standard error, once."""
    logger = logging.getLogger("pilotgap")
    logger.setLevel(settings.log_level.upper())
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(EscapingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # uvicorn's access line carries the client's address; ours (api.middleware.AccessLog) does not.
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("pilotgap.api").info("rules %s loaded", app.state.service.rules.rules_version)
    yield


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application for ``settings`` (default: read from the environment).

    Raises:
        api.wages.WageTableError: the configured wage table cannot be read.
    """
    settings = settings or Settings()
    configure_logging(settings)
    rules = default_rulebook()
    # Swagger UI and ReDoc served from the package's own copies (fastapi-offline): /docs works offline.
    app = FastAPIOffline(
        title="pilotgap",
        summary="Québec pilot-programs eligibility and gap advisor",
        description=DESCRIPTION,
        version=rules.rules_version,
        lifespan=lifespan,
        swagger_ui_parameters={"validatorUrl": None},  # no call to the public validator service
    )
    app.state.settings = settings
    app.state.service = SolverService(settings, rules, load_wage_table(settings.wage_table))

    errors.install(app)
    app.include_router(health.router)
    app.include_router(routes.router)
    app.include_router(eligibility.router)
    app.include_router(gaps.router)
    app.include_router(whatif.router)
    app.include_router(questions.router)
    app.include_router(ranking.router)
    app.include_router(web.router)
    app.mount("/static", web.static_app(), name="static")

    # Innermost first: CatchAll sits next to the routes, AccessLog outside everything.
    app.add_middleware(CatchAll)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    if settings.cors_origin_list:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origin_list,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Accept-Language"],
        )
    app.add_middleware(AccessLog)
    return app


app = create_app()
