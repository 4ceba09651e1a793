"""Rate limits per client address, per token and per organisation (the `limits` library), answered with 429.

Each route falls in a class: `read` (the passport URL behind the QR code: generous, since many phones share one
carrier address), `enumeration` (list endpoints that page through the store: strict, they are how a scraper
would copy it) and `api` (everything else). The client address is limited per class before authentication
(so guessing tokens is limited too); once the caller is known, its token and its organisation each have their
own budget across all routes. Windows are fixed (`limits`' FixedWindowRateLimiter): cheap on the QR path, and
`Retry-After` is exactly the time until the window resets. Counters live in `PASSPORT_RATE_LIMIT_STORAGE`
(in memory by default, per process; a `redis://` URI shares them between workers).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from api.access import get_caller
from passport.auth import Caller
from passport.errors import ConfigurationError, PassportError
from passport.settings import Settings

READ, ENUMERATION, API = "read", "enumeration", "api"

#: Route path templates that serve the passport URL (QR reads).
READ_ROUTES = frozenset({"/01/{gtin}/21/{serial:path}", "/id/{value:path}", "/iso15459/{value:path}",
                         # the same passports read through EN 18222 (/dpp/v1)
                         "/dpp/v1/dpps/{dppId}", "/dpp/v1/dppsByProductId/{productId:path}",
                         "/dpp/v1/dppsByIdAndDate/{dppId}", "/dpp/v1/dppsByProductIdAndDate/{productId:path}",
                         "/dpp/v1/dpps/{dppId}/elements/{elementPath:path}"})
#: GET routes that list many records.
ENUMERATION_ROUTES = frozenset({"/api/v1/passports", "/api/v1/access/reads", "/api/v1/access/grants",
                                "/api/v1/auth/trusted-issuers"})
#: POST routes that look many records up at once (EN 18222 ReadDPPIdsByProductIds).
BULK_LOOKUP_ROUTES = frozenset({"/dpp/v1/dppsByProductIds"})


class RateLimitedError(PassportError):
    """Too many requests in the current window; `details.retry_after` is the wait in seconds (HTTP 429)."""

    code = "RATE_LIMITED"


@dataclass(frozen=True, slots=True)
class Limits:
    """The parsed limits of one app and the limiter holding their counters."""

    by_class: dict[str, RateLimitItem]
    token: RateLimitItem
    organisation: RateLimitItem
    limiter: FixedWindowRateLimiter

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        def item(name: str) -> RateLimitItem:
            value = getattr(settings, name)
            try:
                return parse(value)
            except ValueError as exc:
                raise ConfigurationError(f"PASSPORT_{name.upper()}: {value!r} is not a rate like '60/minute'",
                                         details={"setting": f"PASSPORT_{name.upper()}"}) from exc

        try:
            storage = storage_from_string(settings.rate_limit_storage)
        except Exception as exc:  # limits raises ConfigurationError/ValueError/ImportError per backend
            raise ConfigurationError(f"PASSPORT_RATE_LIMIT_STORAGE: {exc}",
                                     details={"setting": "PASSPORT_RATE_LIMIT_STORAGE"}) from exc
        return cls(by_class={READ: item("rate_limit_read"), ENUMERATION: item("rate_limit_enumeration"),
                             API: item("rate_limit_api")},
                   token=item("rate_limit_token"), organisation=item("rate_limit_organisation"),
                   limiter=FixedWindowRateLimiter(storage))

    def hit(self, item: RateLimitItem, *key: str) -> None:
        """Count one request against `key`; RateLimitedError with the wait when the window is spent."""
        if self.limiter.hit(item, *key):
            return
        reset = self.limiter.get_window_stats(item, *key).reset_time
        raise RateLimitedError("too many requests: retry later", details={
            "scope": key[0], "limit": str(item), "retry_after": max(1, math.ceil(reset - time.time()))})


def limits_of(request: Request) -> Limits | None:
    """The app's limits, built on first use; None when rate limiting is switched off."""
    state = request.app.state
    if not state.settings.rate_limits_enabled:
        return None
    found = getattr(state, "rate_limits", None)
    if found is None:
        found = state.rate_limits = Limits.from_settings(state.settings)
    return found


def route_class(request: Request) -> str:
    """`read`, `enumeration` or `api`, from the path template of the route that matched."""
    template = getattr(request.scope.get("route"), "path", None)  # set by Starlette's router on a match
    if template in READ_ROUTES:
        return READ
    if (template in ENUMERATION_ROUTES and request.method == "GET") or template in BULK_LOOKUP_ROUTES:
        return ENUMERATION
    return API


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def limit_address(request: Request) -> None:
    """Per client address and route class; runs before the caller is authenticated."""
    limits = limits_of(request)
    if limits is not None:
        kind = route_class(request)
        limits.hit(limits.by_class[kind], "address", kind, client_address(request))


async def limit_caller(request: Request, caller: Annotated[Caller, Depends(get_caller)]) -> None:
    """Per token and per organisation, across routes; bulk enumeration also counts per token at its own rate."""
    limits = limits_of(request)
    if limits is None or not caller.authenticated:
        return
    limits.hit(limits.token, "token", str(caller.token_id))
    if route_class(request) == ENUMERATION:
        limits.hit(limits.by_class[ENUMERATION], "token-enumeration", str(caller.token_id))
    if caller.organisation:
        limits.hit(limits.organisation, "organisation", caller.organisation)


#: App-wide dependencies, in order: the address first (before any token is checked), then the caller.
RATE_LIMITS = [Depends(limit_address), Depends(limit_caller)]
