"""Opt-in (`passport verify --fetch-status`): dereference a `statusListCredential` URL for an online verifier.

Only `https://` (plain `http://` only when the host is a loopback address, for tests and local services), no
redirects, at most `MAX_BYTES` read and `TIMEOUT` seconds per request. The list is returned as JSON and then
verified like any supplied list (its own signature, its issuer, its purpose) before its bits are believed; a
list that cannot be fetched leaves the status unchecked (STATUS_NOT_CHECKED), never presumed valid.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

MAX_BYTES = 2_000_000
TIMEOUT = 10.0
MEDIA_TYPES = "application/vc+ld+json, application/ld+json;q=0.9, application/json;q=0.8"


def _loopback(host: str | None) -> bool:
    if host is None:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed(url: str) -> bool:
    """https, or http to a loopback host."""
    parts = urlsplit(url)
    return bool(parts.hostname) and (parts.scheme == "https" or (parts.scheme == "http" and _loopback(parts.hostname)))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:  # a list moved elsewhere is not followed
        return None


def _read_bounded(response: Any, max_bytes: int, deadline: float) -> bytes | None:
    """The body, or None once it passes `max_bytes` or the deadline (the socket timeout bounds each read)."""
    chunks, size = [], 0
    while chunk := response.read(65_536):
        size += len(chunk)
        if size > max_bytes or time.monotonic() > deadline:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_status_list(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> dict[str, Any] | None:
    """The JSON object at `url`, or None (not allowed, unreachable, too large, not a JSON object)."""
    if not allowed(url):
        log.warning("status list not fetched: only https (or http to loopback) is allowed", extra={"url": url})
        return None
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Accept": MEDIA_TYPES})
    try:
        with opener.open(request, timeout=timeout) as response:
            if response.status != 200:
                return None
            body = _read_bounded(response, max_bytes, time.monotonic() + timeout)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        log.warning("status list not fetched: %s", type(exc).__name__, extra={"url": url})
        return None
    if body is None:
        log.warning("status list not fetched: larger than %d bytes or slower than %s s", max_bytes, timeout,
                    extra={"url": url})
        return None
    try:
        document = json.loads(body)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None
