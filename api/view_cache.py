"""A short-lived in-process cache of resolved passport views: the QR scan's hot path without a store round trip.

A version never changes, so `/versions/{n}` lookups are cached until evicted. The newest version of a passport
can change when its issuer posts a new one: those lookups live `LATEST_TTL` seconds, far below the
`Cache-Control: max-age=60` the responses already allow any client to reuse them for, and this worker drops
them at once when it stores a new version (`invalidate`). Keys include the access group, so a view is only
ever served to the group it was stored for. A passport's status (revoked, suspended) changes without a new
version, so it is cached apart, `LATEST_TTL` seconds for every version. One cache per app (`for_app`).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from threading import Lock
from typing import Any

from passport.registry import ResolvedView

LATEST_TTL = 1.0
MAX_ENTRIES = 4096

Key = tuple[str, str, int | None]


class ViewCache:
    def __init__(self, *, ttl: float = LATEST_TTL, max_entries: int = MAX_ENTRIES):
        self.ttl, self.max_entries = ttl, max_entries
        self._entries: OrderedDict[Key, tuple[float, ResolvedView]] = OrderedDict()
        self._states: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._lock = Lock()

    def get(self, identifier: str, access_group: str, version: int | None) -> ResolvedView | None:
        key = (identifier, access_group, version)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            now = time.monotonic()
            if entry[0] < now:
                # Single flight: this caller refreshes; the others keep the stale view for one more period
                # instead of all hitting the store at once (no herd every `ttl` seconds under load).
                self._entries[key] = (now + self.ttl, entry[1])
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, view: ResolvedView, version: int | None) -> None:
        key = (view.identifier, view.access_group, version)
        expires = time.monotonic() + self.ttl if version is None else float("inf")
        with self._lock:
            self._entries[key] = (expires, view)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def get_state(self, identifier: str) -> str | None:
        """The passport's status ("active", "suspended", "revoked") if looked up less than `ttl` ago."""
        with self._lock:
            entry = self._states.get(identifier)
            if entry is None:
                return None
            now = time.monotonic()
            if entry[0] < now:  # single flight, as for views
                self._states[identifier] = (now + self.ttl, entry[1])
                return None
            return entry[1]

    def put_state(self, identifier: str, state: str) -> None:
        with self._lock:
            self._states[identifier] = (time.monotonic() + self.ttl, state)
            self._states.move_to_end(identifier)
            while len(self._states) > self.max_entries:
                self._states.popitem(last=False)

    def invalidate(self, identifier: str) -> None:
        """Forget the newest-version lookups and the status of `identifier` (after this worker changed it)."""
        with self._lock:
            for key in [k for k in self._entries if k[0] == identifier and k[2] is None]:
                del self._entries[key]
            self._states.pop(identifier, None)


def for_app(app: Any) -> ViewCache:
    """The app's cache, made by `create_app` before the first request (never lazily, so two threads of the
    first requests cannot each make one)."""
    return app.state.view_cache  # type: ignore[no-any-return]
