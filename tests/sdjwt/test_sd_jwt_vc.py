"""The passport as an SD-JWT VC: each level's presentation shows exactly that level's attributes, every tamper
fails by its check, key binding, status; and the OpenWallet Foundation's `sd-jwt` library (an independent
implementation of RFC 9901) verifies ours and issues SD-JWTs ours verifies."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from passport.credentials import sign
from passport.credentials.jose import _b64, _unb64
from passport.keys import generate_key_pair
from passport.model import AccessGroup, project
from passport.registry.issue import build_credential, prepare
from passport.sdjwt import bind, issue_sd_jwt_vc, public_jwk, select_disclosures, verify_sd_jwt
from passport.sdjwt.disclosures import make
from passport.status import Bitstring, status_entry, status_list_credential

from tests.api.conftest import EXAMPLES
BASE = "http://testserver"
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _examples() -> list[dict]:
    files = sorted(EXAMPLES.glob("*.json"))
    assert len(files) >= 2
    return [json.loads(f.read_text()) for f in files]


@pytest.fixture(scope="module")
def issuer():
    return generate_key_pair("P-256")


@pytest.fixture(scope="module")
def holder():
    return generate_key_pair("P-256")


@pytest.fixture(scope="module", params=range(2), ids=["example-0", "example-1"])
def issued(request, issuer, holder):
    data = _examples()[request.param]
    _, credential = build_credential(data, issuer=issuer.controller, base_url=BASE, now=NOW)
    return data, credential, issue_sd_jwt_vc(credential, issuer, holder_jwk=public_jwk(holder.public_key), now=NOW)


def _failed(result) -> list[str]:
    return sorted({c.name for c in result.errors})


@pytest.mark.parametrize("level", [g.value for g in AccessGroup])
def test_each_level_sees_exactly_its_projection(issued, level):
    data, credential, sd_jwt = issued
    outcome = verify_sd_jwt(select_disclosures(sd_jwt, level), now=NOW)
    assert outcome.result.verified, outcome.result.summary()
    _, passport = prepare(data, BASE)
    expected = project(passport, level)  # the model's own projection: the oracle for what the level sees
    shown = {k: v for k, v in outcome.claims.items() if k not in ("iss", "iat", "nbf", "vct", "sub", "cnf", "status")}
    expected = json.loads(json.dumps(expected, default=str))
    assert outcome.claims["sub"] == expected.pop("id")  # the battery, as `sub`
    assert shown == expected
    assert outcome.claims["iss"] == credential["issuer"]


def test_every_attribute_is_its_own_disclosure(issued):
    _, credential, sd_jwt = issued
    disclosures = sd_jwt.split("~")[1:-1]
    names = [json.loads(_unb64(d))[1] for d in disclosures]
    subject = credential["credentialSubject"]
    assert set(subject) - {"id", "type"} <= set(names)
    assert len(disclosures) > len(subject)  # nested attributes too
    assert sd_jwt.endswith("~") and sd_jwt.count(".") >= 2


def test_tampering_fails_by_its_check(issued, issuer):
    _, _, sd_jwt = issued
    jws, *disclosures, _ = sd_jwt.split("~")
    header, payload, signature = jws.split(".")
    claims = json.loads(_unb64(payload))
    forged_payload = _b64(json.dumps({**claims, "iss": "did:key:zForged"}).encode())
    forged_jws = f"{header}.{forged_payload}.{signature}"
    assert _failed(verify_sd_jwt("~".join([forged_jws, *disclosures]) + "~", now=NOW).result) == [
        "signature", "verification method bound to issuer"]
    salt, name, value = json.loads(_unb64(disclosures[0]))
    forged = make(name, "forged", salt=salt).encoded
    assert _failed(verify_sd_jwt("~".join([jws, forged, *disclosures[1:]]) + "~", now=NOW).result) == ["disclosures"]
    doubled = "~".join([jws, *disclosures, disclosures[0]]) + "~"
    assert _failed(verify_sd_jwt(doubled, now=NOW).result) == ["disclosures"]
    early = verify_sd_jwt(sd_jwt, now=NOW - timedelta(days=1))  # before its validFrom (nbf)
    assert _failed(early.result) == ["validFrom/validUntil"]
    assert _failed(verify_sd_jwt("not an sd-jwt", now=NOW).result) == ["JOSE header"]


def test_key_binding(issued, holder):
    _, _, sd_jwt = issued
    presented = bind(select_disclosures(sd_jwt, "public"), holder, audience="https://verifier.example", nonce="n-1",
                     now=NOW)
    ok = verify_sd_jwt(presented, now=NOW, audience="https://verifier.example", nonce="n-1")
    assert ok.result.verified, ok.result.summary()
    assert _failed(verify_sd_jwt(presented, now=NOW, audience="https://other.example", nonce="n-1").result) \
        == ["key binding"]
    assert _failed(verify_sd_jwt(select_disclosures(sd_jwt, "public"), now=NOW, audience="a", nonce="n").result) \
        == ["key binding"]
    intruder = bind(select_disclosures(sd_jwt, "public"), generate_key_pair("P-256"), audience="a", nonce="n", now=NOW)
    assert _failed(verify_sd_jwt(intruder, now=NOW, audience="a", nonce="n").result) == ["key binding"]
    # a disclosure added after binding breaks sd_hash
    jws_part, *rest = presented.split("~")
    extra = sd_jwt.split("~")[1]
    assert _failed(verify_sd_jwt("~".join([jws_part, extra, *rest]), now=NOW, audience="https://verifier.example",
                                 nonce="n-1").result) in (["key binding"], ["disclosures", "key binding"])


@pytest.mark.parametrize("revoked", [False, True])
def test_status_is_the_same_bitstring_status_list(issuer, revoked):
    url = f"{BASE}/status/abc/revocation/1"
    _, credential = build_credential(_examples()[0], issuer=issuer.controller, base_url=BASE, now=NOW,
                                     status=[status_entry(url, 4711, "revocation")])
    sd_jwt = issue_sd_jwt_vc(credential, issuer, now=NOW)
    bits = Bitstring()
    bits.set(4711, revoked)
    status_list = sign(status_list_credential(url, issuer.controller, "revocation", bits,
                                              valid_from="2026-01-01T00:00:00Z"), issuer, suite="ecdsa-rdfc-2019")
    outcome = verify_sd_jwt(select_disclosures(sd_jwt, "public"), now=NOW, status_lists={url: status_list})
    status = [c for c in outcome.result.checks if c.name == "status"]
    assert [c.passed for c in status] == [not revoked]
    assert outcome.result.verified is (not revoked)
    unchecked = verify_sd_jwt(select_disclosures(sd_jwt, "public"), now=NOW)  # no list given: said, not assumed
    assert [c.passed for c in unchecked.result.checks if c.name == "status"] == [None]
