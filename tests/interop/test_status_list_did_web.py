"""Digital Bazaar's verifier with its Bitstring Status List checker (@digitalbazaar/vc-bitstring-status-list)
verifies a passport a did:web organisation issued through the API, with the status lists this service publishes
(the list's own proof checked, its issuer required to be the passport's), and says revoked once it is revoked
(issue 14, point 2). Oracle: the reference implementation, offline: the did:web DID document and the lists are
fetched from the service over HTTP and handed to it as documents."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from passport.status import Bitstring

from tests.api.conftest import BASE_URL, api_settings, app, example_files  # noqa: F401  (fixtures)
from tests.api.test_did_web_trust import did_web_maker  # noqa: F401  (fixture)

pytestmark = pytest.mark.node
LD = {"Accept": "application/ld+json"}


def _documents(api: TestClient, credential: dict) -> dict[str, dict]:
    """The issuer's DID document and every status list the credential names, as this service serves them."""
    documents = {credential["issuer"]["id"]: api.get("/orgs/maker-w/did.json").json()}
    for entry in credential["credentialStatus"]:
        url = entry["statusListCredential"]
        documents[url] = api.get(url.removeprefix(BASE_URL)).json()
    return documents


def _statuses(result: dict) -> dict[str, bool]:
    return {s["statusPurpose"]: s["status"] for s in result["statuses"]}


def test_digital_bazaar_checks_a_did_web_passport_status_then_sees_it_revoked(js, app, engine,  # noqa: F811
                                                                             did_web_maker):  # noqa: F811
    did, maker = did_web_maker
    data = json.loads(example_files()[0].read_text())
    with TestClient(app) as api:
        issued = api.post("/api/v1/passports", json=data, headers=maker)
        assert issued.status_code == 201, issued.text
        url = issued.json()["url"]
        public = api.get(url, headers=LD).json()
        assert public["issuer"]["id"] == did and did.startswith("did:web:")
        assert {e["statusPurpose"] for e in public["credentialStatus"]} == {"revocation", "suspension"}

        active = js.call("verifyWithStatus", credential=public, documents=_documents(api, public))
        assert active["verified"] is True and active["statusVerified"] is True, active["errors"]
        assert _statuses(active) == {"revocation": False, "suspension": False}

        path = url.removeprefix(BASE_URL)
        assert api.post(f"/api/v1/passports{path}/revocation", json={"reason": "recall"},
                        headers=maker).status_code == 200
        revoked = js.call("verifyWithStatus", credential=public, documents=_documents(api, public))
    assert revoked["statusVerified"] is True, revoked["errors"]     # the re-signed list's proof still verifies
    assert _statuses(revoked) == {"revocation": True, "suspension": False}


def test_digital_bazaar_refuses_a_status_list_whose_bits_were_changed(js, app, engine, did_web_maker):  # noqa: F811
    """Negative: a list altered after signing fails the reference's own list-proof check."""
    _, maker = did_web_maker
    data = json.loads(example_files()[0].read_text())
    with TestClient(app) as api:
        issued = api.post("/api/v1/passports", json=data, headers=maker)
        public = api.get(issued.json()["url"], headers=LD).json()
        documents = _documents(api, public)
    revocation = next(e for e in public["credentialStatus"] if e["statusPurpose"] == "revocation")
    forged = documents[revocation["statusListCredential"]]["credentialSubject"]
    bits = Bitstring.decode(forged["encodedList"])
    bits.set(int(revocation["statusListIndex"]), True)           # "revoked", but not by its issuer's proof
    forged["encodedList"] = bits.encode()
    result = js.call("verifyWithStatus", credential=public, documents=documents)
    assert result["verified"] is False and result["statusVerified"] is False
    assert any("not verified" in e for e in result["errors"]), result["errors"]
