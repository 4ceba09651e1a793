"""EN 18222 Result objects: how the /dpp/v1 routes report errors (a second renderer beside `api.errors`).

    {"messages": [{"messageType": "Error", "text": …, "code": …, "correlationId": …, "timestamp": …}]}

The status code is `api.errors.status_for`'s (the one mapping); the text is the error's message with its
locations (field, JSON pointer), never a value. `correlationId` echoes a client's `X-Correlation-Id` (when
it is a short token) or is minted, and is sent back in that header too.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from api.errors import headers_for, render_http_errors_under, status_for
from passport.errors import PassportError

log = logging.getLogger("api.dpp")
CORRELATION_HEADER = "X-Correlation-Id"
#: Where the EN 18222 routes live (on each router, so a route's path is its full template).
PREFIX = "/dpp/v1"
_TOKEN = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")


class Message(BaseModel):
    messageType: str = Field(description="Error, Warning or Info.")
    text: str = Field(description="What went wrong, with the field or JSON pointer it concerns.")
    code: str = Field(description="Stable machine-readable code (e.g. DPP_NOT_FOUND).")
    correlationId: str = Field(description="Ties the response to the request (X-Correlation-Id).")
    timestamp: datetime


class Result(BaseModel):
    messages: list[Message]


def correlation_id(request: Request) -> str:
    given = request.headers.get(CORRELATION_HEADER.lower(), "")
    return given if _TOKEN.match(given) else str(uuid.uuid4())


def result_response(request: Request, status: int, problems: list[tuple[str, str]],
                    headers: dict[str, str] | None = None) -> JSONResponse:
    """A Result object with one Error message per (code, text)."""
    cid, now = correlation_id(request), datetime.now(UTC)
    body = Result(messages=[Message(messageType="Error", text=text, code=code, correlationId=cid, timestamp=now)
                            for code, text in problems])
    return JSONResponse(body.model_dump(mode="json"), status_code=status,
                        headers={CORRELATION_HEADER: cid, "Cache-Control": "no-store", **(headers or {})})


def _validation_problems(exc: RequestValidationError) -> list[tuple[str, str]]:
    out = []
    for err in exc.errors():
        pointer = "/" + "/".join(str(p) for p in err.get("loc", ())[1:])
        out.append(("INVALID_INPUT", f"{err.get('msg')} (pointer={pointer})"))
    return out or [("INVALID_INPUT", "request did not validate")]


class ResultRoute(APIRoute):
    """A route whose errors (from the handler and its dependencies) are rendered as Result objects."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                response = await handler(request)
            except PassportError as exc:
                status = status_for(exc)
                log.info("request failed", extra={"path": request.url.path, "code": exc.code, "status": status})
                return result_response(request, status, [(exc.code, str(exc))], headers_for(exc, status))
            except RequestValidationError as exc:
                return result_response(request, 422, _validation_problems(exc))
            response.headers.setdefault(CORRELATION_HEADER, correlation_id(request))
            return response

        return route


_HTTP_CODES = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


def _http_error(request: Request, status: int, detail: str, headers: dict[str, str]) -> Response:
    """What reaches no route under /dpp/v1/ (unknown path 404, wrong method 405) is a Result object too."""
    return result_response(request, status, [(_HTTP_CODES.get(status, "HTTP_ERROR"), detail)], headers)


render_http_errors_under(PREFIX + "/", _http_error)
