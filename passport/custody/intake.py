"""Contributions intake: one signed DTE credential in, its events applied to the chain, all or nothing.

1. parse the bytes; 2. verify the signature; 3. the issuer signed with its own key and speaks for the party that
acts in each event (its DID is the party's, or a delegated agent's); 4. in one transaction: keep the signed
original byte-for-byte, apply each event through the custody rules (an error finding refuses the whole
credential) and write the effects. One credential is a batch of one: the path is `bulk.apply_parsed`, so single
and bulk intake cannot drift apart (SQLite: the first statement is a write, which takes the write lock before any
state is read; PostgreSQL: the rows the credential touches are locked `FOR UPDATE` before they are read).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from passport.citation import digest_sri
from passport.custody.bulk import (
    Receipt,
    Submission,
    Verifier,
    _default_verifier,
    _parse,
    _Parsed,
    apply_parsed,
)
from passport.custody.state import SiteStatus, no_status

__all__ = ["Receipt", "Verifier", "record", "submit"]


def submit(engine: Engine, raw: bytes, *, verify: Verifier = _default_verifier,
           site_status: SiteStatus = no_status, source: str | None = None, submitter: str | None = None) -> Receipt:
    """Verify and apply one signed contribution. Raises InputError (bad bytes, bad signature, not allowed) or
    ConflictError (the events contradict the chain); nothing is written unless everything holds.

    `submitter` is the party a contributor token is bound to: the credential must then be signed by that party or
    one of its delegates, and every party acting in its events must be that party or one it is a delegate of
    (AccessDeniedError `NOT_SUBMITTERS_PARTY` otherwise)."""
    items = _parse([Submission(source, raw)], verify, workers=0, batch=False)
    return apply_parsed(engine, items, site_status=site_status, submitter=submitter, batch=False)[0]


def record(engine: Engine, raw: bytes, credential: dict[str, Any], events: list[Any], *, issuer: str,
           site_status: SiteStatus = no_status, source: str | None = None, submitter: str | None = None) -> Receipt:
    """Apply already-verified events in one transaction (the trusted half of `submit`)."""
    item = _Parsed(source, raw, digest_sri(raw), credential, issuer, events)
    return apply_parsed(engine, [item], site_status=site_status, submitter=submitter, batch=False)[0]
