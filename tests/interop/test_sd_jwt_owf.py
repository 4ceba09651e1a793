"""SD-JWT VC interop with the OpenWallet Foundation's `sd-jwt` (PyPI; the IETF draft's reference implementation,
built on jwcrypto): theirs verifies ours (issuer signature, disclosures, key binding), ours verifies theirs, and
each refuses the other's tampered output. The keys are shared as JWKs; our verifier finds theirs by did:key."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from jwcrypto.jwk import JWK
from jwcrypto.jws import InvalidJWSSignature
from sd_jwt.common import SDObj
from sd_jwt.holder import SDJWTHolder
from sd_jwt.issuer import SDJWTIssuer
from sd_jwt.verifier import SDJWTVerifier

from passport.credentials.jose import _b64, _unb64
from passport.keys import generate_key_pair
from passport.keys.multikey import encode_public_key
from passport.registry.issue import build_credential
from passport.sdjwt import VCT, bind, issue_sd_jwt_vc, public_jwk, select_disclosures, verify_sd_jwt
from tests.api.conftest import EXAMPLES

AUD, NONCE = "https://verifier.example", "n-0S6_WzA2Mj"


@pytest.fixture(scope="module")
def ours():
    issuer, holder = generate_key_pair("P-256"), generate_key_pair("P-256")
    data = json.loads(sorted(EXAMPLES.glob("*.json"))[0].read_text())
    _, credential = build_credential(data, issuer=issuer.controller, base_url="http://testserver",
                                     now=datetime.now(UTC).replace(microsecond=0))
    return issuer, holder, issue_sd_jwt_vc(credential, issuer, holder_jwk=public_jwk(holder.public_key))


def _their_verifier(text: str, issuer_jwk: dict) -> dict:
    return SDJWTVerifier(text, lambda iss, header: JWK(**issuer_jwk), expected_aud=AUD,
                         expected_nonce=NONCE).get_verified_payload()


def test_theirs_verifies_ours_with_key_binding(ours):
    issuer, holder, sd_jwt = ours
    presented = bind(select_disclosures(sd_jwt, "legitimate_interest"), holder, audience=AUD, nonce=NONCE)
    theirs = _their_verifier(presented, public_jwk(issuer.public_key))
    mine = verify_sd_jwt(presented, audience=AUD, nonce=NONCE)
    assert mine.result.verified, mine.result.summary()
    assert theirs == mine.claims  # the same claims, unpacked by two implementations
    assert "batteryStatus" in theirs["generalProductInformation"]
    public = _their_verifier(bind(select_disclosures(sd_jwt, "public"), holder, audience=AUD, nonce=NONCE),
                             public_jwk(issuer.public_key))
    assert "batteryStatus" not in public["generalProductInformation"]


def test_theirs_refuses_our_tampered_output(ours):
    issuer, holder, sd_jwt = ours
    presented = bind(select_disclosures(sd_jwt, "public"), holder, audience=AUD, nonce=NONCE)
    jws, rest = presented.split("~", 1)
    header, payload, signature = jws.split(".")
    claims = json.loads(_unb64(payload))
    forged = f"{header}.{_b64(json.dumps({**claims, 'vct': 'other'}).encode())}.{signature}"
    with pytest.raises(InvalidJWSSignature):
        _their_verifier(f"{forged}~{rest}", public_jwk(issuer.public_key))
    intruder = bind(select_disclosures(sd_jwt, "public"), generate_key_pair("P-256"), audience=AUD, nonce=NONCE)
    with pytest.raises(InvalidJWSSignature):
        _their_verifier(intruder, public_jwk(issuer.public_key))


@pytest.fixture(scope="module")
def theirs():
    issuer_key = JWK.generate(kty="EC", crv="P-256")
    holder_key = JWK.generate(kty="EC", crv="P-256")
    did = "did:key:" + encode_public_key(issuer_key.get_op_key("verify"))
    claims = {"iss": did, "vct": VCT, "iat": int(datetime.now(UTC).timestamp()),
              SDObj("batteryCategory"): "industrial", SDObj("manufacturerInformation"): {
                  SDObj("name"): "Their Maker", SDObj("country"): "DE"}}
    issued = SDJWTIssuer(claims, issuer_key, holder_key=holder_key, sign_alg="ES256",
                         extra_header_parameters={"typ": "dc+sd-jwt", "kid": f"{did}#{did.split(':')[-1]}"})
    holder = SDJWTHolder(issued.sd_jwt_issuance)
    holder.create_presentation({"batteryCategory": True, "manufacturerInformation": {"name": True}}, NONCE, AUD,
                               holder_key, "ES256")
    return holder.sd_jwt_presentation


def test_ours_verifies_theirs(theirs):
    outcome = verify_sd_jwt(theirs, audience=AUD, nonce=NONCE)
    assert outcome.result.verified, outcome.result.summary()
    assert outcome.claims["batteryCategory"] == "industrial"
    assert outcome.claims["manufacturerInformation"] == {"name": "Their Maker"}  # country not disclosed


def test_ours_refuses_their_tampered_output(theirs):
    jws, *disclosures, kb = theirs.split("~")
    salt, name, value = json.loads(_unb64(disclosures[0]))
    forged = _b64(json.dumps([salt, name, "forged"]).encode())
    tampered = "~".join([jws, forged, *disclosures[1:], kb])
    failed = sorted({c.name for c in verify_sd_jwt(tampered, audience=AUD, nonce=NONCE).result.errors})
    assert failed == ["disclosures", "key binding"]  # unreferenced disclosure, and sd_hash no longer matches
    assert not verify_sd_jwt(theirs, audience=AUD, nonce="another").result.verified
