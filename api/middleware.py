"""ASGI middleware: body-size limit, last-resort error answer, and a privacy-minded access log.

Plain ASGI (no ``BaseHTTPMiddleware``) so that the limit holds for streamed bodies too and
the error answer is sent without re-raising into the server's own (verbose) error log.

The access log writes the path with its control characters escaped (``%0A`` in a URL is a
line break once decoded: written raw it would forge a log line), and a client that goes away
before its body has arrived is logged as a disconnect, not as a server error.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ErrorItem, ErrorResponse, internal_error, log_unexpected
from api.logs import escape_controls

logger = logging.getLogger("pilotgap.api")

#: Scope key set when the client disconnected before the whole request body arrived.
DISCONNECTED = "pilotgap.client_disconnected"


async def _send_json(send: Send, status: int, payload: dict[str, Any]) -> None:
    body = json.dumps(payload).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse a request whose body is larger than ``max_bytes`` with 413 and a JSON detail.

    The body is read here (it is small by construction) and replayed to the application,
    so a chunked upload without ``Content-Length`` cannot slip past the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> dict[str, Any]:
        reason = f"the request body is larger than the limit of {self.max_bytes} bytes"
        item = ErrorItem(loc=["body"], field="body", msg=reason, type="body_too_large")
        return ErrorResponse(detail=[item]).model_dump(mode="json")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _send_json(send, 413, self._too_large())
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                scope[DISCONNECTED] = True
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _send_json(send, 413, self._too_large())
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class CatchAll:
    """Answer any unexpected failure with a 500 JSON body without internals, and log it without input."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except ClientDisconnect:
            scope[DISCONNECTED] = True
        except Exception as exc:
            log_unexpected(exc, scope["method"], scope["path"])
            if started:
                raise
            response = internal_error()
            await response(scope, receive, send)


class AccessLog:
    """One line per request: method, path, status code and time taken; no client address, no body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            elapsed = (time.perf_counter() - start) * 1000
            method, path = escape_controls(scope["method"]), escape_controls(scope["path"])
            if scope.get(DISCONNECTED):
                logger.info("%s %s client disconnected before the request was read %.1f ms", method, path, elapsed)
            else:
                logger.info("%s %s %d %.1f ms", method, path, status, elapsed)
