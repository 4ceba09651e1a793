"""This service's own status lists as a list source: read from the store, signed as served. The status checker
that uses it (with supplied and, opt-in, fetched lists) is `passport.trust.status_checker_for`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine

from passport.errors import NotFoundError
from passport.lifecycle.statuslist import SignerFor, parse_list_url, published_list
from passport.store.engine import session_scope


def store_list_source(engine: Engine | Callable[[], Engine], base_url: str, signer_for: SignerFor
                      ) -> Callable[[str], dict[str, Any] | None]:
    """url -> the signed list credential, for lists under `base_url/status/`; None for anyone else's.
    `engine` may be a factory, called only when a list of ours is asked for (the CLI opens no store otherwise)."""
    def lookup(url: str) -> dict[str, Any] | None:
        parsed = parse_list_url(url, base_url)
        if parsed is None:
            return None
        store = engine() if callable(engine) else engine
        try:
            with session_scope(store) as session:
                return json.loads(published_list(session, *parsed, signer_for).credential)
        except NotFoundError:
            return None

    return lookup
