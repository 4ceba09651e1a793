"""W3C ecdsa-sd-2023 vectors (prc and employ cases) and the test-only contexts they need."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from passport.jsonld import DocumentLoader

TEST_CONTEXTS = {
    "https://w3id.org/citizenship/v4rc1": "citizenship-v4rc1.jsonld",
    "https://www.w3.org/ns/credentials/examples/v2": "credentials-examples-v2.jsonld",
}


@pytest.fixture(scope="session")
def test_loader(vectors_dir: Path) -> DocumentLoader:
    contexts = vectors_dir / "contexts"
    return DocumentLoader(extra={url: json.loads((contexts / name).read_text()) for url, name in TEST_CONTEXTS.items()})


class SdCase:
    """One vector case: its folder of intermediate values and the pointers it used."""

    def __init__(self, root: Path, name: str):
        self.name = name
        self.dir = root / "ecdsa-sd-2023" / name
        prefix = "prCred" if name == "prc" else "employ"
        self.mandatory_pointers: list[str] = json.loads((root / f"{prefix}Mandatory.json").read_text())
        self.selective_pointers: list[str] = json.loads((root / f"{prefix}Selective.json").read_text())
        self.keys: dict[str, Any] = json.loads((root / "ecdsa-sd-2023" / "SDKeyMaterial.json").read_text())

    def json(self, name: str) -> Any:
        return json.loads((self.dir / name).read_text())

    def text(self, name: str) -> str:
        return (self.dir / name).read_text()

    @property
    def signed_base(self) -> dict[str, Any]:
        return self.json("addSignedSDBase.json")

    @property
    def unsigned(self) -> dict[str, Any]:
        return {k: v for k, v in self.signed_base.items() if k != "proof"}

    @property
    def issuer_public_key(self) -> str:
        return self.keys["baseKeyPair"]["publicKeyMultibase"]


@pytest.fixture(params=["prc", "employ"])
def sd_case(request: pytest.FixtureRequest, vectors_dir: Path) -> SdCase:
    return SdCase(vectors_dir / "vc-di-ecdsa" / "TestVectors", request.param)
