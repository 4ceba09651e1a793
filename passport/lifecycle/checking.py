"""Status checks against this service's own lists: the lists it publishes are read from the store (signed as
served), any other list must be supplied by the caller (`passport verify --status-list FILE`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.engine import Engine

from passport.errors import NotFoundError
from passport.lifecycle.statuslist import SignerFor, parse_list_url, published_list
from passport.status import BitstringStatusChecker


def store_list_source(engine: Engine | Callable[[], Engine], base_url: str, signer_for: SignerFor
                      ) -> Callable[[str], dict[str, Any] | None]:
    """url -> the signed list credential, for lists under `base_url/status/`; None for anyone else's.
    `engine` may be a factory, called only when a list of ours is asked for (the CLI opens no store otherwise)."""
    from passport.store.engine import session_scope

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


def store_status_checker(engine: Engine | Callable[[], Engine], base_url: str, signer_for: SignerFor, *,
                         extra_lists: Mapping[str, Mapping[str, Any]] | None = None) -> BitstringStatusChecker:
    """A `StatusChecker` for `passport.verify(status_checker=...)`: our lists from the store, others from
    `extra_lists` (or the `status_lists` argument of verify)."""
    ours = store_list_source(engine, base_url, signer_for)
    supplied = dict(extra_lists or {})

    def lookup(url: str) -> Mapping[str, Any] | None:
        return supplied.get(url) or ours(url)

    return BitstringStatusChecker(lists=lookup)


def status_checker_for(credential: Any, engine: Engine | Callable[[], Engine], base_url: str,
                       signer_for: SignerFor) -> BitstringStatusChecker | None:
    """The store checker when `credential` has an entry in one of this service's lists; None otherwise (then
    only lists the caller supplies count). Shared by `passport verify` and `POST /verify`."""
    status = credential.get("credentialStatus") if isinstance(credential, dict) else None
    entries = status if isinstance(status, list) else [status] if status is not None else []
    if not any(isinstance(e, dict) and parse_list_url(str(e.get("statusListCredential")), base_url) for e in entries):
        return None
    return store_status_checker(engine, base_url, signer_for)
