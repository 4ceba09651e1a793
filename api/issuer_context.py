"""What every write route of an issuing organisation needs: that the passport is its own, and its signer."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlmodel import Session

from passport.errors import AccessDeniedError, ConflictError, NotFoundError
from passport.keys.keystore import load_issuer_signer
from passport.registry import latest
from passport.registry.issue import SUITE


def require_owner(session: Session, path: str, caller: Any) -> None:
    """Refuses a caller whose organisation does not own the passport at `path` (`NOT_PASSPORT_OWNER`)."""
    stored = latest(session, path)
    if stored.organisation_id != caller.organisation_id:
        raise AccessDeniedError("this passport belongs to another organisation", code="NOT_PASSPORT_OWNER",
                                details={"identifier": path})


def issuer_signer(request: Request, caller: Any) -> Any:
    """The caller's organisation's active issuer key (`NO_ISSUER_KEY` when it has none)."""
    try:
        return load_issuer_signer(request.app.state.engine, caller.organisation_id, suite=SUITE,
                                  settings=request.app.state.settings)
    except NotFoundError as exc:
        raise ConflictError("your organisation has no active issuer key", code="NO_ISSUER_KEY",
                            details={"suite": SUITE}) from exc
