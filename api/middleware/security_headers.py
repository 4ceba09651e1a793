"""Headers every response carries: the pages need no script, so none may run, and nothing may frame them.

`Content-Security-Policy` allows no script at all (a link or text injected into a passport cannot execute),
styles and images only from this origin, forms only to this origin, and `frame-ancestors 'none'`; together with
`X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer` they are set on every response, errors
included. The interactive API reference (`/docs`, `/redoc`) is the one exception: it is a script application that
renders no passport data, and gets a policy that admits its own scripts.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CONTENT_SECURITY_POLICY", "SecurityHeadersMiddleware"]

CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
                           "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# Its assets are served from this origin (fastapi-offline), so nothing is loaded from another host.
API_REFERENCE_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
                        "img-src 'self' data:; worker-src 'self' blob:; base-uri 'none'; frame-ancestors 'none'")
API_REFERENCE_PATHS = ("/docs", "/redoc")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        policy = API_REFERENCE_POLICY if path.startswith(API_REFERENCE_PATHS) else CONTENT_SECURITY_POLICY

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = policy
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
            await send(message)

        await self.app(scope, receive, with_headers)
