"""The enveloped `vc+jwt` form (VC-JOSE-COSE §3.1.1): create, verify, and every tamper we can think of."""

from __future__ import annotations

import base64
import json

import pytest

from passport.credentials import envelope, sign_enveloped, sign_jwt, verify
from passport.credentials import result as r
from passport.keys import generate_key_pair
from tests.credentials.conftest import NOW, battery_credential


def _parts(jws: str) -> list[str]:
    return jws.split(".")


def _decode(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _encode(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def test_header_names_alg_kid_typ_and_cty(key, loader):
    jws = sign_jwt(battery_credential(key.controller), key, loader=loader)
    header = _decode(_parts(jws)[0])
    assert header == {"alg": {"Ed25519": "EdDSA", "P-256": "ES256", "P-384": "ES384"}[key.algorithm],
                      "kid": key.id, "typ": "vc+jwt", "cty": "vc"}
    assert _decode(_parts(jws)[1]) == battery_credential(key.controller)


def test_enveloped_credential_is_a_data_url(ed_key, loader):
    enveloped = sign_enveloped(battery_credential(ed_key.controller), ed_key, loader=loader)
    assert enveloped["type"] == "EnvelopedVerifiableCredential"
    assert enveloped["id"].startswith("data:application/vc+jwt,ey")
    assert enveloped["@context"] == ["https://www.w3.org/ns/credentials/v2"]


def test_enveloped_and_compact_forms_verify(key, loader):
    jws = sign_jwt(battery_credential(key.controller), key, loader=loader)
    for form in (jws, envelope(jws)):
        result = verify(form, loader=loader, now=NOW)
        assert result.verified, result.summary()
        assert result.format == "vc+jwt"
        assert {c.name for c in result.checks if c.passed} >= {r.SIGNATURE, r.JOSE_HEADER, r.ISSUER_BINDING,
                                                               r.PROOF_PURPOSE, r.ENVELOPE, r.CONTEXT_ALLOWED,
                                                               r.UNDEFINED_TERMS, r.VALIDITY_PERIOD}


def _failed(value, loader) -> set[str]:
    return {c.name for c in verify(value, loader=loader, now=NOW).errors}


def test_tampered_payload_fails(ed_key, loader):
    header, payload, signature = _parts(sign_jwt(battery_credential(ed_key.controller), ed_key, loader=loader))
    claims = _decode(payload)
    claims["credentialSubject"]["ratedCapacity"] = 76
    assert _failed(f"{header}.{_encode(claims)}.{signature}", loader) == {r.SIGNATURE}


def test_tampered_header_fails(ed_key, loader):
    header, payload, signature = _parts(sign_jwt(battery_credential(ed_key.controller), ed_key, loader=loader))
    changed = {**_decode(header), "x5u": "https://evil.example/"}
    assert _failed(f"{_encode(changed)}.{payload}.{signature}", loader) == {r.SIGNATURE}


def test_swapped_kid_fails(ed_key, loader):
    other = generate_key_pair("Ed25519")
    header, payload, signature = _parts(sign_jwt(battery_credential(ed_key.controller), ed_key, loader=loader))
    changed = {**_decode(header), "kid": other.id}
    assert {r.SIGNATURE, r.ISSUER_BINDING} <= _failed(f"{_encode(changed)}.{payload}.{signature}", loader)


@pytest.mark.parametrize("field, value", [("typ", "JWT"), ("alg", "none"), ("alg", "HS256"), ("cty", "json"),
                                          ("crit", ["b64"]), ("alg", 5), ("kid", ["a"]), ("typ", None)])
def test_header_rules(ed_key, loader, field, value):
    header, payload, signature = _parts(sign_jwt(battery_credential(ed_key.controller), ed_key, loader=loader))
    changed = {**_decode(header), field: value}
    assert r.JOSE_HEADER in _failed(f"{_encode(changed)}.{payload}.{signature}", loader)


def test_alg_that_does_not_match_the_key_fails(ed_key, loader):
    header, payload, signature = _parts(sign_jwt(battery_credential(ed_key.controller), ed_key, loader=loader))
    changed = {**_decode(header), "alg": "ES256"}
    assert _failed(f"{_encode(changed)}.{payload}.{signature}", loader) == {r.VERIFICATION_METHOD}


def test_issuer_not_controlling_the_key_fails(ed_key, loader):
    jws = sign_jwt(battery_credential("did:web:someone-else.example"), ed_key, loader=loader)
    assert _failed(jws, loader) == {r.ISSUER_BINDING}


def test_expired_payload_fails(ed_key, loader):
    credential = battery_credential(ed_key.controller)
    credential["validUntil"] = "2024-05-01T00:00:00Z"
    assert _failed(sign_jwt(credential, ed_key, loader=loader), loader) == {r.VALIDITY_PERIOD}


def test_signing_refuses_undefined_terms(ed_key, loader):
    from passport.errors import ProofError

    credential = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                  "issuer": ed_key.controller, "credentialSubject": {"id": "did:example:s", "stateOfHealth": 98}}
    with pytest.raises(ProofError) as info:
        sign_jwt(credential, ed_key, loader=loader)
    assert info.value.details["cause"] == "UNDEFINED_TERM"


@pytest.mark.parametrize(("garbage", "expected"), [
    ("a.b.c", (r.JOSE_HEADER, "PARSING_ERROR")),
    ("eyJ.eyJ.", (r.ENVELOPE, "PARSING_ERROR")),   # no signature part: not a compact JWS, so not JOSE at all
    ({"type": "EnvelopedVerifiableCredential"}, (r.JOSE_HEADER, "PARSING_ERROR")),
    ({"type": "EnvelopedVerifiableCredential", "id": "data:text/plain,hello"}, (r.JOSE_HEADER, "PARSING_ERROR")),
    ("eyJhbGciOiJFZERTQSJ9.bm90IGpzb24.AAAA", (r.JOSE_HEADER, "PARSING_ERROR")),
])
def test_garbage_jws_never_raises_and_names_the_failed_check(garbage, expected, loader):
    result = verify(garbage, loader=loader, now=NOW)
    assert result.verified is False
    assert [(c.name, c.code) for c in result.errors] == [expected]


def test_signature_of_another_key_fails(ed_key, loader):
    other = generate_key_pair("Ed25519")
    header, payload, _ = _parts(sign_jwt(battery_credential(ed_key.controller), ed_key, loader=loader))
    _, _, foreign = _parts(sign_jwt(battery_credential(ed_key.controller), other, loader=loader))
    assert _failed(f"{header}.{payload}.{foreign}", loader) == {r.SIGNATURE}
