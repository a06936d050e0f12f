"""Errors as JSON that name the field and the reason; never a stack trace.

Every refusal has the shape of FastAPI's validation errors, so that a client reads one
format: ``{"detail": [{"loc": ["body", "applicant", "birth_date"], "field":
"applicant.birth_date", "msg": "...", "type": "..."}]}``. The values the client sent are
not echoed back, and nothing of a profile is logged. Control characters in a location (a key
the client sent) are written as ``\\uXXXX``. Messages are in the request's language: the body's
``lang`` when it could be read, else ``Accept-Language`` (:mod:`api.messages` words them in French).
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

from api import messages
from api.lang import resolve_lang
from api.logs import Trusted, escape_controls
from solver.answers import Lang
from solver.applicant import InvalidInput
from solver.requests import change_loc

logger = logging.getLogger("pilotgap.api")

Loc = list[str | int]


class ErrorItem(BaseModel):
    """One refused input: where it is and why it is refused."""

    loc: Loc = Field(description="Path to the refused input, starting with 'body' for the request body")
    field: str = Field(description="The same path, dotted, without 'body' ('body' for the body as a whole)")
    msg: str = Field(description="The reason, in plain words")
    type: str = Field(description="A stable error code, e.g. 'date_from_datetime_parsing' or 'invalid_input'")


class ErrorResponse(BaseModel):
    """The body of every 4xx and 5xx answer of the service."""

    detail: list[ErrorItem]


#: OpenAPI declaration of the refusals a POST endpoint can answer with.
BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorResponse, "description": "The request body is larger than the service accepts"},
    422: {"model": ErrorResponse, "description": "Invalid input: the field and the reason"},
}

_VALUE_ERROR = re.compile(r"^(Value error|Assertion failed), ")
#: A reason that starts with a dotted field path, e.g. "applicant.birth_date is after ...".
_PATH_IN_MSG = re.compile(r"^(applicant(?:\.[A-Za-z0-9_]+)+)\b")
#: A reason that starts with the name of a sub-field, e.g. "end: the episode ends before it starts".
_FIELD_PREFIX = re.compile(r"^([a-z_][a-z0-9_]*): ")


def _segment(part: str) -> str | int:
    return int(part) if part.isdigit() else part


def _safe_loc(loc: Iterable[Any]) -> Loc:
    # pydantic marks an invalid dict key with a "[key]" segment after it (the key itself is the place)
    # and a what-if change with its lever (the union's tag): neither is a field the client sent.
    return [p if isinstance(p, int) else escape_controls(str(p)) for p in change_loc(list(loc)) if p != "[key]"]


def dotted(loc: Iterable[str | int]) -> str:
    """The dotted form of a location, without the leading ``body``.

    >>> dotted(["body", "applicant", "work_history", 0, "end"]), dotted(["body"])
    ('applicant.work_history.0.end', 'body')
    """
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[1:]
    return ".".join(parts) or "body"


def item(
    loc: Loc, msg: str, kind: str, lang: Lang = "en", ctx: Mapping[str, Any] | None = None, msg_fr: str | None = None
) -> ErrorItem:
    """An error item in ``lang``; a model-level reason naming its field is moved onto that field."""
    msg = _VALUE_ERROR.sub("", msg)
    ctx = ctx or {}
    named = ctx.get("field")
    if kind in ("union_tag_invalid", "union_tag_not_found") and isinstance(ctx.get("discriminator"), str):
        named = ctx["discriminator"].strip("'")  # the tag field itself (e.g. a what-if change's lever)
    path = _PATH_IN_MSG.match(msg)
    if isinstance(named, str):
        loc = [*(loc or ["body"]), *(_segment(p) for p in named.split("."))]
        if kind == "union_tag_not_found":
            kind, msg = "missing", "Field required"
    elif path and [p for p in loc if p != "body"] == []:
        loc = ["body", *(_segment(p) for p in path.group(1).split("."))]
    else:
        prefix = _FIELD_PREFIX.match(msg)
        if prefix and len(loc) > 1:
            loc = [*loc, prefix.group(1)]
            msg = msg[prefix.end() :]
    if lang == "fr":
        msg = msg_fr or messages.french(kind, ctx, msg)
    loc = _safe_loc(loc)
    return ErrorItem(loc=loc, field=dotted(loc), msg=escape_controls(msg), type=kind)


def _json_error_msg(error: Mapping[str, Any], lang: Lang) -> str:
    reason = str((error.get("ctx") or {}).get("error") or "")
    where = error["loc"][-1] if len(error["loc"]) > 1 else None
    if lang == "fr":
        text = "le corps n'est pas du JSON valide"
        known = messages.french_reason(reason)
        if known:
            text += f" : {known}"
        if isinstance(where, int):
            text += f" (au caractère {where})"
        return text
    text = "the body is not valid JSON"
    if reason:
        text += f": {reason}"
    if isinstance(where, int):
        text += f" (at character {where})"
    return escape_controls(text)


def validation_items(
    errors: Iterable[Mapping[str, Any]], prefix: Loc | None = None, lang: Lang = "en"
) -> list[ErrorItem]:
    """Error items for pydantic / FastAPI validation errors (the input values are left out)."""
    items = []
    for e in errors:
        loc: Loc = [*(prefix or []), *e.get("loc", ())]
        if e.get("type") == "json_invalid":
            items.append(ErrorItem(loc=["body"], field="body", msg=_json_error_msg(e, lang), type="json_invalid"))
            continue
        kind = str(e.get("type", "value_error"))
        items.append(item(loc, str(e.get("msg", "invalid value")), kind, lang, e.get("ctx")))
    return items


def error_response(status: int, items: list[ErrorItem]) -> JSONResponse:
    return JSONResponse(status_code=status, content=ErrorResponse(detail=items).model_dump(mode="json"))


def invalid_input_items(exc: InvalidInput, lang: Lang = "en") -> list[ErrorItem]:
    """Error items for an engine refusal (each of its details when it has several)."""
    if exc.details:
        return validation_items(exc.details, prefix=["body"], lang=lang)
    loc: Loc = ["body", *(_segment(p) for p in exc.field.split("."))]
    return [item(loc, exc.reason, exc.kind, lang, msg_fr=exc.reason_fr)]


def request_lang(request: Request) -> Lang:
    """The language of a refusal: the body's ``lang`` when it was read, else ``Accept-Language``."""
    body_lang = getattr(request.state, "body_lang", None)
    return resolve_lang(body_lang if body_lang in ("en", "fr") else None, request.headers.get("accept-language"))


async def on_request_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    body = exc.body if isinstance(exc.body, dict) else {}
    body_lang = body.get("lang") if body.get("lang") in ("en", "fr") else None
    lang = resolve_lang(body_lang, request.headers.get("accept-language")) if body_lang else request_lang(request)
    return error_response(422, validation_items(exc.errors(), lang=lang))


async def on_invalid_input(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidInput)
    return error_response(422, invalid_input_items(exc, request_lang(request)))


async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    """A pydantic model the engine built from the request (e.g. a what-if change) refused a value."""
    assert isinstance(exc, ValidationError)
    return error_response(422, validation_items(exc.errors(), prefix=["body"], lang=request_lang(request)))


def internal_error() -> JSONResponse:
    """The answer to an unexpected failure: no internals, no input."""
    return error_response(
        500, [ErrorItem(loc=[], field="", msg="internal error: the request could not be answered", type="internal")]
    )


def log_unexpected(exc: BaseException, method: str, path: str) -> None:
    """Log an unexpected failure: its type and where it happened, not its message (it may quote input)."""
    frames = Trusted("".join(traceback.format_tb(exc.__traceback__)))
    logger.error("internal error on %s %s: %s\n%s", method, escape_controls(path), type(exc).__name__, frames)


def install(app: FastAPI) -> None:
    """Register the handlers that turn refused input into 422 answers."""
    app.add_exception_handler(RequestValidationError, on_request_validation)
    app.add_exception_handler(InvalidInput, on_invalid_input)
    app.add_exception_handler(ValidationError, on_validation_error)
