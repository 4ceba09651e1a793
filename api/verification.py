"""Verify a presented credential as this service sees it: `passport.verify` with our store plugged in.

The store answers three questions a remote verifier would need the network for: the did:web documents of our
issuers, the status lists we publish (only for entries pointing at this service's `PASSPORT_BASE_URL`), and the
upstream contributions a passport's `relatedResource` digests bind. Nothing here fetches a URL. Like the
library verifier, `verify_presented` returns a result and never raises on a bad credential.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from passport.credentials.result import Check, VerificationResult
from passport.credentials.verify import verify
from passport.settings import Settings

DIGEST_BINDINGS = "digest bindings"


def digest_bindings_check(credential: Any, engine: Engine) -> Check | None:
    """The `relatedResource` digests against the contributions this service holds; None when there are none.

    A digest we do not hold is "not checked" (the contribution may live with another service); a held
    contribution whose bytes no longer hash to the bound digest fails.
    """
    from passport.custody.credential import digest_sri
    from passport.custody.tables import CustodyCredential

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


def verify_presented(credential: Any, engine: Engine, settings: Settings) -> VerificationResult:
    """`passport.verify` with did:web issuers and status lists from the store, plus the digest bindings."""
    from passport.dids import resolve_verification_method
    from passport.lifecycle import signer_for_issuer, status_checker_for

    result = verify(credential, resolver=partial(resolve_verification_method, store=engine),
                    status_checker=status_checker_for(credential, engine, settings.base_url,
                                                      signer_for_issuer(engine, settings)))
    try:
        binding = digest_bindings_check(credential, engine)
    except SQLAlchemyError:  # a verifier returns, it does not raise
        binding = Check(name=DIGEST_BINDINGS, passed=None, reason="the bound digests could not be looked up")
    if binding is None:
        return result
    return VerificationResult(verified=result.verified and binding.passed is not False,
                              checks=[*result.checks, binding], proofs=result.proofs, format=result.format)
