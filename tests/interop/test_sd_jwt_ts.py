"""SD-JWT VC interop with the OpenWallet Foundation's TypeScript implementation (`@sd-jwt/sd-jwt-vc` 0.19.0, pinned in
package-lock.json, run under Node by js/sdjwt.mjs): theirs verifies ours (signature, disclosures, key binding),
ours verifies theirs, and each refuses the other's tampered output."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from passport.credentials.jose import _b64, _unb64
from passport.keys import generate_key_pair
from passport.keys.multikey import encode_public_key
from passport.registry.issue import build_credential
from passport.sdjwt import VCT, bind, issue_sd_jwt_vc, public_jwk, select_disclosures, verify_sd_jwt
from tests.api.conftest import EXAMPLES
from tests.conftest import need
from tests.interop.peer import INTEROP_DIR, NODE_MODULES, node_executable

pytestmark = pytest.mark.node
SCRIPT = INTEROP_DIR / "js" / "sdjwt.mjs"
AUD, NONCE = "https://verifier.example", "n-8xQ2"


def _ts(request: dict) -> dict:
    need(node_executable() is not None, "Node.js is not installed (needed for the interop tests)")
    need((NODE_MODULES / "@sd-jwt" / "sd-jwt-vc").is_dir(), "run `make interop-deps` (@sd-jwt/sd-jwt-vc missing)")
    done = subprocess.run([node_executable(), str(SCRIPT)], input=json.dumps(request), capture_output=True,
                          text=True, timeout=60, cwd=INTEROP_DIR, check=True)
    return json.loads(done.stdout)


def _private_jwk(key: ec.EllipticCurvePrivateKey) -> dict:
    return {**public_jwk(key.public_key()), "d": _b64(key.private_numbers().private_value.to_bytes(32, "big"))}


@pytest.fixture(scope="module")
def ours():
    issuer, holder = generate_key_pair("P-256"), generate_key_pair("P-256")
    data = json.loads(sorted(EXAMPLES.glob("*.json"))[0].read_text())
    _, credential = build_credential(data, issuer=issuer.controller, base_url="http://testserver",
                                     now=datetime.now(UTC).replace(microsecond=0))
    return issuer, holder, issue_sd_jwt_vc(credential, issuer, holder_jwk=public_jwk(holder.public_key))


def test_theirs_verifies_ours_with_key_binding(ours):
    issuer, holder, sd_jwt = ours
    presented = bind(select_disclosures(sd_jwt, "authority"), holder, audience=AUD, nonce=NONCE)
    answer = _ts({"op": "verify", "sdJwt": presented, "issuerJwk": public_jwk(issuer.public_key), "nonce": NONCE})
    assert answer["ok"], answer
    assert answer["kb"]["aud"] == AUD
    mine = verify_sd_jwt(presented, audience=AUD, nonce=NONCE)
    assert mine.result.verified and answer["payload"] == mine.claims
    assert answer["payload"]["vct"] == VCT and "testReports" in answer["payload"]


def test_theirs_refuses_our_tampered_output(ours):
    issuer, holder, sd_jwt = ours
    presented = bind(select_disclosures(sd_jwt, "public"), holder, audience=AUD, nonce=NONCE)
    jws, rest = presented.split("~", 1)
    header, payload, signature = jws.split(".")
    forged = _b64(json.dumps({**json.loads(_unb64(payload)), "iss": "did:key:zForged"}).encode())
    answer = _ts({"op": "verify", "sdJwt": f"{header}.{forged}.{signature}~{rest}",
                  "issuerJwk": public_jwk(issuer.public_key), "nonce": NONCE})
    assert not answer["ok"]
    wrong_nonce = _ts({"op": "verify", "sdJwt": presented, "issuerJwk": public_jwk(issuer.public_key),
                       "nonce": "other"})
    assert not wrong_nonce["ok"]


@pytest.fixture(scope="module")
def theirs():
    issuer_key, holder_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    did = "did:key:" + encode_public_key(issuer_key.public_key())
    answer = _ts({"op": "issue", "issuerJwk": _private_jwk(issuer_key), "holderJwk": _private_jwk(holder_key),
                  "kid": f"{did}#{did.split(':')[-1]}", "aud": AUD, "nonce": NONCE,
                  "claims": {"iss": did, "vct": VCT, "iat": int(datetime.now(UTC).timestamp()),
                             "batteryCategory": "industrial",
                             "manufacturerInformation": {"name": "Their Maker", "country": "DE"}},
                  "disclosureFrame": {"_sd": ["batteryCategory", "manufacturerInformation"],
                                      "manufacturerInformation": {"_sd": ["name", "country"]}},
                  "presentationFrame": {"batteryCategory": True, "manufacturerInformation": {"name": True}}})
    assert answer["ok"], answer
    return answer["presentation"]


def test_ours_verifies_theirs(theirs):
    outcome = verify_sd_jwt(theirs, audience=AUD, nonce=NONCE)
    assert outcome.result.verified, outcome.result.summary()
    assert outcome.claims["batteryCategory"] == "industrial"
    assert outcome.claims["manufacturerInformation"] == {"name": "Their Maker"}


def test_ours_refuses_their_tampered_output(theirs):
    jws, *disclosures, kb = theirs.split("~")
    salt, name, _ = json.loads(_unb64(disclosures[0]))
    forged = _b64(json.dumps([salt, name, "forged"]).encode())
    failed = {c.name for c in verify_sd_jwt("~".join([jws, forged, *disclosures[1:], kb]), audience=AUD,
                                            nonce=NONCE).result.errors}
    assert failed == {"disclosures", "key binding"}
