"""Fixtures for the JSON-LD layer: a loader with the W3C test-only contexts, the vector folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from passport.jsonld import DocumentLoader

# Contexts the W3C vectors use that the product does not ship (test-only; vendored in tests/vectors/contexts).
TEST_CONTEXTS = {
    "https://www.w3.org/ns/credentials/examples/v2": "credentials-examples-v2.jsonld",
    "https://www.w3.org/2018/credentials/examples/v1": "credentials-examples-v1.jsonld",
    "https://w3id.org/citizenship/v4rc1": "citizenship-v4rc1.jsonld",
    "https://www.w3.org/ns/credentials/undefined-terms/v2": "credentials-undefined-terms-v2.jsonld",
}


@pytest.fixture(scope="session")
def contexts_dir(vectors_dir: Path) -> Path:
    return vectors_dir / "contexts"


@pytest.fixture(scope="session")
def test_loader(contexts_dir: Path) -> DocumentLoader:
    """The shipped contexts plus the W3C example contexts the test vectors need."""
    return DocumentLoader(extra={url: json.loads((contexts_dir / name).read_text(encoding="utf-8"))
                                 for url, name in TEST_CONTEXTS.items()})


@pytest.fixture(scope="session")
def rdf_canon_dir(vectors_dir: Path) -> Path:
    return vectors_dir / "rdf-canon-tests"
