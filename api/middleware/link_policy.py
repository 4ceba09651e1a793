"""Which schemes web links may use while a request is served: https:, plus http: when the setting allows it.

Sets `passport.model.types.allow_http_links` for the request's context, so the same rule holds where FastAPI
validates a passport body and where a page renders a stored link.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from passport.model.types import allow_http_links

__all__ = ["LinkPolicyMiddleware"]


class LinkPolicyMiddleware:
    def __init__(self, app: ASGIApp, *, http_links_allowed: bool) -> None:
        self.app = app
        self.http_links_allowed = http_links_allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        allow_http_links(self.http_links_allowed)  # this request's context only (each request runs in its own)
        await self.app(scope, receive, send)
