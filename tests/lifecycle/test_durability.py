"""Durability: a real server (`passport serve`) is SIGKILLed in the middle of a batch of writes; after a restart
every acknowledged write is there and nothing is half-written (each version has its views, its status entries
and its audit entry; the audit chain verifies). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlmodel import col, select

from tests.conftest import hold_example_prefixes
from passport.auth import Role, create_token, token_hash_key
from passport.keys.keystore import create_issuer_key
from passport.lifecycle import issue_version, list_audit, passport_state, verify_audit
from passport.lifecycle.tables import StatusAllocation, StatusList
from passport.registry.issue import SUITE
from passport.registry.tables import PassportVersion, PassportView
from passport.settings import load_settings
from passport.store.engine import session_scope
from passport.store.tables import Organisation
from tests.lifecycle.conftest import example

ROOT = Path(__file__).resolve().parents[2]
KEK = "durability-test passphrase"
WORKERS = 3
WRITES_PER_WORKER = 30
KILL_AFTER = 8  # acknowledged writes before the kill, while the other workers' requests are in flight


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`passport serve` in its own process group, on a free port, against the test's store."""

    def __init__(self, env: dict[str, str], port: int, log: Path):
        self.env, self.port, self.log = env, port, log
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "passport", "serve", "--port", str(self.port)],
                                            cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        deadline = time.monotonic() + 60  # readiness wait, not a timing assertion
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-2000:]
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the server did not come up:\n" + self.log.read_text()[-2000:])

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()


def _post(url: str, body: dict, token: str) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


@pytest.fixture
def world(engine, tmp_path):
    url = engine.url.render_as_string(hide_password=False)
    settings = load_settings(data_dir=tmp_path / "data", base_url="http://127.0.0.1", log_format="console",
                             database_url=url, key_encryption_key=KEK)
    from passport.keys import generate_key_pair

    key = generate_key_pair("P-256")
    with session_scope(engine) as s:
        token = create_token(s, organisation="Maker A", role=Role.MANUFACTURER, expires_in_days=1,
                             key=token_hash_key(settings)).token
        org = s.exec(select(Organisation).where(Organisation.name == "Maker A")).one()
        org.did = key.controller
        s.add(org)
        hold_example_prefixes(s, org)
        org_id = org.id
    create_issuer_key(engine, org_id, suite=SUITE, key=key, settings=settings)
    base = example()
    paths = []
    for i in range(WORKERS):
        data = copy.deepcopy(base)
        data["generalProductInformation"]["uniqueIdentifier"] = f"/01/04012345000016/21/DUR-{i}"
        data["generalProductInformation"]["serialNumber"] = f"DUR-{i}"
        with session_scope(engine) as s:
            paths.append(issue_version(s, data, signer=key, base_url=settings.base_url, actor="setup",
                                       organisation_id=org_id).identifier.path)
    env = {**os.environ, "PASSPORT_DATABASE_URL": url, "PASSPORT_DATA_DIR": str(tmp_path / "data"),
           "PASSPORT_BASE_URL": settings.base_url, "PASSPORT_KEY_ENCRYPTION_KEY": KEK,
           "PASSPORT_LOG_FORMAT": "console", "PASSPORT_LOG_LEVEL": "WARNING"}
    server = Server(env, _free_port(), tmp_path / "server.log")
    yield server, token, paths, base
    server.stop()


def _writes(path: str, base: dict, worker: int):
    """An endless mix for one passport: dynamic updates (new versions) and suspend / reinstate."""
    for n in range(WRITES_PER_WORKER):
        kind = ("version", "suspension", "version", "reinstatement")[n % 4]
        if kind == "version":
            data = copy.deepcopy(base)
            data["generalProductInformation"]["uniqueIdentifier"] = path
            data["generalProductInformation"]["serialNumber"] = path.rsplit("/", 1)[1]
            data["performanceAndDurability"]["batteryCondition"]["stateOfHealthPercent"] = 99.0 - n * 0.5 - worker
            yield kind, {"passport": data}
        else:
            yield kind, {"reason": f"durability {worker}.{n}"}


def _run_batch(server: Server, token: str, paths: list[str], base: dict) -> list[tuple[str, str, dict]]:
    acknowledged: list[tuple[str, str, dict]] = []
    lock, enough = threading.Lock(), threading.Event()

    def worker(index: int) -> None:
        path = paths[index]
        for kind, body in _writes(path, base, index):
            try:
                answer = _post(f"{server.base}/api/v1/passports{path}/{'versions' if kind == 'version' else kind}",
                               body, token)
            except (OSError, urllib.error.HTTPError):
                return  # the server is gone (or refused): this write was not acknowledged
            with lock:
                acknowledged.append((path, kind, answer))
                if len(acknowledged) >= KILL_AFTER:
                    enough.set()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
    for t in threads:
        t.start()
    enough.wait(timeout=600)
    server.kill()  # SIGKILL while the other workers' requests are in flight
    for t in threads:
        t.join()
    with lock:
        return list(acknowledged)


def test_sigkill_mid_batch_loses_no_acknowledged_write_and_leaves_nothing_half_written(engine, world):
    server, token, paths, base = world
    server.start()
    acknowledged = _run_batch(server, token, paths, base)
    assert len(acknowledged) >= KILL_AFTER
    assert len(acknowledged) < WORKERS * WRITES_PER_WORKER, "the batch finished before the kill"
    server.start()  # restart on the same store
    try:
        with session_scope(engine) as session:
            # every acknowledged version is there, byte for byte
            for path, kind, answer in acknowledged:
                if kind == "version":
                    row = session.exec(select(PassportVersion).where(PassportVersion.identifier == path,
                                                                     PassportVersion.version == answer["version"])).one()
                    assert row.etag == answer["etag"]
            # every acknowledged suspend / reinstate is the recorded state of its passport
            for path in paths:
                last = [a for p, k, a in acknowledged if p == path and k != "version"]
                if last:
                    assert passport_state(session, path).suspended == last[-1]["suspended"]
            # nothing half-written: each version has its three views, its status entries, its one audit entry
            versions = session.exec(select(PassportVersion).order_by(col(PassportVersion.id))).all()
            lists = {r.url: r.id for r in session.exec(select(StatusList)).all()}
            audited = {(e.subject, e.payload.get("version")) for e in list_audit(session, limit=10_000)
                       if e.action in ("issue", "update", "status")}
            for row in versions:
                views = session.exec(select(PassportView).where(PassportView.version_id == row.id)).all()
                assert sorted(v.access_group for v in views) == ["authority", "legitimate_interest", "public"]
                for entry in json.loads(row.credential)["credentialStatus"]:
                    allocated = session.exec(select(StatusAllocation).where(
                        StatusAllocation.list_id == lists[entry["statusListCredential"]],
                        StatusAllocation.index == int(entry["statusListIndex"]))).first()
                    assert allocated is not None
                assert (row.identifier, row.version) in audited
            assert len(audited) == len(versions)
            result = verify_audit(session)
            assert result.verified, result.problems
            print(json.dumps({"acknowledged": len(acknowledged), "versions": len(versions),  # shown with -s
                              "auditEntries": result.entries}))
        # the restarted server takes writes again
        path, kind, body = paths[0], *next(_writes(paths[0], base, 0))
        answer = _post(f"{server.base}/api/v1/passports{path}/versions", body, token)
        assert answer["version"] >= 2
    finally:
        server.stop()
    with session_scope(engine) as session:
        assert verify_audit(session).verified
