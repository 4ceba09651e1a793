"""Refuse oversize request bodies with 413 before anything parses them.

A declared `Content-Length` above the limit is refused without reading a byte; a chunked body (no length) is
counted as it arrives and refused as soon as it passes the limit. Multipart uploads get their own, larger limit.
The route never sees a partial body: FastAPI reads the whole body before it parses, and this counter fails first.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimitMiddleware", "error_response"]


class _TooLarge(Exception):
    pass


async def error_response(send: Send, status: int, code: str, message: str, details: dict[str, Any]) -> None:
    """Send the API's error body (`{"error": {code, message, details}}`) from ASGI code."""
    body = json.dumps({"error": {"code": code, "message": message, "details": details}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


_UPLOAD_MEDIA = frozenset({"multipart/form-data", "application/x-ndjson"})


class BodyLimitMiddleware:
    """`max_body_bytes` for every body, `max_upload_bytes` for uploads: `multipart/form-data` and NDJSON batches
    (`application/x-ndjson`, the bulk custody intake)."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes

    def limit_for(self, scope: Scope) -> int:
        media = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
        return self.max_upload_bytes if media in _UPLOAD_MEDIA else self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.strip().isdigit() or int(declared) > limit):
            await self._refuse(send, limit)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if started:
                raise
            await self._refuse(send, limit)

    @staticmethod
    async def _refuse(send: Send, limit: int) -> None:
        await error_response(send, 413, "PAYLOAD_TOO_LARGE", "the request body is larger than this service accepts",
                             {"maxBytes": limit})
