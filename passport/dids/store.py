"""The store as a DID document source: an issuer's did:web document built from its stored keys."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import select

from passport.dids.did_web import did_web_document
from passport.keys.keystore import list_issuer_keys
from passport.keys.tables import IssuerKey
from passport.store.engine import session_scope


class StoreDidDocuments(Mapping[str, dict[str, Any]]):
    """DID -> document for every controller with keys in the store (active and retired), read on each lookup."""

    def __init__(self, engine: Engine):
        self._engine = engine

    def __getitem__(self, did: str) -> dict[str, Any]:
        keys = list_issuer_keys(self._engine, controller=did)
        if not keys:
            raise KeyError(did)
        return did_web_document(did, keys)

    def __iter__(self) -> Iterator[str]:
        with session_scope(self._engine) as session:
            controllers = session.exec(select(IssuerKey.controller).distinct().order_by(IssuerKey.controller)).all()
        return iter(list(controllers))

    def __len__(self) -> int:
        return sum(1 for _ in self)
