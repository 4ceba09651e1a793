"""Fixtures for the interop tests against Digital Bazaar's reference implementations (Node.js).

Locally these tests skip when Node or `tests/interop/node_modules` (`make interop-deps`) is missing; in CI
(`CI` set) they fail instead, like every other service-backed test (see `need()` in tests/conftest.py).
Both sides load the same documents: our shipped `schemas/contexts/index.json` first, then the test-only
contexts of the W3C vectors (`VECTOR_CONTEXTS`), which the Python side gets through `DocumentLoader(extra=...)`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from passport.jsonld import DocumentLoader
from passport.jsonld.loader import shipped_index
from tests.conftest import need
from tests.interop.peer import JsPeer, missing_requirement

REPO = Path(__file__).resolve().parents[2]
SHIPPED_MANIFEST = REPO / "schemas" / "contexts" / "index.json"

# Test-only contexts in tests/vectors/contexts (URL -> file), as listed in its SOURCES.md.
VECTOR_CONTEXTS: dict[str, str] = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://www.w3.org/2018/credentials/v1": "credentials-v1.jsonld",
    "https://www.w3.org/ns/credentials/examples/v2": "credentials-examples-v2.jsonld",
    "https://www.w3.org/2018/credentials/examples/v1": "credentials-examples-v1.jsonld",
    "https://www.w3.org/ns/credentials/undefined-terms/v2": "credentials-undefined-terms-v2.jsonld",
    "https://www.w3.org/ns/credentials/status/v1": "credentials-status-v1.jsonld",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
    "https://w3id.org/security/data-integrity/v1": "data-integrity-v1.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
    "https://w3id.org/security/jwk/v1": "jwk-v1.jsonld",
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
    "https://w3id.org/security/suites/ed25519-2020/v1": "ed25519-2020-v1.jsonld",
    "https://w3id.org/security/suites/x25519-2020/v1": "x25519-2020-v1.jsonld",
    "https://w3id.org/citizenship/v4rc1": "citizenship-v4rc1.jsonld",
}


@pytest.fixture(scope="session")
def vector_contexts_dir(vectors_dir: Path) -> Path:
    return vectors_dir / "contexts"


@pytest.fixture(scope="session")
def vector_contexts(vector_contexts_dir: Path) -> dict[str, dict[str, Any]]:
    """The W3C vectors' contexts as {url: document}, for `passport.jsonld.DocumentLoader(extra=...)`."""
    return {url: json.loads((vector_contexts_dir / name).read_text(encoding="utf-8"))
            for url, name in VECTOR_CONTEXTS.items()}


@pytest.fixture(scope="session")
def loader(vector_contexts: dict[str, dict[str, Any]]) -> DocumentLoader:
    """Our offline loader plus the vectors' test-only contexts: the documents the JS side is given too."""
    shipped = shipped_index()
    return DocumentLoader(extra={url: doc for url, doc in vector_contexts.items() if url not in shipped})


@pytest.fixture(scope="session")
def js(tmp_path_factory: pytest.TempPathFactory, vector_contexts_dir: Path) -> Iterator[JsPeer]:
    """The reference implementations in one Node process for the whole session."""
    reason = missing_requirement()
    need(reason is None, reason or "")
    manifest = tmp_path_factory.mktemp("interop") / "vector-contexts.json"
    manifest.write_text(json.dumps({url: str(vector_contexts_dir / name) for url, name in VECTOR_CONTEXTS.items()}),
                        encoding="utf-8")
    with JsPeer([SHIPPED_MANIFEST, manifest]) as peer:
        yield peer
