"""A did:web organisation's passport is verified on every path, and revoked on every path once revoked (issue 14,
points 2 and 3). Before: the page, `POST /verify` and `passport verify` said "NOT verified (verification method)"
for did:web issuers, because only did:key resolved there; and the status list of a did:web issuer could not be
verified either. Oracle: the did:web document and status lists as this service publishes them over HTTP, handed
to an offline verifier as files (what a regulator with no access to our store would do)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select
from typer.testing import CliRunner

from passport.auth import Role, create_token, token_hash_key
from passport.cli import app as cli
from passport.dids import did_web_from_url
from passport.keys.keystore import create_issuer_key
from passport.store.engine import session_scope
from passport.store.tables import Organisation
from tests.api.conftest import BASE_URL, example_files
from tests.conftest import hold_example_prefixes

LD = {"Accept": "application/ld+json"}
HTML = {"Accept": "text/html"}
runner = CliRunner()


@pytest.fixture
def did_web_maker(engine, api_settings):
    """An organisation whose DID is did:web:testserver:orgs:maker-w, with its ecdsa-sd-2023 key in the store."""
    did = did_web_from_url(f"{BASE_URL}/orgs/maker-w")
    with session_scope(engine) as s:
        issued = create_token(s, organisation="Maker W", role=Role.MANUFACTURER, expires_in_days=1,
                              key=token_hash_key(api_settings))
        org = s.exec(select(Organisation).where(Organisation.name == "Maker W")).one()
        org.did = did
        s.add(org)
        hold_example_prefixes(s, org)
        org_id = org.id
    create_issuer_key(engine, org_id, suite="ecdsa-sd-2023", settings=api_settings)
    return did, {"Authorization": f"Bearer {issued.token}"}


@pytest.fixture
def offline_cli(tmp_path, monkeypatch):
    """`passport verify` on a machine with an empty store and another base URL: nothing comes from our store."""
    from passport.cli import _context
    from passport.settings import get_settings

    monkeypatch.setenv("PASSPORT_DATA_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("PASSPORT_BASE_URL", "https://verifier.example")
    monkeypatch.setenv("PASSPORT_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    get_settings.cache_clear()
    _context.engine.cache_clear()
    yield tmp_path
    _context.engine.cache_clear()
    get_settings.cache_clear()


def _files(api, tmp_path, credential, *, lists: bool = True) -> list[str]:
    """The credential, the issuer's DID document and (optionally) its status lists, fetched over HTTP."""
    (tmp_path / "public.json").write_text(json.dumps(credential))
    did_document = api.get("/orgs/maker-w/did.json").json()
    (tmp_path / "did.json").write_text(json.dumps(did_document))
    args = ["verify", str(tmp_path / "public.json"), "--did-document", str(tmp_path / "did.json")]
    if lists:
        for n, entry in enumerate(credential["credentialStatus"]):
            path = tmp_path / f"list-{n}.json"
            path.write_text(json.dumps(api.get(entry["statusListCredential"].removeprefix(BASE_URL)).json()))
            args += ["--status-list", str(path)]
    return args


def test_a_did_web_passport_is_verified_everywhere_then_revoked_everywhere(app, engine, did_web_maker, offline_cli):
    did, maker = did_web_maker
    data = json.loads(example_files()[0].read_text())
    with TestClient(app) as api:
        issued = api.post("/api/v1/passports", json=data, headers=maker)
        assert issued.status_code == 201, issued.text
        url = issued.json()["url"]
        public = api.get(url, headers=LD).json()
        assert public["issuer"]["id"] == did and public["proof"]["verificationMethod"].startswith(did + "#")

        page = api.get(url, headers=HTML).text
        assert "Signature verified" in page and "NOT verified" not in page
        assert "This passport is valid" in page
        checked = api.post("/verify", json=public).json()
        assert (checked["verified"], checked["outcome"]) == (True, "verified"), checked["errors"]

        offline = runner.invoke(cli, _files(api, offline_cli, public))
        assert offline.exit_code == 0, offline.output
        assert offline.stdout.startswith("verified")
        unchecked = runner.invoke(cli, _files(api, offline_cli, public, lists=False))
        assert unchecked.exit_code == 3, unchecked.output
        assert "NOT verified" in unchecked.stdout and "status NOT checked" in unchecked.stdout

        path = url.removeprefix(BASE_URL)
        assert api.post(f"/api/v1/passports{path}/revocation", json={"reason": "recall"},
                        headers=maker).status_code == 200
        page = api.get(url, headers=HTML).text
        assert "Signature verified" not in page and "REVOKED" in page
        revoked = api.post("/verify", json=public).json()
        assert revoked["outcome"] == "failed"
        assert [(c["name"], c["code"]) for c in revoked["errors"]] == [("status", "CREDENTIAL_REVOKED")]
        offline = runner.invoke(cli, [*_files(api, offline_cli, public), "--json"])
        assert offline.exit_code == 1, offline.output
        assert [(c["name"], c["code"]) for c in json.loads(offline.stdout)["errors"]] == [
            ("status", "CREDENTIAL_REVOKED")]


def test_a_did_web_status_list_signed_by_someone_else_fails(app, engine, did_web_maker, offline_cli):
    """The list's own signature is checked with the same did:web resolution: a list re-signed by another key
    under the issuer's name does not verify, so the status is not believed."""
    import passport
    from passport.keys import generate_key_pair

    did, maker = did_web_maker
    data = json.loads(example_files()[0].read_text())
    with TestClient(app) as api:
        url = api.post("/api/v1/passports", json=data, headers=maker).json()["url"]
        public = api.get(url, headers=LD).json()
        args = _files(api, offline_cli, public)
    forged_path = offline_cli / "list-0.json"
    forged = {k: v for k, v in json.loads(forged_path.read_text()).items() if k != "proof"}
    impostor = generate_key_pair("P-256")
    forged_path.write_text(json.dumps(passport.sign(forged, impostor, suite="ecdsa-rdfc-2019", allow_other_issuer=True)))
    result = runner.invoke(cli, [*args, "--json"])
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["errors"]
    assert (error["name"], error["code"]) == ("status", "STATUS_VERIFICATION_ERROR")


def test_the_page_never_calls_an_unverified_passport_valid(app, engine, did_web_maker):
    """Before: "Signature NOT verified" above, "This passport is valid" below. The status line now defers to the
    verdict: a passport whose issuer key is gone (its did:web cannot be resolved) is not called valid."""
    from sqlalchemy import delete

    from passport.keys.tables import IssuerKey

    _did, maker = did_web_maker
    data = json.loads(example_files()[0].read_text())
    with TestClient(app) as api:
        url = api.post("/api/v1/passports", json=data, headers=maker).json()["url"]
        with session_scope(engine) as s:
            s.execute(delete(IssuerKey))
        page = api.get(url + "/versions/1", headers=HTML).text
    assert "Signature NOT verified" in page and "This passport is valid" not in page
    assert "NOT verified (see above)" in page
