"""The page's verdict line: the one policy per ETag, naming the failed check, and re-checking the validity period
on every render (issue 14, point 3: an expired passport stops being called verified without a new version)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

import passport
from api.signature import validity_state, verdict
from passport.keys import generate_key_pair
from passport.trust import TrustSources

OFFLINE = TrustSources()


def _stored(credential: dict) -> tuple[str, str]:
    text = json.dumps(credential, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest(), text


def _signed(**extra: str) -> dict:
    key = generate_key_pair("Ed25519")
    return passport.sign({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                          "issuer": key.controller, "validFrom": "2025-01-01T00:00:00Z", **extra,
                          "credentialSubject": {"id": "urn:uuid:7d9e1f00-1b2c-4d5e-8f90-a1b2c3d4e5f6",
                                                "name": "Pack 1"}}, key)


def test_a_signed_credential_is_verified():
    assert verdict(*_stored(_signed()), OFFLINE).verified


def test_a_tampered_credential_names_the_failed_check():
    credential = _signed()
    credential["credentialSubject"]["name"] = "Pack 2"
    result = verdict(*_stored(credential), OFFLINE)
    assert not result.verified and not result.signature_valid
    assert (result.reason, result.code) == ("signature", "PROOF_VERIFICATION_ERROR")


def test_the_validity_period_is_looked_at_on_every_render():
    etag, text = _stored(_signed(validUntil="2026-06-30T23:59:59Z"))
    before, after = datetime(2026, 6, 1, tzinfo=timezone.utc), datetime(2026, 7, 1, tzinfo=timezone.utc)
    assert validity_state(etag, text, before) == "valid" and validity_state(etag, text, after) == "EXPIRED"
    assert verdict(etag, text, OFFLINE, now=before).verified
    expired = verdict(etag, text, OFFLINE, now=after)  # same ETag, later day: not the cached "verified"
    assert not expired.verified and expired.signature_valid and expired.code == "EXPIRED"
