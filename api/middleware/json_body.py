"""Every JSON request body is read once by `passport.jsonio.read_json` before a route sees it.

Routes (and FastAPI's own body parsing) then meet only JSON that is nested no deeper than the configured limit,
has no duplicate member names and no NaN/Infinity; anything else is answered 422 with the reader's code, whatever
router the endpoint lives in. The body is passed on unchanged.
"""

from __future__ import annotations

from anyio import to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.middleware.body_limit import error_response
from passport.errors import InputError
from passport.jsonio import read_json

__all__ = ["JsonBodyMiddleware", "is_json_media_type"]

_INLINE_BYTES = 64_000  # smaller bodies are checked on the event loop; larger ones in a worker thread


def is_json_media_type(content_type: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


class JsonBodyMiddleware:
    def __init__(self, app: ASGIApp, *, max_depth: int) -> None:
        self.app = app
        self.max_depth = max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        content_type = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k.lower() == b"content-type"),
                            "")
        if scope["type"] != "http" or not is_json_media_type(content_type):
            await self.app(scope, receive, send)
            return
        chunks, more = [], True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if body.strip():
            try:
                if len(body) > _INLINE_BYTES:
                    await to_thread.run_sync(self._check, body)
                else:
                    self._check(body)
            except InputError as exc:
                await error_response(send, 422, exc.code, exc.message, exc.details)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _check(self, body: bytes) -> None:
        read_json(body, max_depth=self.max_depth)
