"""`POST /verify` and the verification page, on the passports this service issued (signed ecdsa-sd-2023 views)."""

from __future__ import annotations

import copy
import json

import pytest

from api.access import get_caller
from passport.auth import Caller, Role, access_level_of
from passport.credentials.jose import sign_jwt
from passport.keys import generate_key_pair
from tests.api.test_access_walk import restricted_values

LD = {"Accept": "application/ld+json"}


def _view(client, example, level: str = "public") -> dict:
    if level != "public":
        role = Role.NOTIFIED_BODY
        client.app.dependency_overrides[get_caller] = lambda: Caller(
            access_level=access_level_of(role), role=role, organisation="Test Org", token_id="tok_test")
    try:
        r = client.get(example.url, headers=LD)
    finally:
        client.app.dependency_overrides.pop(get_caller, None)
    assert r.status_code == 200
    return r.json()


def _failed(body: dict) -> set[str]:
    return {c["name"] for c in body["errors"]}


def test_an_issued_public_view_verifies(client, stored_passports):
    r = client.post("/verify", json=_view(client, stored_passports[0]))
    assert r.status_code == 200
    body = r.json()
    assert body["verified"] is True, body["errors"]
    names = {c["name"]: c["passed"] for c in body["checks"]}
    assert names["signature"] is True and names["verification method bound to issuer"] is True
    assert names["validFrom/validUntil"] is True and names["undefined terms"] is True
    assert body["proofs"][0]["cryptosuite"] == "ecdsa-sd-2023"


def test_a_tampered_view_fails_and_names_the_signature_check(client, stored_passports):
    credential = _view(client, stored_passports[0])
    credential["credentialSubject"]["generalProductInformation"]["batteryModel"] = "Tampered 9000"
    body = client.post("/verify", json=credential).json()
    assert body["verified"] is False
    assert "signature" in _failed(body)


def test_a_changed_issuer_fails_the_issuer_binding(client, stored_passports):
    credential = _view(client, stored_passports[0])
    credential["issuer"] = {"id": generate_key_pair("P-256").controller} if isinstance(credential["issuer"], dict) \
        else generate_key_pair("P-256").controller
    assert client.post("/verify", json=credential).json()["verified"] is False


@pytest.mark.parametrize("body", [b"not json", b"{\"a\":", b"\xff\xfe", b""])
def test_garbage_is_422_never_500(client, body):
    r = client.post("/verify", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "INVALID_JSON"


@pytest.mark.parametrize("value", [[], 42, "hello", None, {"@context": 5}, {"proof": {"type": 1}}])
def test_json_that_is_no_credential_is_a_verdict_not_an_error(client, value):
    r = client.post("/verify", content=json.dumps(value), headers={"Content-Type": "application/json"})
    assert r.status_code == 200 and r.json()["verified"] is False and r.json()["errors"]


def test_a_vc_jwt_verifies_and_a_tampered_one_does_not(client, stored_passports):
    key = generate_key_pair("P-256")
    credential = {k: v for k, v in _view(client, stored_passports[0]).items() if k != "proof"}
    credential["issuer"] = key.controller
    token = sign_jwt(credential, key)
    r = client.post("/verify", content=token, headers={"Content-Type": "application/vc+jwt"})
    assert r.status_code == 200 and r.json()["verified"] is True, r.json()["errors"]
    assert r.json()["format"] == "vc+jwt"
    head, payload, signature = token.split(".")
    forged = f"{head}.{payload[:-4]}AAAA.{signature}"
    r = client.post("/verify", content=forged, headers={"Content-Type": "application/vc+jwt"})
    assert r.status_code == 200 and r.json()["verified"] is False


def test_restricted_values_never_appear_in_the_answer_to_a_tampered_authority_view(client, stored_passports):
    example = stored_passports[0]
    credential = _view(client, example, "authority")
    # values that are also words of the service's own answers ("passed") prove nothing either way
    own_words = client.post("/verify", json={}).text + client.get("/verify").text
    hidden = {v for v in restricted_values(example.data, "public") if v not in own_words}
    assert len(hidden) >= 5, "the example must hold restricted values"
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["generalProductInformation"]["batteryModel"] = "Tampered 9000"
    for response in (client.post("/verify", json=tampered),
                     client.post("/verify/page", data={"credential": json.dumps(tampered)})):
        assert response.status_code == 200
        leaked = [v for v in hidden if v in response.text]
        assert not leaked, f"{len(leaked)} restricted values echoed"


def test_the_page_is_served_in_english_and_french_without_script(client):
    en = client.get("/verify", headers={"Accept-Language": "en"})
    assert en.status_code == 200 and "<textarea" in en.text and 'type="file"' in en.text
    assert "Verify a credential" in en.text and "<script" not in en.text
    fr = client.get("/verify?lang=fr")
    assert "Vérifier une attestation" in fr.text and fr.headers["content-language"] == "fr"


def test_the_page_shows_each_check_pass_and_fail(client, stored_passports):
    credential = _view(client, stored_passports[0])
    ok = client.post("/verify/page", data={"credential": json.dumps(credential)})
    assert ok.status_code == 200 and "Verified: every check passed." in ok.text
    assert 'data-check="signature"' in ok.text and 'class="check pass" data-check="signature"' in ok.text
    credential["credentialSubject"]["generalProductInformation"]["batteryModel"] = "Tampered 9000"
    upload = {"file": ("passport.json", json.dumps(credential).encode(), "application/json")}
    bad = client.post("/verify/page?lang=fr", files=upload)
    assert bad.status_code == 200 and "NON vérifiée" in bad.text
    assert 'class="check fail" data-check="signature"' in bad.text
    assert "La signature correspond au contenu" in bad.text


def test_the_page_explains_unreadable_input(client):
    r = client.post("/verify/page", data={"credential": "{not json"})
    assert r.status_code == 422 and "not a credential this page can read" in r.text
    assert client.post("/verify/page", data={"credential": "  "}).status_code == 422


def test_every_check_label_exists_in_every_language():
    from api import i18n
    from api.pages.verify_page import LABELS

    for lang, strings in i18n.catalogues().items():
        assert set(LABELS.values()) <= set(strings), lang
