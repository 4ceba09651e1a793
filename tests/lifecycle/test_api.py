"""The lifecycle over HTTP: status changes and revocation by the passport's issuer, the status list at its
stable URL with caching headers, versions and links in the linkset, `?as_of=`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from api.app import create_app
from passport import verify
from passport.auth import Role, create_token, token_hash_key
from passport.keys.keystore import create_issuer_key
from passport.lifecycle import issue_version, verify_audit
from passport.trust import TrustSources, status_checker_for
from passport.lifecycle.links import REL_SUCCESSOR
from passport.registry.issue import SUITE
from passport.settings import load_settings
from passport.store.engine import session_scope
from passport.store.tables import Organisation
from tests.conftest import hold_example_prefixes
from tests.lifecycle.conftest import BASE_URL, signers, verified_here
from tests.lifecycle.test_transfer import SUCCESSOR_PATH, successor_data

LINKSET = {"Accept": "application/linkset+json"}
LD = {"Accept": "application/ld+json"}


def _organisation(engine, settings, key, name: str) -> tuple[int, str]:
    with session_scope(engine) as s:
        issued = create_token(s, organisation=name, role=Role.MANUFACTURER, expires_in_days=1,
                              key=token_hash_key(settings))
        org = s.exec(select(Organisation).where(Organisation.name == name)).one()
        org.did = key.controller
        s.add(org)
        hold_example_prefixes(s, org)
        org_id = org.id
    create_issuer_key(engine, org_id, suite=SUITE, key=key, settings=settings)
    return org_id, issued.token


def _reader(engine, settings, name: str) -> dict[str, str]:
    """A market-surveillance (authority level) token's header."""
    with session_scope(engine) as s:
        token = create_token(s, organisation=name, role=Role.MARKET_SURVEILLANCE, expires_in_days=1,
                             key=token_hash_key(settings)).token
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def setup(engine, tmp_path, issuer, data):
    settings = load_settings(data_dir=tmp_path / "data", base_url=BASE_URL, log_format="console",
                             database_url=engine.url.render_as_string(hide_password=False))
    org_id, token = _organisation(engine, settings, issuer, "Maker A")
    with session_scope(engine) as session:
        issued = issue_version(session, data, signer=issuer, base_url=BASE_URL, actor="Maker A",
                               organisation_id=org_id, now=datetime(2026, 1, 10, tzinfo=UTC))
    with TestClient(create_app(settings)) as client:
        yield client, {"Authorization": f"Bearer {token}"}, issued, settings


def test_status_list_is_served_signed_with_caching_headers(setup, engine, issuer):
    client, _, issued, _ = setup
    entry = client.get(issued.url, headers=LD).json()["credentialStatus"][0]
    url = entry["statusListCredential"]
    r = client.get(url.removeprefix(BASE_URL))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vc+ld+json")
    assert r.headers["cache-control"] == "public, max-age=60, must-revalidate"
    assert r.headers["etag"] and r.headers["last-modified"]
    assert verify(r.json()).verified
    again = client.get(url.removeprefix(BASE_URL), headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304
    assert client.get("/status/0000000000000000/revocation/1").status_code == 404
    assert client.get("/status/xyz/revocation/1").status_code == 422


def test_revocation_and_suspension_over_http_detected_by_verify(setup, engine, issuer):
    client, maker, issued, _ = setup
    api = f"/api/v1/passports{issued.identifier.path}"
    credential = client.get(issued.url, headers=LD).json()
    checker = status_checker_for(TrustSources(engine=engine, base_url=BASE_URL, signer_for=signers(issuer)))
    assert verify(credential, status_checker=checker).verified
    assert client.post(f"{api}/suspension", json={"reason": "recall check"}).status_code == 401
    r = client.post(f"{api}/suspension", json={"reason": "recall check"}, headers=maker)
    assert r.status_code == 200 and r.json()["suspended"] is True
    # a verifier that fetched the list over HTTP sees the suspension
    urls = [e["statusListCredential"] for e in credential["credentialStatus"]]
    fetched = {url: client.get(url.removeprefix(BASE_URL)).json() for url in urls}
    result = verify(credential, status_lists=fetched)
    assert not result.verified and any(c.code == "CREDENTIAL_SUSPENDED" for c in result.errors)
    assert client.post(f"{api}/reinstatement", json={}, headers=maker).json()["suspended"] is False
    assert client.post(f"{api}/reinstatement", json={}, headers=maker).json()["error"]["code"] == "NOT_SUSPENDED"
    r = client.post(f"{api}/revocation", json={"reason": "destroyed"}, headers=maker)
    assert r.status_code == 200 and r.json()["revoked"] is True
    result = verify(credential, status_checker=checker)
    assert not result.verified and any(c.code == "CREDENTIAL_REVOKED" for c in result.errors)
    assert client.post(f"{api}/suspension", json={}, headers=maker).status_code == 409
    with session_scope(engine) as session:
        assert verify_audit(session).entries == 5  # key-create, issue, suspend, reinstate, revoke


def test_status_change_versions_linkset_and_as_of(setup, engine):
    client, maker, issued, settings = setup
    api = f"/api/v1/passports{issued.identifier.path}"
    r = client.post(f"{api}/battery-status", json={"status": "reused", "evidence": {"note": "new owner"}},
                    headers=maker)
    assert r.status_code == 201 and r.json()["version"] == 2
    r = client.post(f"{api}/battery-status", json={"status": "original", "evidence": {"note": "undo"}},
                    headers=maker)
    assert r.status_code == 422 and r.json()["error"]["code"] == "STATUS_TRANSITION_FORBIDDEN"
    # issue 22, point 6: the public view did not change (battery status is not public), so public readers are
    # not told of version 2; an authority reader, who sees the status, is
    links = client.get(issued.url, headers=LINKSET).json()["linkset"][0]
    assert [l["href"] for l in links["https://w3id.org/battery-passport/vocab#passportVersion"]] == [
        f"{issued.url}/versions/1"]
    assert links["latest-version"] == [{"href": f"{issued.url}/versions/1"}]
    assert "predecessor-version" in links and links["predecessor-version"] == [{"href": f"{issued.url}/versions/1"}]
    authority = client.get(issued.url, headers={**LINKSET, **_reader(engine, settings, "Surveillance")}).json()["linkset"][0]
    assert [l["href"] for l in authority["https://w3id.org/battery-passport/vocab#passportVersion"]] == [
        f"{issued.url}/versions/1", f"{issued.url}/versions/2"]
    assert authority["latest-version"] == [{"href": f"{issued.url}/versions/2"}]
    first = client.get(f"{issued.url}?as_of=2026-02-01", headers=LD)
    assert first.status_code == 200
    assert first.json()["credentialSubject"]["generalProductInformation"].get("batteryStatus") in (None, "original")
    assert client.get(f"{issued.url}?as_of=2025-12-31", headers=LD).status_code == 404
    assert client.get(issued.url, headers=LD).json() != first.json()
    history = client.get(f"{api}/lifecycle", headers=maker).json()
    assert [t["to"] for t in history["transitions"]] == ["reused"]
    assert history["transitions"][0]["evidence"] == {"documents": [], "note": "new owner"}
    assert [v["version"] for v in history["versions"]] == [1, 2]


def test_static_change_over_http_needs_a_reason(setup, data):
    client, maker, issued, _ = setup
    api = f"/api/v1/passports{issued.identifier.path}"
    data["generalProductInformation"]["batteryModel"] = "ESS-200 rev B"
    r = client.post(f"{api}/versions", json={"passport": data}, headers=maker)
    assert r.status_code == 422 and r.json()["error"]["code"] == "STATIC_CHANGE_NEEDS_REASON"
    r = client.post(f"{api}/versions", json={"passport": data, "reason": "correction"}, headers=maker)
    assert r.status_code == 201 and r.json()["version"] == 2


def test_public_readers_see_the_versions_in_which_public_content_changed(setup, data):
    client, maker, issued, _ = setup
    api = f"/api/v1/passports{issued.identifier.path}"
    assert client.post(f"{api}/battery-status", json={"status": "reused", "evidence": {"note": "x"}},
                       headers=maker).json()["version"] == 2                      # restricted change only
    data["generalProductInformation"]["batteryModel"] = "ESS-200 rev B"           # a public change
    data["generalProductInformation"]["batteryStatus"] = "reused"
    assert client.post(f"{api}/versions", json={"passport": data, "reason": "correction"},
                       headers=maker).json()["version"] == 3
    links = client.get(issued.url, headers=LINKSET).json()["linkset"][0]
    assert [l["href"].rsplit("/", 1)[1] for l in links["https://w3id.org/battery-passport/vocab#passportVersion"]
            ] == ["1", "3"]
    assert links["latest-version"] == [{"href": f"{issued.url}/versions/3"}]
    assert links["predecessor-version"] == [{"href": f"{issued.url}/versions/1"}]  # not 2


def test_linkset_shows_the_successor_after_a_transfer(setup, engine, issuer, second_issuer, data):
    from passport.lifecycle import transfer_responsibility
    from passport.lifecycle.transfer import LEGAL_BASIS

    client, _, issued, settings = setup
    with session_scope(engine) as session:
        transfer_responsibility(session, issued.identifier.path, successor_data(data), new_status="repurposed",
                                outgoing=issuer, incoming=second_issuer, base_url=BASE_URL, actor="x",
                                evidence={"note": "n"})
    links = client.get(issued.url, headers=LINKSET).json()["linkset"][0]
    assert links[REL_SUCCESSOR] == [{"href": BASE_URL + SUCCESSOR_PATH, "type": "application/vc+ld+json"}]
    # issue 14, point 6: the public sees the link, not the signed credentials stating the new battery status
    public = client.get(f"/api/v1/passports{SUCCESSOR_PATH}/transfers")
    assert public.json()["transfers"] == [{
        "predecessorPassport": issued.url, "successorPassport": BASE_URL + SUCCESSOR_PATH,
        "outgoingOperator": issuer.controller, "incomingOperator": second_issuer.controller,
        "transferDate": public.json()["transfers"][0]["transferDate"], "legalBasis": LEGAL_BASIS}]
    assert "repurposed" not in public.text
    with session_scope(engine) as s:
        reader = create_token(s, organisation="Recycler R", role=Role.LEGITIMATE_INTEREST, expires_in_days=1,
                              key=token_hash_key(settings)).token
    full = client.get(f"/api/v1/passports{SUCCESSOR_PATH}/transfers", headers={"Authorization": f"Bearer {reader}"})
    [record] = full.json()["transfers"]
    assert record["acceptance"]["issuer"] == second_issuer.controller
    assert record["transfer"]["credentialSubject"]["newBatteryStatus"] == "repurposed"
    successor = client.get(SUCCESSOR_PATH, headers=LD).json()
    assert verified_here(engine, successor, issuer, second_issuer).verified


def test_token_reads_above_public_are_audited(setup, engine):
    client, _, issued, settings = setup
    with session_scope(engine) as s:
        token = create_token(s, organisation="Recycler B", role=Role.LEGITIMATE_INTEREST, expires_in_days=1,
                             key=token_hash_key(settings)).token
    assert client.get(issued.url, headers=LD).status_code == 200  # public: not a token use
    r = client.get(issued.url, headers={**LD, "Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    from passport.lifecycle import list_audit

    with session_scope(engine) as session:
        [entry] = list_audit(session, action="token-read")
        assert verify_audit(session).verified
    assert entry.subject == issued.identifier.path and entry.actor.startswith("Recycler B (token ")
    assert entry.payload == {"version": 1, "accessLevel": "legitimate_interest"}


def test_as_of_answers_are_not_cached_as_immutable(setup):
    client, _, issued, _ = setup
    pinned = client.get(f"{issued.url}/versions/1", headers=LD)
    assert "immutable" in pinned.headers["cache-control"]
    dated = client.get(f"{issued.url}?as_of=2030-01-01", headers=LD)
    assert dated.status_code == 200 and "immutable" not in dated.headers["cache-control"]
    assert dated.json() == pinned.json()


def test_suspension_and_reinstatement_show_on_the_qr_page_at_once(setup):
    """The lifecycle routes drop the state the QR page caches."""
    client, maker, issued, _ = setup
    html = {"Accept": "text/html", "Accept-Language": "en"}
    page, api = issued.url.removeprefix(BASE_URL), f"/api/v1/passports{issued.identifier.path}"
    assert "SUSPENDED" not in client.get(page, headers=html).text  # the state "active" is now cached
    assert client.post(f"{api}/suspension", json={"reason": "recall"}, headers=maker).status_code == 200
    assert "SUSPENDED" in client.get(page, headers=html).text
    assert client.post(f"{api}/reinstatement", json={}, headers=maker).status_code == 200
    assert "SUSPENDED" not in client.get(page, headers=html).text
