"""The page's "signature verified" line: a verdict per ETag, naming the failed check when there is one."""

from __future__ import annotations

import hashlib
import json

import passport
from api.signature import verdict
from passport.keys import generate_key_pair


def _stored(credential: dict) -> tuple[str, str]:
    text = json.dumps(credential, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest(), text


def _signed() -> dict:
    key = generate_key_pair("Ed25519")
    return passport.sign({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                          "issuer": key.controller, "validFrom": "2025-01-01T00:00:00Z",
                          "credentialSubject": {"id": "urn:uuid:7d9e1f00-1b2c-4d5e-8f90-a1b2c3d4e5f6",
                                                "name": "Pack 1"}}, key)


def test_a_signed_credential_is_verified():
    assert verdict(*_stored(_signed())).verified


def test_a_tampered_credential_names_the_failed_check():
    credential = _signed()
    credential["credentialSubject"]["name"] = "Pack 2"
    result = verdict(*_stored(credential))
    assert not result.verified and result.reason == "signature"
