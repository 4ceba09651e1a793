"""Key material from the W3C vectors: (algorithm, public Multikey, secret Multikey, source file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def _key_pairs(vectors_dir: Path) -> list[tuple[str, str, str, str]]:
    eddsa = vectors_dir / "vc-di-eddsa" / "TestVectors"
    ecdsa = vectors_dir / "vc-di-ecdsa" / "TestVectors"
    pairs = []
    ed = json.loads((eddsa / "keyPair.json").read_text())
    pairs.append(("Ed25519", ed["publicKeyMultibase"], ed["privateKeyMultibase"], "vc-di-eddsa/keyPair.json"))
    for name, algorithm in (("p256KeyPair.json", "P-256"), ("p384KeyPair.json", "P-384")):
        kp = json.loads((ecdsa / name).read_text())
        pairs.append((algorithm, kp["publicKeyMultibase"], kp["secretKeyMultibase"], f"vc-di-ecdsa/{name}"))
    sd = json.loads((ecdsa / "ecdsa-sd-2023" / "SDKeyMaterial.json").read_text())
    for role in ("baseKeyPair", "proofKeyPair"):
        pairs.append(("P-256", sd[role]["publicKeyMultibase"], sd[role]["secretKeyMultibase"], f"SDKeyMaterial/{role}"))
    return pairs


@pytest.fixture(scope="session")
def vector_key_pairs(vectors_dir: Path) -> list[tuple[str, str, str, str]]:
    pairs = _key_pairs(vectors_dir)
    assert len(pairs) == 5
    return pairs
