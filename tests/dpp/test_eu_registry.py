"""EU DPP registry registration (Reg. (EU) 2026/1778) against the mock registry on loopback: on issuance when
PASSPORT_REGISTRY_URL is set, batches of at most 100, `passport registry register`, duplicates, an unreachable
registry, a proof that does not hash the version, and the registration in the authority view and `passport status`.

Oracles: the mock's own models and HMAC signature (tests/dpp/mock_registry.py), the SHA-256 of the stored
credential bytes computed here, and CN code 8507 60 00 (lithium-ion accumulators) read from the nomenclature.
"""

from __future__ import annotations

import copy
import hashlib
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from api.app import create_app
from passport.cli import app as cli
from passport.errors import UpstreamError
from passport.eu_registry import commodity_code, register_passports, registration_of
from passport.eu_registry import client as client_module
from passport.eu_registry import service as service_module
from passport.settings import get_settings
from passport.store.engine import session_scope
from tests.conftest import cli_on_store
from tests.dpp.conftest import BASE_URL, SPEC, make_service
from tests.dpp.mock_registry import create_registry_app, sign
from tests.dpp.servers import free_port, serve

PATH = "/01/04012345000016/21/ESS200-004711"
runner = CliRunner()


@pytest.fixture
def registry():
    mock = create_registry_app()
    with serve(mock) as running:
        yield mock, running.url


def _client(engine, tmp_path, issuer_keys, registry_url):
    settings, headers = make_service(engine, tmp_path, issuer_keys, registry_url=registry_url)
    return TestClient(create_app(settings)), headers, settings


def _stored_digest(engine, path: str = PATH) -> str:
    with engine.connect() as c:
        credential = c.execute(text("SELECT credential FROM passport_version WHERE identifier = :i "
                                    "ORDER BY version DESC"), {"i": path}).first()[0]
    return "sha256:" + hashlib.sha256(credential.encode("utf-8")).hexdigest()


def test_issuance_registers_and_the_authority_sees_the_proof(engine, tmp_path, issuer_keys, registry, data):
    mock, url = registry
    client, headers, _ = _client(engine, tmp_path, issuer_keys, url)
    with client:
        created = client.post("/dpp/v1/dpps", json={SPEC: data}, headers=headers["manufacturer"])
        assert created.status_code == 201
        sent = mock.state.registrations[BASE_URL + PATH]
        assert sent["commodityCode"] == "85076000" and sent["economicOperatorId"] == "gln:4012345000009"
        assert sent["digitalProductPassportId"] == created.json()["digitalProductPassportId"]
        assert sent["passportDigest"] == _stored_digest(engine) and sent["passportVersion"] == 1
        dpp = created.headers["location"].removeprefix(BASE_URL)
        seen = client.get(dpp, headers=headers["authority"]).json()["euRegistryRegistration"]
        assert seen["state"] == "registered" and seen["registrationId"] == "EU-DPP-00000001"
        proof = seen["proofOfRegistration"]
        data_sent = {k: v for k, v in sent.items() if k != "registrationId"}
        assert proof["signature"] == sign(proof["registrationId"], data_sent, proof["registeredAt"])
        for level in ("public", "legitimate_interest"):
            assert "euRegistryRegistration" not in client.get(dpp, headers=headers[level]).json()


def test_bulk_issuance_registers_in_batches_of_at_most_100(engine, tmp_path, issuer_keys, registry, data,
                                                           monkeypatch):
    mock, url = registry
    monkeypatch.setattr(service_module, "MAX_BATCH", 2)  # 3 passports: requests of 2 and 1
    client, headers, _ = _client(engine, tmp_path, issuer_keys, url)
    batch = []
    for serial in ("A-1", "A-2", "A-3"):
        d = copy.deepcopy(data)
        d["generalProductInformation"]["uniqueIdentifier"] = f"/01/04012345000016/21/{serial}"
        d["generalProductInformation"]["serialNumber"] = serial
        batch.append(d)
    with client:
        r = client.post("/api/v1/passports/batch", json={"passports": batch}, headers=headers["manufacturer"])
        assert r.status_code == 201
    assert mock.state.requests == [2, 1]
    assert sorted(v["registrationId"] for v in mock.state.registrations.values()) == [
        "EU-DPP-00000001", "EU-DPP-00000002", "EU-DPP-00000003"]


def test_registry_refuses_more_than_100_and_the_client_never_sends_them(data):
    one = {"uniqueProductIdentifier": BASE_URL + PATH, "digitalProductPassportId": "urn:uuid:" + "0" * 36,
           "economicOperatorId": "gln:4012345000009", "commodityCode": "85076000", "passportVersion": 1,
           "passportDigest": "sha256:" + "a" * 64}
    with TestClient(create_registry_app()) as mock:
        r = mock.post("/registrations", json={"registrations": [one] * 101})
        assert r.status_code == 422 and r.json()["error"]["code"] == "INVALID_REGISTRATION"
        r = mock.post("/registrations", json={"registrations": [{**one, "commodityCode": "12"}]})
        assert r.status_code == 422 and ["body", "registrations", 0, "commodityCode"] in r.json()["error"]["problems"]
    with pytest.raises(Exception) as caught:
        client_module.HttpRegistryClient("http://127.0.0.1:9").register([])
    assert caught.value.code == "BATCH_TOO_LARGE"


@pytest.fixture
def env(engine, tmp_path, monkeypatch):
    with cli_on_store(engine, tmp_path, monkeypatch, BASE_URL):
        yield monkeypatch


def test_cli_register_duplicate_and_status(engine, tmp_path, issuer_keys, registry, data, env):
    mock, url = registry
    client, headers, _ = _client(engine, tmp_path, issuer_keys, None)  # issued with no registry configured
    with client:
        assert client.post("/dpp/v1/dpps", json={SPEC: data}, headers=headers["manufacturer"]).status_code == 201
    assert mock.state.registrations == {}
    r = runner.invoke(cli, ["registry", "register", PATH])
    assert r.exit_code == 2 and "REGISTRY_NOT_CONFIGURED" in r.output
    env.setenv("PASSPORT_REGISTRY_URL", url)
    get_settings.cache_clear()
    r = runner.invoke(cli, ["registry", "register", PATH, "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)[0]["registrationId"] == "EU-DPP-00000001"
    r = runner.invoke(cli, ["status", PATH])
    assert r.exit_code == 0 and "EU registry: registered EU-DPP-00000001" in r.output
    assert _stored_digest(engine) in r.output
    r = runner.invoke(cli, ["registry", "register", PATH])
    assert r.exit_code == 1 and "ALREADY_REGISTERED" in r.output
    with session_scope(engine) as session:  # forget it locally: the registry itself refuses the duplicate
        session.delete(registration_of(session, PATH))
    r = runner.invoke(cli, ["registry", "register", PATH])
    assert r.exit_code == 1 and "REGISTRY_DUPLICATE" in r.output
    with session_scope(engine) as session:
        row = registration_of(session, PATH)
        assert row.state == "failed" and row.error == "REGISTRY_DUPLICATE" and row.registration_id is None
    env.setenv("PASSPORT_REGISTRY_URL", f"http://127.0.0.1:{free_port()}")
    get_settings.cache_clear()
    r = runner.invoke(cli, ["registry", "register", PATH])
    assert r.exit_code == 3 and "REGISTRY_UNREACHABLE" in r.output


def test_unreachable_registry_never_blocks_issuance(engine, tmp_path, issuer_keys, data):
    client, headers, _ = _client(engine, tmp_path, issuer_keys, f"http://127.0.0.1:{free_port()}")
    with client:
        assert client.post("/dpp/v1/dpps", json={SPEC: data}, headers=headers["manufacturer"]).status_code == 201
    with session_scope(engine) as session:
        row = registration_of(session, PATH)
        assert row.state == "failed" and row.error == "REGISTRY_UNREACHABLE"


class _WrongProof:
    def register(self, batch):
        return [{"registrationId": "R-1", "proof": {"registrationId": "R-1", "passportDigest": "sha256:" + "0" * 64}}
                for _ in batch]


def test_a_proof_of_another_version_is_refused(engine, tmp_path, issuer_keys, data):
    client, headers, settings = _client(engine, tmp_path, issuer_keys, None)
    with client:
        client.post("/dpp/v1/dpps", json={SPEC: data}, headers=headers["manufacturer"])
    with pytest.raises(UpstreamError) as caught:
        register_passports(engine, [PATH], registry_url="http://registry.invalid", base_url=BASE_URL,
                           backup_url=None, actor="test", client=_WrongProof())
    assert caught.value.code == "REGISTRY_PROOF_MISMATCH"
    with session_scope(engine) as session:
        row = registration_of(session, PATH)
        assert row.state == "failed" and row.proof is None


@pytest.mark.parametrize("chemistry, code", [("LFP (LiFePO4) / graphite", "85076000"), ("NMC811", "85076000"),
                                             ("Nickel-metal hydride", "85075000"), ("lead-acid", "85072000"),
                                             ("sodium-ion", "85078000"), (None, "85078000")])
def test_commodity_code_from_chemistry(chemistry, code):
    assert commodity_code(chemistry) == code
