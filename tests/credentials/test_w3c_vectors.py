"""Every W3C vc-di-eddsa / vc-di-ecdsa vector, byte for byte, intermediate values included.

For each vector: canonical document, canonical proof configuration, both hashes and the combined hash must
equal the vector's files; Ed25519 signatures are deterministic, so we re-sign and compare the proofValue;
ECDSA signatures are randomized, so we check the vector's signature over our hash data. Finally the signed
vector verifies end to end (its issuer is not the key's controller, so only that binding check fails).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from passport.credentials import CRYPTOSUITES, DataIntegrityProof, sign, verify
from passport.credentials import result as r
from passport.keys import KeyPair, multibase, multikey
from tests.credentials.conftest import NOW, read_json


@dataclass(frozen=True)
class Vector:
    name: str
    family: str  # vc-di-eddsa or vc-di-ecdsa
    folder: str
    tag: str
    unsigned: str
    key_file: str
    suite: str


VECTORS = [
    Vector("eddsa-rdfc-2022", "vc-di-eddsa", "eddsa-rdfc-2022", "DataInt", "unsigned.json", "keyPair.json",
           "eddsa-rdfc-2022"),
    Vector("eddsa-rdfc-2022-employ", "vc-di-eddsa", "eddsa-rdfc-2022/employ", "DataInt", "employmentAuth.json",
           "keyPair.json", "eddsa-rdfc-2022"),
    Vector("Ed25519Signature2020", "vc-di-eddsa", "Ed25519Signature2020", "EdSig", "", "keyPair.json",
           "Ed25519Signature2020"),
    Vector("eddsa-jcs-2022", "vc-di-eddsa", "eddsa-jcs-2022", "JCS", "unsigned.json", "keyPair.json",
           "eddsa-jcs-2022"),
    Vector("ecdsa-rdfc-2019-p256", "vc-di-ecdsa", "ecdsa-rdfc-2019-p256", "ECDSAP256", "unsigned.json",
           "p256KeyPair.json", "ecdsa-rdfc-2019"),
    Vector("ecdsa-rdfc-2019-p256-employ", "vc-di-ecdsa", "ecdsa-rdfc-2019-p256/employ", "ECDSAP256",
           "employmentAuth.json", "p256KeyPair.json", "ecdsa-rdfc-2019"),
    Vector("ecdsa-rdfc-2019-p384", "vc-di-ecdsa", "ecdsa-rdfc-2019-p384", "ECDSAP384", "unsigned.json",
           "p384KeyPair.json", "ecdsa-rdfc-2019"),
    Vector("ecdsa-rdfc-2019-p384-employ", "vc-di-ecdsa", "ecdsa-rdfc-2019-p384/employ", "ECDSAP384",
           "employmentAuth.json", "p384KeyPair.json", "ecdsa-rdfc-2019"),
    Vector("ecdsa-jcs-2019-p256", "vc-di-ecdsa", "ecdsa-jcs-2019-p256", "JCSECDSAP256", "unsigned.json",
           "p256KeyPair.json", "ecdsa-jcs-2019"),
    Vector("ecdsa-jcs-2019-p384", "vc-di-ecdsa", "ecdsa-jcs-2019-p384", "JCSECDSAP384", "unsigned.json",
           "p384KeyPair.json", "ecdsa-jcs-2019"),
]


def test_every_vector_folder_is_covered(vectors_dir: Path):
    """An empty or partial discovery must not pass: each signed rdfc/jcs vector file has a case above."""
    found = set()
    for family in ("vc-di-eddsa", "vc-di-ecdsa"):
        base = vectors_dir / family / "TestVectors"
        found |= {p.parent.relative_to(base).as_posix() for p in base.rglob("signed*.json")
                  if p.parent.name != "proof-set-chain"}  # proof sets and chains: test_proof_sets.py
    assert found == {v.folder for v in VECTORS}
    assert len(VECTORS) >= 10


def _key(root: Path, vector: Vector) -> KeyPair:
    pair = read_json(root / vector.key_file)
    secret = pair.get("privateKeyMultibase") or pair["secretKeyMultibase"]
    return KeyPair.from_multibase(secret, public_key_multibase=pair["publicKeyMultibase"])


def _unsigned(root: Path, vector: Vector) -> dict:
    """The vector's input document; the legacy vector's is its signed document without the proof."""
    if vector.unsigned:
        return read_json(root / vector.unsigned)
    signed = read_json(root / vector.folder / f"signed{vector.tag}.json")
    return {k: v for k, v in signed.items() if k != "proof"}


def _text(folder: Path, stem: str, vector: Vector) -> str:
    return (folder / f"{stem}{vector.tag}.txt").read_text(encoding="utf-8")


@pytest.fixture(params=VECTORS, ids=[v.name for v in VECTORS])
def vector(request: pytest.FixtureRequest) -> Vector:
    return request.param


def test_intermediate_values_match(vector: Vector, vectors_dir: Path, loader):
    root = vectors_dir / vector.family / "TestVectors"
    folder = root / vector.folder
    suite = CRYPTOSUITES[vector.suite]
    key = _key(root, vector)
    config = read_json(folder / f"proofConfig{vector.tag}.json")
    if not suite.proof_context:
        config.pop("@context")  # the RDFC proof configuration takes it from the document
    hashed = DataIntegrityProof(_unsigned(root, vector), loader=loader).hash_data(suite, config, key.algorithm)
    assert hashed.canonical_document.decode() == _text(folder, "canonDoc", vector)
    assert hashed.canonical_proof_config.decode() == _text(folder, "proofCanon", vector)
    assert hashed.document_hash.hex() == _text(folder, "docHash", vector).strip()
    assert hashed.proof_config_hash.hex() == _text(folder, "proofHash", vector).strip()
    assert hashed.value.hex() == _text(folder, "combinedHash", vector).strip()
    signature = bytes.fromhex(_text(folder, "sigHex", vector).strip())
    assert multibase.encode(signature) == _text(folder, "sigBTC58", vector).strip()
    assert multikey.verify_with(key.public_key, hashed.value, signature)


def test_signing_reproduces_the_vector(vector: Vector, vectors_dir: Path, loader):
    """Ed25519 is deterministic: same bytes. ECDSA is randomized: ours differs but verifies the same way."""
    root = vectors_dir / vector.family / "TestVectors"
    folder = root / vector.folder
    expected = read_json(folder / f"signed{vector.tag}.json")
    ours = sign(_unsigned(root, vector), _key(root, vector), suite=vector.suite,
                created=expected["proof"]["created"], loader=loader,
                allow_other_issuer=True)  # the vectors' issuer is https://vc.example/..., not the key's DID
    if _key(root, vector).algorithm == "Ed25519":
        assert ours == expected
    else:
        assert {k: v for k, v in ours["proof"].items() if k != "proofValue"} == \
               {k: v for k, v in expected["proof"].items() if k != "proofValue"}
        assert ours["proof"]["proofValue"] != expected["proof"]["proofValue"]
        assert _signature_verifies(ours, loader)


def _signature_verifies(document, loader) -> bool:
    result = verify(document, loader=loader, now=NOW)
    return [c.passed for c in result.checks if c.name == r.SIGNATURE] == [True]


def test_signed_vector_verifies(vector: Vector, vectors_dir: Path, loader):
    signed = read_json(vectors_dir / vector.family / "TestVectors" / vector.folder / f"signed{vector.tag}.json")
    result = verify(signed, loader=loader, now=NOW)
    failed = {c.name for c in result.errors}
    # The W3C examples' issuers (https://vc.example/..., another did:key) do not control the signing key.
    assert failed == {r.ISSUER_BINDING}
    assert not result.verified
    passed = {c.name for c in result.checks if c.passed}
    assert {r.SIGNATURE, r.CRYPTOSUITE, r.PROOF_PURPOSE, r.VERIFICATION_METHOD, r.ENVELOPE, r.CONTEXT_ALLOWED,
            r.VALIDITY_PERIOD, r.UNDEFINED_TERMS, r.PROOF_FIELDS} <= passed
