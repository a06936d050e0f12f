"""``GET /``: the advisor web page (``api/static/index.html``); its assets are under ``/static``.

Static files are served with an ``ETag`` (a conditional request gets ``304 Not Modified``),
``Cache-Control: no-cache`` (the browser keeps them and revalidates, so a new release is
picked up at once) and gzip when the client accepts it.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.middleware.gzip import GZipMiddleware
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ErrorItem, ErrorResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
CACHE_CONTROL = "no-cache"
GZIP_MINIMUM_BYTES = 500

router = APIRouter(include_in_schema=False)


class CachedStaticFiles(StaticFiles):
    """Starlette's static files (ETag, Last-Modified, 304) plus ``Cache-Control: no-cache``."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_cache_control(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"cache-control", CACHE_CONTROL.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await super().__call__(scope, receive, send_with_cache_control)


def static_app(directory: Path = STATIC_DIR) -> ASGIApp:
    """The ASGI app mounted at ``/static``: cached, revalidated and gzipped static files."""
    return GZipMiddleware(CachedStaticFiles(directory=directory, check_dir=False), minimum_size=GZIP_MINIMUM_BYTES)


@router.get("/")
async def index(request: Request) -> Response:
    """Serve the advisor web page."""
    page = STATIC_DIR / "index.html"
    if not page.is_file():
        item = ErrorItem(loc=[], field="", msg="the web page is not installed", type="not_found")
        return JSONResponse(status_code=404, content=ErrorResponse(detail=[item]).model_dump(mode="json"))
    body = page.read_bytes()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": "Accept-Encoding"}
    if etag in [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", "").lower():
        headers["Content-Encoding"] = "gzip"
        body = gzip.compress(body, mtime=0)
    return Response(content=body, media_type="text/html; charset=utf-8", headers=headers)
