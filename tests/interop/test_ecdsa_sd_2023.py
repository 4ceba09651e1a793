"""ecdsa-sd-2023 in the reference implementation: base proof -> derived disclosure -> verify, all in JS.

This pins the reference side of selective disclosure so that our implementation (passport.disclosure) can be
checked against it in both directions: their base proof -> our derivation -> their verifier, and ours ->
theirs. The cases live in `SD_CASES` (credential, mandatory pointers, selective pointers); see README.md
("Adding a case") for how to add a case or a Python direction. The derivation of the W3C base-proof vector
must reproduce the W3C derived vector byte for byte: derivation has no randomness.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from passport.keys import KeyPair, generate_key_pair
from tests.interop.peer import JsPeer, JsPeerError
from tests.interop.documents import MEASUREMENTS, NOW_TEXT

pytestmark = pytest.mark.node

SD = "vc-di-ecdsa/TestVectors"

# name -> (mandatory pointers, selective pointers, claims of credentialSubject that must be disclosed / withheld)
SD_CASES: dict[str, tuple[list[str], list[str], set[str], set[str]]] = {
    "identity-only": (
        ["/issuer", "/validFrom", "/credentialSubject/id"], ["/credentialSubject/id"],
        {"id"}, {"ratedCapacity", "carbonFootprintPerKWh", "notes", "cells"},
    ),
    "one-claim": (
        ["/issuer", "/validFrom", "/credentialSubject/id"], ["/credentialSubject/ratedCapacity"],
        {"id", "ratedCapacity"}, {"carbonFootprintPerKWh", "notes", "cells", "chemistry"},
    ),
    "floats-and-control-characters": (
        ["/issuer"], ["/credentialSubject/carbonFootprintPerKWh", "/credentialSubject/notes"],
        {"carbonFootprintPerKWh", "notes"}, {"ratedCapacity", "cells"},
    ),
    "array-member": (
        ["/issuer", "/credentialSubject/id"], ["/credentialSubject/cells/1/voltage"],
        {"id", "cells"}, {"ratedCapacity", "notes"},
    ),
    "mandatory-claim": (
        ["/issuer", "/credentialSubject/chemistry"], ["/credentialSubject/expectedCycles"],
        {"chemistry", "expectedCycles"}, {"ratedCapacity", "notes", "cells"},
    ),
}


@pytest.fixture(scope="module")
def p256() -> KeyPair:
    return generate_key_pair("P-256")


def _base(js: JsPeer, key: KeyPair, mandatory: list[str]) -> dict[str, Any]:
    credential = copy.deepcopy(MEASUREMENTS) | {"issuer": key.controller}
    keys = {"publicKeyMultibase": key.public_key_multibase, "secretKeyMultibase": key.secret_key_multibase()}
    return js.sign(credential, keys, suite="ecdsa-sd-2023", mandatory_pointers=mandatory)


@pytest.mark.parametrize("case", list(SD_CASES))
def test_reference_round_trip_discloses_exactly_the_pointers(js: JsPeer, p256: KeyPair, case: str) -> None:
    mandatory, selective, disclosed, withheld = SD_CASES[case]
    base = _base(js, p256, mandatory)
    assert base["proof"]["proofValue"].startswith("u2V0A")  # base proof: CBOR tag 0xd95d00, base64url
    derived = js.derive(base, selective)
    assert derived["proof"]["proofValue"].startswith("u2V0B")  # derived proof: CBOR tag 0xd95d01
    subject = derived["credentialSubject"]
    assert disclosed <= set(subject)
    assert not withheld & set(subject)
    assert derived["issuer"] == p256.controller
    result = js.verify(derived, now=NOW_TEXT)
    assert result["verified"], result["errors"]


def test_reference_rejects_a_changed_disclosed_value(js: JsPeer, p256: KeyPair) -> None:
    mandatory, selective, _, _ = SD_CASES["one-claim"]
    derived = js.derive(_base(js, p256, mandatory), selective)
    derived["credentialSubject"]["ratedCapacity"] = 80.5
    assert not js.verify(derived, now=NOW_TEXT)["verified"]


def test_reference_rejects_a_changed_mandatory_value(js: JsPeer, p256: KeyPair) -> None:
    mandatory, selective, _, _ = SD_CASES["mandatory-claim"]
    derived = js.derive(_base(js, p256, mandatory), selective)
    derived["credentialSubject"]["chemistry"] = "LFP"
    assert not js.verify(derived, now=NOW_TEXT)["verified"]


def test_reference_rejects_an_added_claim(js: JsPeer, p256: KeyPair) -> None:
    mandatory, selective, _, _ = SD_CASES["one-claim"]
    derived = js.derive(_base(js, p256, mandatory), selective)
    derived["credentialSubject"]["notes"] = MEASUREMENTS["credentialSubject"]["notes"]  # withheld, then re-added
    assert not js.verify(derived, now=NOW_TEXT)["verified"]


def test_reference_does_not_verify_a_base_proof(js: JsPeer, p256: KeyPair) -> None:
    """A base proof is for the holder, not for verifiers: only derived proofs verify."""
    result = js.verify(_base(js, p256, ["/issuer"]), now=NOW_TEXT)
    assert not result["verified"]


def test_reference_refuses_to_derive_an_unknown_pointer(js: JsPeer, p256: KeyPair) -> None:
    with pytest.raises(JsPeerError):
        js.derive(_base(js, p256, ["/issuer"]), ["/credentialSubject/doesNotExist"])


def test_reference_derivation_reproduces_w3c_vector(js: JsPeer, vectors_dir: Path) -> None:
    base = json.loads((vectors_dir / SD / "ecdsa-sd-2023/employ/addSignedSDBase.json").read_text(encoding="utf-8"))
    selective = json.loads((vectors_dir / SD / "employSelective.json").read_text(encoding="utf-8"))
    expected = json.loads((vectors_dir / SD / "ecdsa-sd-2023/employ/derivedRevealDocument.json")
                          .read_text(encoding="utf-8"))
    derived = js.derive(base, selective)
    assert derived == expected
    assert js.verify(derived, issuer_binding=False)["verified"]
