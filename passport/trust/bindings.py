"""The passport's `relatedResource` digests against the upstream credentials this service holds.

A digest we do not hold is not checked here (the contribution may live with another service; that does not
make the passport unverified: the binding is the issuer's claim, checkable by whoever holds the credential);
a held contribution whose bytes no longer hash to the bound digest fails (DIGEST_MISMATCH).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from passport.citation import digest_sri
from passport.credentials.result import Check
from passport.custody.tables import CustodyCredential

DIGEST_BINDINGS = "digest bindings"


def digest_bindings_check(credential: Any, engine: Engine) -> Check | None:
    """The `relatedResource` digests against the contributions this service holds; None when there are none."""
    related = credential.get("relatedResource") if isinstance(credential, dict) else None
    if not related:
        return None
    entries = related if isinstance(related, list) else [related]
    digests = [e.get("digestSRI") for e in entries if isinstance(e, dict)]
    if not digests or not all(isinstance(d, str) for d in digests):
        return Check(name=DIGEST_BINDINGS, passed=False, code="MALFORMED_VALUE_ERROR",
                     reason="every relatedResource entry needs a digestSRI string")
    with Session(engine) as session:
        rows = session.exec(select(CustodyCredential).where(CustodyCredential.digest_sri.in_(digests))).all()
    held = {row.digest_sri: row.raw for row in rows}
    altered = [d for d, raw in held.items() if digest_sri(raw) != d]
    if altered:
        return Check(name=DIGEST_BINDINGS, passed=False, code="DIGEST_MISMATCH",
                     reason=f"{len(altered)} bound upstream credential(s) held here no longer match their digest")
    missing = len(set(digests) - set(held))
    if missing:
        return Check(name=DIGEST_BINDINGS, passed=None,
                     reason=f"{len(digests) - missing} of {len(digests)} bound upstream credentials are held here "
                     "and match; the others are not held by this service")
    return Check(name=DIGEST_BINDINGS, passed=True,
                 reason=f"all {len(digests)} bound upstream credentials are held here and match their digests")
