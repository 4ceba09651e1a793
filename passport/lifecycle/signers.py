"""Open the signing key of an issuer DID held in the key store (status lists are signed by the passport's issuer)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from passport.errors import NotFoundError
from passport.keys import Signer
from passport.keys.keystore import ACTIVE, load_issuer_signer
from passport.keys.tables import IssuerKey
from passport.settings import Settings


def signer_for_issuer(engine: Engine, settings: Settings | None = None) -> Callable[[str], Signer]:
    """A function DID -> the active key of that DID (cached per call site); NotFoundError without one."""
    cache: dict[str, Signer] = {}

    def find(issuer: str) -> Signer:
        if issuer in cache:
            return cache[issuer]
        with Session(engine) as session:
            row = session.exec(select(IssuerKey).where(IssuerKey.controller == issuer, IssuerKey.status == ACTIVE)
                               .order_by(col(IssuerKey.created_at).desc())).first()
        if row is None:
            raise NotFoundError("no active key of this issuer is held here", code="NO_ACTIVE_KEY",
                                details={"issuer": issuer})
        cache[issuer] = load_issuer_signer(engine, row.organisation_id, suite=row.suite, settings=settings)
        return cache[issuer]

    return find
