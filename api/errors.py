"""The single place where library errors become HTTP statuses.

Bodies carry the error's `code`, message and locations (row, field, JSON pointer), never values:
a restricted field must not leak through an error message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.exchange_views import ExchangeUnavailable
from api.rate_limits import RateLimitedError
from api.sd_jwt_views import SdJwtUnavailable
from passport import errors as e
from passport.auth.errors import AuthenticationError

log = logging.getLogger("api")

STATUS_BY_ERROR: list[tuple[type[e.PassportError], int]] = [
    (AuthenticationError, 401),
    (RateLimitedError, 429),
    (SdJwtUnavailable, 406),
    (ExchangeUnavailable, 406),
    (e.NotFoundError, 404),
    (e.AccessDeniedError, 403),
    (e.ConflictError, 409),
    (e.InputError, 422),
    (e.JsonLdError, 422),
    (e.CanonicalizationError, 422),
    (e.ProofError, 422),
    (e.MigrationError, 503),
    (e.StoreError, 503),
    (e.ConfigurationError, 500),
    (e.UpstreamError, 502),
]


#: Error bodies stay small whatever the input: lists (problems, errors, findings) keep their first MAX_LISTED items
#: and say how many there were; texts are cut at MAX_TEXT characters.
MAX_LISTED = 100
MAX_TEXT = 500


def capped(error: dict[str, Any]) -> dict[str, Any]:
    """`{code, message, details}` with every list in `details` (one level down too) and every text capped."""
    def cap(value: Any, depth: int = 0) -> Any:
        if isinstance(value, str):
            return value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + "…"
        if isinstance(value, list):
            return [cap(v, depth + 1) for v in value[:MAX_LISTED]]
        if isinstance(value, dict) and depth < 6:
            out = {}
            for key, item in value.items():
                out[key] = cap(item, depth + 1)
                if isinstance(item, list) and len(item) > MAX_LISTED:
                    out[f"{key}Total"] = len(item)
            return out
        return value
    return cap(error)


def status_for(exc: e.PassportError) -> int:
    for cls, status in STATUS_BY_ERROR:
        if isinstance(exc, cls):
            return status
    return 400


def headers_for(exc: e.PassportError, status: int) -> dict[str, str] | None:
    """The headers an error response carries, whatever renders its body."""
    if status == 401:  # RFC 6750 §3: a 401 names the scheme and why the token was refused.
        return {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{exc.code}"'}
    if status == 429:  # RFC 9110 §10.2.3
        return {"Retry-After": str(exc.details["retry_after"])}
    return None


async def _passport_error(request: Request, exc: e.PassportError) -> JSONResponse:
    status = status_for(exc)
    log.info("request failed", extra={"path": request.url.path, "code": exc.code, "status": status})
    return JSONResponse(status_code=status, content={"error": capped(exc.to_dict())}, headers=headers_for(exc, status))


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = [
        {"pointer": "/" + "/".join(str(p) for p in err.get("loc", ())[1:]), "type": err.get("type"), "message": err.get("msg")}
        for err in exc.errors()
    ]
    return JSONResponse(
        status_code=422,
        content={"error": capped({"code": "INVALID_INPUT", "message": "request did not validate",
                                  "details": {"problems": problems}})},
    )


#: HTTP errors that reach no route (an unknown path, a method the path does not take) under a path prefix whose
#: router package renders its own error format: registered by that package (`api.routers.dpp.result` registers
#: "/dpp/v1/" for EN 18222 Result objects), so this module imports no router.
HttpErrorRenderer = Callable[[Request, int, str, dict[str, str]], Response]
_RENDERERS: dict[str, HttpErrorRenderer] = {}


def render_http_errors_under(prefix: str, renderer: HttpErrorRenderer) -> None:
    _RENDERERS[prefix] = renderer


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    for prefix, render in _RENDERERS.items():
        if request.url.path.startswith(prefix):
            return render(request, exc.status_code, str(exc.detail), dict(exc.headers or {}))
    return await http_exception_handler(request, exc)


def install(app: FastAPI) -> None:
    app.add_exception_handler(e.PassportError, _passport_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
