"""Canonical forms of the W3C vc-di-eddsa / vc-di-ecdsa vectors, byte for byte, and agreement with plain pyld."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyld import jsonld

from passport.jsonld import DocumentLoader, canonicalize, parse_nquads, serialize_nquads, to_rdf

# (suite folder, unsigned document, hash used inside canonicalization)
CASES = [
    ("vc-di-eddsa/TestVectors/eddsa-rdfc-2022", "vc-di-eddsa/TestVectors/unsigned.json", "sha256"),
    ("vc-di-eddsa/TestVectors/eddsa-rdfc-2022/employ", "vc-di-eddsa/TestVectors/employmentAuth.json", "sha256"),
    ("vc-di-eddsa/TestVectors/Ed25519Signature2020", "vc-di-eddsa/TestVectors/unsigned.json", "sha256"),
    ("vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p256", "vc-di-ecdsa/TestVectors/unsigned.json", "sha256"),
    ("vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p256/employ", "vc-di-ecdsa/TestVectors/employmentAuth.json", "sha256"),
    ("vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p384", "vc-di-ecdsa/TestVectors/unsigned.json", "sha384"),
    ("vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p384/employ", "vc-di-ecdsa/TestVectors/employmentAuth.json", "sha384"),
]
IDS = [case[0].split("TestVectors/")[1] for case in CASES]
UNSIGNED = sorted({case[1] for case in CASES} | {"vc-di-ecdsa/TestVectors/prCredUnsigned.json"})


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, f"expected one {pattern} in {folder}"
    return found[0]


@pytest.mark.parametrize(("folder", "unsigned", "hash_algorithm"), CASES, ids=IDS)
def test_canonical_document_matches_the_vector(folder: str, unsigned: str, hash_algorithm: str,
                                               vectors_dir: Path, test_loader: DocumentLoader) -> None:
    expected = _one(vectors_dir / folder, "canonDoc*.txt").read_text(encoding="utf-8")
    got = canonicalize(_load(vectors_dir / unsigned), hash_algorithm=hash_algorithm, loader=test_loader)
    assert got == expected


@pytest.mark.parametrize(("folder", "unsigned", "hash_algorithm"), CASES, ids=IDS)
def test_canonical_proof_configuration_matches_the_vector(folder: str, unsigned: str, hash_algorithm: str,
                                                          vectors_dir: Path, test_loader: DocumentLoader) -> None:
    config = _load(_one(vectors_dir / folder, "proofConfig*.json"))
    expected = _one(vectors_dir / folder, "proofCanon*.txt").read_text(encoding="utf-8")
    assert canonicalize(config, hash_algorithm=hash_algorithm, loader=test_loader) == expected


@pytest.mark.parametrize("unsigned", UNSIGNED)
def test_to_rdf_agrees_with_plain_pyld(unsigned: str, vectors_dir: Path, test_loader: DocumentLoader) -> None:
    document = _load(vectors_dir / unsigned)
    ours = to_rdf(document, loader=test_loader)
    theirs = jsonld.to_rdf(document, {"documentLoader": test_loader, "format": "application/n-quads"})
    assert len(ours) > 5
    assert sorted(ours) == sorted(parse_nquads(theirs))
    assert sorted(serialize_nquads(ours).splitlines()) == sorted(theirs.splitlines())
