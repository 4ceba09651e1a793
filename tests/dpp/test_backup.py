"""EN 18221 back-up: two services on loopback; `passport backup push` replicates versions, status lists, DPP
records and the audit chain to the back-up over its own API, idempotently; `passport backup verify` finds a
missing version and an edited audit entry; then the primary is stopped and every version is read from the
back-up, at each access level, byte for byte the view the primary stored (the oracle, read from its database).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from api.app import create_app
from passport import verify
from passport.auth import Role, create_token, token_hash_key
from passport.cli import app as cli
from passport.logs import configure_logging
from passport.settings import get_settings, load_settings
from passport.store.engine import session_scope
from tests.conftest import migrated_store
from tests.dpp.conftest import BASE_URL, SPEC, example, make_service
from tests.dpp.servers import serve

runner = CliRunner()


def run_cli(args: list[str]):
    """`passport ARGS`; logging goes back to the real stderr after (the CLI points it at the runner's stream,
    which the servers' threads would otherwise write to once it is closed)."""
    result = runner.invoke(cli, args)
    configure_logging("INFO", "console")
    return result
LEVELS = ("public", "legitimate_interest", "authority")
MERGE = {"Content-Type": "application/merge-patch+json"}


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)
    except urllib.error.URLError:
        return None, b"", {}  # nothing listens


def _primary_writes(client: TestClient, headers) -> dict[str, str]:
    """Passport A: three versions and a suspension; passport B: waste, then ended."""
    maker = headers["manufacturer"]
    a = client.post("/dpp/v1/dpps", json={SPEC: example()}, headers=maker).json()["digitalProductPassportId"]
    b = client.post("/dpp/v1/dpps", json={SPEC: example("nmc811-ev-pack")}, headers=maker)
    b = b.json()["digitalProductPassportId"]
    assert client.patch(f"/dpp/v1/dpps/{a}", json={SPEC: {"performanceAndDurability": {"batteryCondition": {
        "stateOfHealthPercent": "97.0"}}}}, headers={**maker, **MERGE}).status_code == 200
    assert client.patch(f"/dpp/v1/dpps/{a}/elements/generalProductInformation/batteryStatus?note=home+storage",
                        json={"value": "repurposed"}, headers=maker).status_code == 200
    assert client.post("/api/v1/passports/01/04012345000016/21/ESS200-004711/suspension", json={"reason": "check"},
                       headers=maker).status_code == 200
    assert client.patch(f"/dpp/v1/dpps/{b}/elements/generalProductInformation/batteryStatus?note=crash",
                        json={"value": "waste"}, headers=maker).status_code == 200
    assert client.delete(f"/dpp/v1/dpps/{b}?reason=recycled", headers=maker).status_code == 204
    return {"a": a, "b": b}


def _stored_views(engine) -> dict[tuple[str, int, str], str]:
    with engine.connect() as c:
        rows = c.execute(text("SELECT v.identifier, v.version, w.access_group, w.credential FROM passport_version v "
                              "JOIN passport_view w ON w.version_id = v.id")).all()
    return {(i, n, g): cred for i, n, g, cred in rows}


@pytest.fixture
def cli_env(engine, tmp_path, monkeypatch):
    from passport.cli import _context

    monkeypatch.setenv("PASSPORT_DATA_DIR", str(tmp_path / "primary" / "data"))
    monkeypatch.setenv("PASSPORT_BASE_URL", BASE_URL)
    monkeypatch.setenv("PASSPORT_LOG_FORMAT", "console")
    monkeypatch.setenv("PASSPORT_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    _context.engine.cache_clear()
    yield
    get_settings.cache_clear()
    _context.engine.cache_clear()


def test_push_verify_then_read_everything_from_the_backup(engine, tmp_path, issuer_keys, postgres_available,
                                                          cli_env):
    (tmp_path / "primary").mkdir()
    settings, headers = make_service(engine, tmp_path / "primary", issuer_keys)
    primary_app = create_app(settings)
    backend = "postgresql" if engine.dialect.name == "postgresql" else "sqlite"
    (tmp_path / "backup").mkdir()
    with migrated_store(backend, tmp_path / "backup", postgres_available) as backup_engine, \
            serve(primary_app) as primary, TestClient(primary_app) as client:
        ids = _primary_writes(client, headers)
        views = _stored_views(engine)
        assert len(views) == 3 * (3 + 2)  # A: 3 versions, B: 2 versions; one view per level
        backup_settings = load_settings(data_dir=tmp_path / "backup" / "data", base_url=BASE_URL,
                                        log_format="console",
                                        database_url=backup_engine.url.render_as_string(hide_password=False))
        key = token_hash_key(backup_settings)
        with session_scope(backup_engine) as s:
            tokens = {r: create_token(s, organisation=f"Backup {r}", role=r, expires_in_days=1, key=key).token
                      for r in (Role.OPERATOR, Role.LEGITIMATE_INTEREST, Role.MARKET_SURVEILLANCE)}
        level_headers = {"public": {}, "legitimate_interest": {"Authorization": f"Bearer {tokens[Role.LEGITIMATE_INTEREST]}"},
                         "authority": {"Authorization": f"Bearer {tokens[Role.MARKET_SURVEILLANCE]}"}}
        operator = tokens[Role.OPERATOR]
        with serve(create_app(backup_settings)) as backup:
            push = ["backup", "push", "--to", backup.url, "--token", operator, "--json"]
            r = run_cli(push)
            assert r.exit_code == 0, r.output
            report = json.loads(r.output)
            assert report["created"]["versions"] == 5 and report["created"]["dpps"] == 2
            assert report["created"]["statusLists"] >= 2 and report["created"]["audit"] == report["sent"]["audit"] > 0
            again = json.loads(run_cli(push).output)  # idempotent: nothing left to send
            assert again["sent"] == {"versions": 0, "statusLists": 0, "dpps": 0, "audit": 0}
            check = ["backup", "verify", "--to", backup.url, "--token", operator]
            r = run_cli(check)
            assert r.exit_code == 0 and r.output.startswith("complete: 5 versions"), r.output

            # a lost version and an edited audit entry on the back-up are found, by code
            with backup_engine.begin() as c:
                vid = c.execute(text("SELECT id FROM passport_version WHERE version = 3")).scalar_one()
                c.execute(text("DELETE FROM passport_view WHERE version_id = :v"), {"v": vid})
                c.execute(text("DELETE FROM passport_version WHERE id = :v"), {"v": vid})
                c.execute(text("UPDATE archive_audit_entry SET actor = 'someone else' WHERE seq = 2"))
            r = run_cli([*check, "--json"])
            codes = {d["code"] for d in json.loads(r.output)["differences"]}
            assert r.exit_code == 1 and codes == {"VERSION_MISSING", "BACKUP_AUDIT_BROKEN"}
            assert "AUDIT_ENTRY_EDITED@2" in r.output
            with backup_engine.begin() as c:  # undo the edit; a push restores the version
                actor = engine.connect().execute(text("SELECT actor FROM audit_entry WHERE seq = 2")).scalar_one()
                c.execute(text("UPDATE archive_audit_entry SET actor = :a WHERE seq = 2"), {"a": actor})
            assert json.loads(run_cli(push).output)["created"]["versions"] == 1
            assert run_cli(check).exit_code == 0

            primary.stop()  # the primary is gone
            assert _get(primary.url + "/healthz")[0] is None

            for (identifier, number, level), stored in views.items():
                status, body, head = _get(f"{backup.url}{identifier}/versions/{number}",
                                          {"Accept": "application/ld+json", **level_headers[level]})
                assert status == 200 and body.decode("utf-8") == stored, (identifier, number, level)
            a_url = f"{backup.url}/dpp/v1/dpps/{ids['a']}"
            status, body, _ = _get(a_url, level_headers["legitimate_interest"])
            document = json.loads(body)
            assert status == 200 and document["dppStatus"] == "Suspended"
            assert document[SPEC]["generalProductInformation"]["batteryStatus"] == "repurposed"
            status, body, _ = _get(f"{backup.url}/dpp/v1/dpps/{ids['b']}")
            assert status == 404 and json.loads(body)["messages"][0]["code"] == "DPP_ENDED"
            status, body, head = _get(f"{backup.url}/dpp/v1/dppsByIdAndDate/{ids['b']}?date="
                                      + quote("2099-01-01"), level_headers["authority"])
            assert status == 200 and json.loads(body)["dppStatus"] == "Archived"
            assert {k.lower(): v for k, v in head.items()}["content-location"].endswith("/versions/2")
            # the credential verifies against the status lists the back-up serves
            credential = json.loads(_get(f"{backup.url}/01/04012345000016/21/ESS200-004711",
                                         {"Accept": "application/ld+json"})[1])
            lists = {e["statusListCredential"]: json.loads(_get(backup.url + e["statusListCredential"]
                                                                .removeprefix(BASE_URL))[1])
                     for e in credential["credentialStatus"]}
            result = verify(credential, status_lists=lists)
            assert not result.verified and {c.code for c in result.errors} == {"CREDENTIAL_SUSPENDED"}
