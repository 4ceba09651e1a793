"""Fixtures for credentials: a loader with the W3C test-only contexts, a fixed clock, keys, a signed example."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from passport.jsonld import DocumentLoader
from passport.keys import KeyPair, generate_key_pair

# Contexts the W3C vectors use that the product does not ship (test-only; vendored in tests/vectors/contexts).
TEST_CONTEXTS = {
    "https://www.w3.org/ns/credentials/examples/v2": "credentials-examples-v2.jsonld",
    "https://w3id.org/citizenship/v4rc1": "citizenship-v4rc1.jsonld",
}
NOW = datetime(2024, 6, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="session")
def loader(vectors_dir: Path) -> DocumentLoader:
    """The shipped contexts plus the W3C example contexts the vectors need."""
    return DocumentLoader(extra={url: json.loads((vectors_dir / "contexts" / name).read_text(encoding="utf-8"))
                                 for url, name in TEST_CONTEXTS.items()})


@pytest.fixture(scope="session")
def eddsa_dir(vectors_dir: Path) -> Path:
    return vectors_dir / "vc-di-eddsa" / "TestVectors"


@pytest.fixture(scope="session")
def ecdsa_dir(vectors_dir: Path) -> Path:
    return vectors_dir / "vc-di-ecdsa" / "TestVectors"


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session", params=["Ed25519", "P-256", "P-384"])
def key(request: pytest.FixtureRequest) -> KeyPair:
    """A fresh did:key for each algorithm."""
    return generate_key_pair(request.param)


@pytest.fixture(scope="session")
def ed_key() -> KeyPair:
    return generate_key_pair("Ed25519")


def suite_for(key: KeyPair) -> str:
    return "eddsa-rdfc-2022" if key.algorithm == "Ed25519" else "ecdsa-rdfc-2019"


def battery_credential(issuer: str) -> dict[str, Any]:
    """A small credential in the examples vocabulary, with an ordered list, a number and a nested object."""
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "id": "urn:uuid:0b7f0d2e-4f5c-4b8e-9a57-6c1e2d9f3a10",
        "type": ["VerifiableCredential", "BatteryPassportCredential"],
        "issuer": issuer,
        "validFrom": "2024-01-01T00:00:00Z",
        "validUntil": "2034-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "https://id.example/01/09506000134352/21/BAT-0001",
            "batteryCategory": "electric vehicle battery",
            "ratedCapacity": 75,
            "manufacturer": {"id": "did:example:maker", "name": "Example Cells GmbH"},
            "cellChemistry": ["NMC811", "graphite"],
            "lifecycleSteps": {"@list": ["cell production", "module assembly", "pack assembly"]},
        },
    }


@pytest.fixture
def signed(ed_key: KeyPair, loader: DocumentLoader) -> dict[str, Any]:
    """The example credential signed with eddsa-rdfc-2022 by its issuer's did:key."""
    from passport.credentials import sign

    return sign(battery_credential(ed_key.controller), ed_key, loader=loader, created="2024-02-01T00:00:00Z")
