"""The example chain-of-custody credentials (`passport/application/demo/custody`) against the reference implementations.

Each contribution of the synthetic cobalt and 3T chains is a UNTP Digital Traceability Event credential
(VC 2.0 context, the UNTP DTE context, then our `bp:` extension context; issuer as a CredentialIssuer object): EPCIS events with quantity lists, lot contents and JSON floats, tens to hundreds
of quads, many look-alike blank nodes. Actors sign them with their own keys; any verifier must accept them.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

import passport
from passport.application.demo.custody.chains import all_contributions
from passport.application.demo.custody.world import P
from passport.custody.credential import event_credential
from passport.custody.untp_model import check_dte
from passport.keys import KeyPair, generate_key_pair
from tests.interop.peer import JsPeer

pytestmark = pytest.mark.node

VALID_FROM = datetime(2026, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 12, 1, tzinfo=UTC)
NOW_TEXT = "2026-12-01T00:00:00Z"
CREATED = "2026-01-01T00:00:00Z"
CONTRIBUTIONS = all_contributions()


def _credential(index: int, issuer: str) -> dict[str, Any]:
    return event_credential(CONTRIBUTIONS[index].events, issuer=issuer, credential_id=f"urn:uuid:custody-{index}",
                            issuer_name=P[CONTRIBUTIONS[index].signer].name, valid_from=VALID_FROM)


def _multikey(key: KeyPair) -> dict[str, str]:
    return {"publicKeyMultibase": key.public_key_multibase, "secretKeyMultibase": key.secret_key_multibase()}


def _change_a_quantity(credential: dict[str, Any]) -> None:
    for event in credential["credentialSubject"]:
        for name in ("quantityList", "inputQuantityList", "outputQuantityList", "childQuantityList"):
            if event.get(name):
                event[name][0]["quantity"] = event[name][0]["quantity"] + 0.5
                return
    raise AssertionError("no quantity to change")


@pytest.fixture(scope="module")
def ed25519() -> KeyPair:
    return generate_key_pair("Ed25519")


@pytest.fixture(scope="module")
def p256() -> KeyPair:
    return generate_key_pair("P-256")


def test_the_example_chains_have_contributions() -> None:
    assert len(CONTRIBUTIONS) >= 10


@pytest.mark.parametrize("index", range(len(CONTRIBUTIONS)))
def test_custody_credential_canonicalizes_as_reference(js: JsPeer, index: int) -> None:
    credential = _credential(index, "did:example:actor")
    assert passport.canonicalize(credential) == js.canonize(credential)


@pytest.mark.parametrize("index", range(len(CONTRIBUTIONS)))
def test_our_custody_credential_verifies_in_reference(js: JsPeer, ed25519: KeyPair, index: int) -> None:
    signed = passport.sign(_credential(index, ed25519.controller), ed25519, created=CREATED)
    check_dte(signed)  # the credential Digital Bazaar verifies is a conformant UNTP DTE
    result = js.verify(signed, now=NOW_TEXT)
    assert result["verified"], result["errors"]
    tampered = copy.deepcopy(signed)
    _change_a_quantity(tampered)
    assert not js.verify(tampered, now=NOW_TEXT)["verified"]


@pytest.mark.parametrize("index", range(len(CONTRIBUTIONS)))
def test_reference_custody_credential_verifies_with_ours(js: JsPeer, p256: KeyPair, index: int) -> None:
    signed = js.sign(_credential(index, p256.controller), _multikey(p256), suite="ecdsa-rdfc-2019", created=CREATED)
    result = passport.verify(signed, now=NOW)
    assert result.verified, [(check.name, check.reason) for check in result.errors]
    tampered = copy.deepcopy(signed)
    _change_a_quantity(tampered)
    assert not passport.verify(tampered, now=NOW).verified
