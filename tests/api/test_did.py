"""did:web documents served from the store's issuer keys, and a passport signed with such a key verifying here."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from passport.keys.keystore import (
    create_issuer_key,
    list_issuer_keys,
    load_issuer_signer,
    rotate_issuer_key,
)
from passport.registry.issue import SUITE, sign_passport
from passport.store.engine import session_scope
from passport.store.tables import Organisation
from tests.api.conftest import BASE_URL, example_files

SERVICE_DID = "did:web:testserver"


def _organisation(engine, did: str, name: str = "Maker A") -> int:
    with session_scope(engine) as session:
        org = Organisation(name=name, role="manufacturer", did=did)
        session.add(org)
        session.flush()
        return org.id


def _ids(entries) -> list[str]:
    return [e["id"] if isinstance(e, dict) else e for e in entries]


def test_no_did_web_key_is_a_clear_404(app, engine):
    with TestClient(app) as client:
        r = client.get("/.well-known/did.json")
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "DID_NOT_FOUND"
        assert r.json()["error"]["details"]["did"] == SERVICE_DID
        assert client.get("/orgs/nobody/did.json").status_code == 404
        assert client.get("/orgs/..%2F/did.json").status_code in (404, 422)


def test_the_service_document_lists_its_issuer_keys_active_and_retired(app, engine, api_settings):
    org = _organisation(engine, SERVICE_DID)
    first = create_issuer_key(engine, org, suite=SUITE, settings=api_settings)
    second = rotate_issuer_key(engine, org, suite=SUITE, settings=api_settings)
    with TestClient(app) as client:
        r = client.get("/.well-known/did.json")
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/did+json")
        assert r.headers["cache-control"].startswith("public")
        document = r.json()
        as_json = client.get("/.well-known/did.json", headers={"Accept": "application/json"})
        assert as_json.headers["content-type"].startswith("application/json") and as_json.json() == document
    assert document["id"] == SERVICE_DID
    stored = {k.verification_method: k.public_key_multibase for k in list_issuer_keys(engine, controller=SERVICE_DID)}
    assert stored.keys() == {first.verification_method, second.verification_method}
    methods = {m["id"] if m["id"].startswith("did:") else SERVICE_DID + m["id"]: m
               for m in document["verificationMethod"]}
    assert {vm: m["publicKeyMultibase"] for vm, m in methods.items()} == stored
    absolute = lambda refs: {SERVICE_DID + i if i.startswith("#") else i for i in _ids(refs)}
    # a retired key stays under assertionMethod (what it signed keeps verifying) and can no longer authenticate
    assert absolute(document["assertionMethod"]) == set(stored)
    assert absolute(document["authentication"]) == {second.verification_method}


def test_an_organisation_document_under_orgs(app, engine, api_settings):
    did = "did:web:testserver:orgs:acme-batteries"
    key = create_issuer_key(engine, _organisation(engine, did), suite=SUITE, settings=api_settings)
    with TestClient(app) as client:
        document = client.get("/orgs/acme-batteries/did.json").json()
        assert client.get("/.well-known/did.json").status_code == 404  # the service itself has no key
    assert document["id"] == did
    assert key.verification_method in [m["id"] if m["id"].startswith("did:") else did + m["id"]
                                       for m in document["verificationMethod"]]


def test_a_passport_signed_by_a_did_web_issuer_verifies_here(app, engine, api_settings):
    org = _organisation(engine, SERVICE_DID)
    create_issuer_key(engine, org, suite=SUITE, settings=api_settings)
    signer = load_issuer_signer(engine, org, suite=SUITE, settings=api_settings)
    signed = sign_passport(json.loads(example_files()[0].read_text()), signer=signer, base_url=BASE_URL,
                           issuer_name="Maker A")
    credential = json.loads(signed.views["public"])  # the derived (ecdsa-sd-2023) public view
    with TestClient(app) as client:
        body = client.post("/verify", json=credential).json()
    assert body["verified"] is True, body["errors"]
    assert body["proofs"][0]["verification_method"].startswith(SERVICE_DID + "#")
