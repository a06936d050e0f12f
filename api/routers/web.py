"""``GET /``: the advisor web page (``api/static/index.html``); its assets are under ``/static``."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, JSONResponse, Response

from api.errors import ErrorItem, ErrorResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(include_in_schema=False)


@router.get("/")
async def index() -> Response:
    """Serve the advisor web page."""
    page = STATIC_DIR / "index.html"
    if not page.is_file():
        item = ErrorItem(loc=[], field="", msg="the web page is not installed", type="not_found")
        return JSONResponse(status_code=404, content=ErrorResponse(detail=[item]).model_dump(mode="json"))
    return FileResponse(page, media_type="text/html")
