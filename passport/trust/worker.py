"""The service's verification policy in a form a worker process can receive (bulk custody intake verifies in
parallel processes): the database URL and the settings travel, not an open engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine

from passport.store.engine import create_store_engine
from passport.trust.policy import TrustSources, verify_credential

_ENGINES: dict[str, Engine] = {}  # one engine per database per worker process


@dataclass(frozen=True)
class StoreVerifier:
    """`verify_credential` with the store's sources (its did:web documents and status lists)."""

    database_url: str
    settings: Any

    def __call__(self, credential: dict[str, Any]) -> Any:
        engine = _ENGINES.get(self.database_url)
        if engine is None:
            engine = _ENGINES[self.database_url] = create_store_engine(self.database_url)
        return verify_credential(credential, TrustSources.for_service(engine, self.settings))
