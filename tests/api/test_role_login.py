"""Login with a role credential: challenge -> Verifiable Presentation -> short-lived access token, and each refusal.

The oracle for success is what the token then reads (the authority view has the test reports the public view
lacks); each refusal is a 401 asserted by its code.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.access import get_caller
from api.negotiation import PASSPORT_TYPES
from passport.access.challenges import issue_challenge
from passport.access.role_credentials import issue_from_store, issue_role_credential, revoke_role_credential
from passport.access.role_credentials import role_credential as role_credential_document
from passport.access.trust import TrustedIssuer, put_issuer
from passport.auth import Caller
from passport.credentials import sign
from passport.credentials.jose import sign_enveloped
from passport.keys import generate_key_pair
from passport.keys.keystore import create_issuer_key
from passport.lifecycle import list_audit
from passport.sdjwt.issue import sign_compact
from passport.status import status_entry
from passport.store.engine import session_scope
from passport.store.tables import Organisation
from tests.api.test_access_walk import hidden_from

LD = {"Accept": "application/ld+json"}
NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def holder():
    return generate_key_pair("Ed25519")


@pytest.fixture(scope="module")
def authority_key():
    return generate_key_pair("Ed25519")


@pytest.fixture
def authority(engine, api_settings, authority_key) -> int:
    with session_scope(engine) as session:
        org = Organisation(name="Authority Lyon", role="market_surveillance", did=authority_key.controller)
        session.add(org)
        session.flush()
        org_id = org.id
    create_issuer_key(engine, org_id, suite="eddsa-rdfc-2022", key=authority_key, settings=api_settings)
    return org_id


def _trust(engine, did, roles=("market_surveillance",), until=NOW + timedelta(days=30), purposes=None):
    with session_scope(engine) as session:
        put_issuer(session, TrustedIssuer(did=did, name="Ministry", roles=list(roles), purposes=purposes,
                                          valid_from=NOW - timedelta(days=1), valid_until=until))


@pytest.fixture
def role_credential(engine, api_settings, authority, holder, authority_key):
    _trust(engine, authority_key.controller)
    return issue_from_store(engine, api_settings, authority, holder=holder.controller, role="market_surveillance",
                            organisation="DGCCRF", jurisdiction="FR")


@pytest.fixture
def api(app, stored_passports):
    with TestClient(app) as client:
        yield client


def _presentation(client, holder, credential, *, domain=None, challenge=None, expires=None):
    issued = client.get("/api/v1/auth/challenge").json()
    presentation = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"],
                    "holder": holder.controller, "verifiableCredential": [credential]}
    return sign(presentation, holder, suite="eddsa-rdfc-2022", proof_purpose="authentication",
                challenge=challenge or issued["challenge"], domain=domain or issued["domain"], expires=expires)


def _refused(response, code: str) -> None:
    assert response.status_code == 401, response.text
    assert response.json()["error"]["code"] == code
    assert "invalid_token" in response.headers["www-authenticate"]


def test_a_trusted_role_credential_logs_in_and_reads_at_authority_level(api, engine, holder, role_credential,
                                                                        stored_passports):
    challenge = api.get("/api/v1/auth/challenge")
    assert challenge.headers["cache-control"] == "no-store"
    assert challenge.json()["domain"] == "testserver"
    response = api.post("/api/v1/auth/presentations", json=_presentation(api, holder, role_credential))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["role"], body["organisation"], body["accessLevel"]) == ("market_surveillance", "DGCCRF", "authority")
    assert body["expiresIn"] == 900
    read = api.get(stored_passports[0].url, headers={**LD, "Authorization": f"Bearer {body['accessToken']}"})
    assert read.status_code == 200 and "testReports" in read.json()["credentialSubject"]
    assert "testReports" not in api.get(stored_passports[0].url, headers=LD).json()["credentialSubject"]
    with Session(engine) as session:
        [login] = list_audit(session, action="role-login")
    assert login.payload["issuer"] == role_credential["issuer"] and login.payload["holder"] == holder.controller


def test_a_presentation_is_accepted_once(api, holder, role_credential):
    presentation = _presentation(api, holder, role_credential)
    assert api.post("/api/v1/auth/presentations", json=presentation).status_code == 200
    _refused(api.post("/api/v1/auth/presentations", json=presentation), "CHALLENGE_REPLAYED")


def test_a_presentation_for_another_domain_is_refused(api, holder, role_credential):
    _refused(api.post("/api/v1/auth/presentations",
                      json=_presentation(api, holder, role_credential, domain="verifier.example")),
             "PRESENTATION_WRONG_DOMAIN")


def test_a_challenge_we_never_issued_is_refused(api, holder, role_credential):
    _refused(api.post("/api/v1/auth/presentations",
                      json=_presentation(api, holder, role_credential, challenge="made-up")), "CHALLENGE_UNKNOWN")


def test_an_expired_challenge_is_refused(api, engine, holder, role_credential):
    with session_scope(engine) as session:
        old = issue_challenge(session, "testserver", now=datetime.now(UTC) - timedelta(minutes=6))  # expired 1 min ago
    _refused(api.post("/api/v1/auth/presentations",
                      json=_presentation(api, holder, role_credential, challenge=old.nonce)), "CHALLENGE_EXPIRED")


def test_an_expired_presentation_is_refused(api, holder, role_credential):
    presentation = _presentation(api, holder, role_credential, expires=NOW - timedelta(seconds=5))
    _refused(api.post("/api/v1/auth/presentations", json=presentation), "PRESENTATION_EXPIRED")


def test_a_tampered_presentation_is_refused(api, holder, role_credential):
    presentation = _presentation(api, holder, role_credential)
    presentation["verifiableCredential"][0]["credentialSubject"]["organisationName"] = "Someone Else"
    response = api.post("/api/v1/auth/presentations", json=presentation)
    _refused(response, "PRESENTATION_INVALID")
    assert "signature" in response.json()["error"]["details"]["checks"]


def test_a_presentation_signed_by_someone_else_than_the_holder_is_refused(api, role_credential):
    intruder = generate_key_pair("Ed25519")
    presentation = _presentation(api, intruder, role_credential)
    _refused(api.post("/api/v1/auth/presentations", json=presentation), "ROLE_CREDENTIAL_INVALID")


def test_an_untrusted_issuer_is_refused(api, engine, api_settings, holder):
    stranger = generate_key_pair("Ed25519")  # did:key, not on the trust list
    credential = issue_role_credential(stranger, holder=holder.controller, role="commission", organisation="Fake")
    response = api.post("/api/v1/auth/presentations", json=_presentation(api, holder, credential))
    _refused(response, "ROLE_ISSUER_UNTRUSTED")
    assert response.json()["error"]["details"]["issuer"] == stranger.controller


def test_an_issuer_trusted_for_another_role_or_no_longer_is_refused(api, engine, api_settings, holder, authority,
                                                                    authority_key):
    credential = issue_from_store(engine, api_settings, authority, holder=holder.controller, role="commission",
                                  organisation="DG GROW")
    _trust(engine, authority_key.controller, roles=("market_surveillance",))
    _refused(api.post("/api/v1/auth/presentations", json=_presentation(api, holder, credential)),
             "ROLE_ISSUER_UNTRUSTED")
    _trust(engine, authority_key.controller, roles=("commission",), until=NOW - timedelta(seconds=1))
    _refused(api.post("/api/v1/auth/presentations", json=_presentation(api, holder, credential)),
             "ROLE_ISSUER_UNTRUSTED")


def test_a_revoked_role_credential_is_refused_at_once(api, engine, api_settings, holder, role_credential,
                                                      stored_passports):
    login = api.post("/api/v1/auth/presentations", json=_presentation(api, holder, role_credential))
    bearer = {**LD, "Authorization": f"Bearer {login.json()['accessToken']}"}
    assert api.get(stored_passports[0].url, headers=bearer).status_code == 200
    revoke_role_credential(engine, api_settings, role_credential)
    _refused(api.get(stored_passports[0].url, headers=bearer), "TOKEN_REVOKED")  # its access token too
    _refused(api.post("/api/v1/auth/presentations", json=_presentation(api, holder, role_credential)),
             "ROLE_CREDENTIAL_REVOKED")


def test_the_trust_list_is_public_and_managed_by_the_operator(api, app, authority_key):
    entry = {"did": authority_key.controller, "name": "Notified body 0123", "roles": ["notified_body"],
             "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2030-01-01T00:00:00Z"}
    path = f"/api/v1/auth/trusted-issuers/{authority_key.controller}"
    assert api.put(path, json=entry).status_code == 401
    app.dependency_overrides[get_caller] = lambda: Caller(access_level="public", role="commission",  # type: ignore
                                                          organisation="X", token_id="tok_x")
    assert api.put(path, json=entry).status_code == 403
    app.dependency_overrides[get_caller] = lambda: Caller(access_level="public", role="operator",  # type: ignore
                                                          organisation="Operator", token_id="tok_op")
    assert api.put(path, json=entry).status_code == 200
    listed = api.get("/api/v1/auth/trusted-issuers").json()["issuers"]
    assert [(i["did"], i["roles"]) for i in listed] == [(authority_key.controller, ["notified_body"])]
    bad = api.put(path, json={**entry, "roles": ["manufacturer"], "valid_until": "2020-01-01T00:00:00Z"})
    assert bad.status_code == 422
    assert api.delete(path).status_code == 204
    assert api.get("/api/v1/auth/trusted-issuers").json()["issuers"] == []


def test_a_legitimate_interest_credential_reads_at_that_level_only(api, engine, api_settings, holder, authority,
                                                                    authority_key, stored_passports):
    _trust(engine, authority_key.controller, roles=("legitimate_interest",), purposes=["recycling"])
    credential = issue_from_store(engine, api_settings, authority, holder=holder.controller,
                                  role="legitimate_interest", organisation="Recycler GmbH", purposes=["recycling"])
    token = api.post("/api/v1/auth/presentations", json=_presentation(api, holder, credential)).json()
    assert token["accessLevel"] == "legitimate_interest"
    subject = api.get(stored_passports[0].url, headers={**LD, "Authorization": f"Bearer {token['accessToken']}"}
                      ).json()["credentialSubject"]
    assert "batteryStatus" in subject["generalProductInformation"] and "testReports" not in subject
    research = issue_from_store(engine, api_settings, authority, holder=holder.controller,
                                role="legitimate_interest", organisation="Lab", purposes=["research"])
    _refused(api.post("/api/v1/auth/presentations", json=_presentation(api, holder, research)),
             "ROLE_ISSUER_UNTRUSTED")  # the issuer is trusted for recycling only


def test_a_role_credential_cannot_log_in_as_a_maker(api, engine, api_settings, holder, authority, authority_key):
    with session_scope(engine) as session:
        session.add(Organisation(name="Maker A", slug="maker-a", role="manufacturer"))
    _trust(engine, authority_key.controller, roles=("legitimate_interest",))
    for name in ("Maker A", "maker-a"):  # by legal name or by slug
        credential = issue_from_store(engine, api_settings, authority, holder=holder.controller,
                                      role="legitimate_interest", organisation=name)
        _refused(api.post("/api/v1/auth/presentations", json=_presentation(api, holder, credential)),
                 "ROLE_ORGANISATION_CONFLICT")


def test_a_role_login_token_walks_every_representation_without_a_leak(api, engine, api_settings, holder, authority,
                                                                       authority_key, stored_passports):
    _trust(engine, authority_key.controller, roles=("legitimate_interest",))
    credential = issue_from_store(engine, api_settings, authority, holder=holder.controller,
                                  role="legitimate_interest", organisation="Repairer SARL")
    token = api.post("/api/v1/auth/presentations", json=_presentation(api, holder, credential)).json()["accessToken"]
    hidden = hidden_from(stored_passports, "legitimate_interest")
    assert len(hidden) >= 10
    for example in stored_passports:
        for accept in PASSPORT_TYPES:
            response = api.get(example.url, headers={"Accept": accept, "Authorization": f"Bearer {token}"})
            assert response.status_code < 500
            assert not [v for v in hidden if v in response.text], (example.url, accept)


def _vp_jwt(client, signer, holder_did, credential, *, aud=None, exp=None, nonce=None) -> str:
    issued = client.get("/api/v1/auth/challenge").json()
    payload = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"],
               "holder": holder_did, "verifiableCredential": [credential], "nonce": nonce or issued["challenge"],
               "aud": aud or issued["domain"], "iat": int(datetime.now(UTC).timestamp())}
    if exp is not None:
        payload["exp"] = exp
    alg = {"Ed25519": "EdDSA", "P-256": "ES256"}[signer.algorithm]
    return sign_compact({"alg": alg, "typ": "vp+jwt", "kid": signer.id}, payload, signer)


def _post_jwt(client, jws: str):
    return client.post("/api/v1/auth/presentations", content=jws, headers={"Content-Type": "application/vp+jwt"})


def test_a_vp_jwt_logs_in_with_a_data_integrity_or_an_enveloped_role_credential(api, engine, holder,
                                                                                role_credential):
    response = _post_jwt(api, _vp_jwt(api, holder, holder.controller, role_credential))
    assert response.status_code == 200, response.text
    assert response.json()["accessLevel"] == "authority"
    stranger = generate_key_pair("Ed25519")
    _trust(engine, stranger.controller, roles=("notified_body",))
    unsigned = role_credential_document(stranger.controller, holder=holder.controller, role="notified_body",
                                        organisation="Notified body 0123", valid_from=NOW - timedelta(days=1),
                                        valid_until=NOW + timedelta(days=1))
    enveloped = sign_enveloped(unsigned, stranger)
    response = _post_jwt(api, _vp_jwt(api, holder, holder.controller, enveloped))
    assert response.status_code == 200, response.text
    assert (response.json()["role"], response.json()["organisation"]) == ("notified_body", "Notified body 0123")


def test_a_vp_jwt_is_refused_by_its_code(api, holder, role_credential):
    jws = _vp_jwt(api, holder, holder.controller, role_credential)
    assert _post_jwt(api, jws).status_code == 200
    _refused(_post_jwt(api, jws), "CHALLENGE_REPLAYED")
    _refused(_post_jwt(api, _vp_jwt(api, holder, holder.controller, role_credential, aud="verifier.example")),
             "PRESENTATION_WRONG_DOMAIN")
    _refused(_post_jwt(api, _vp_jwt(api, holder, holder.controller, role_credential,
                                    exp=int(datetime.now(UTC).timestamp()) - 5)), "PRESENTATION_EXPIRED")
    intruder = generate_key_pair("Ed25519")
    refused = _post_jwt(api, _vp_jwt(api, intruder, holder.controller, role_credential))
    _refused(refused, "PRESENTATION_INVALID")
    assert refused.json()["error"]["details"]["checks"] == ["verification method bound to issuer"]
    head, payload, signature = _vp_jwt(api, holder, holder.controller, role_credential).split(".")
    tampered = _post_jwt(api, f"{head}.{payload[:-6]}AAAAAA.{signature}")
    assert tampered.status_code == 401


def test_a_role_credential_whose_status_cannot_be_read_here_is_refused(api, engine, holder):
    stranger = generate_key_pair("Ed25519")
    _trust(engine, stranger.controller, roles=("commission",))
    unsigned = role_credential_document(
        stranger.controller, holder=holder.controller, role="commission", organisation="DG GROW",
        valid_from=NOW - timedelta(days=1), valid_until=NOW + timedelta(days=1),
        status=[status_entry("https://authority.example/status/1", 7, "revocation")])
    credential = sign(unsigned, stranger, suite="eddsa-rdfc-2022")
    _refused(api.post("/api/v1/auth/presentations", json=_presentation(api, holder, credential)),
             "ROLE_CREDENTIAL_STATUS_UNKNOWN")  # nothing is fetched: not known to be unrevoked, so refused
