"""Issue 19, "growing past one node": two `passport serve` processes on one PostgreSQL database lose no update.

Everything is set up as an operator would (`passport db upgrade`, `orgs create`, `keys generate`, `tokens create`),
then bounded concurrent load is split across both servers; the oracle is the database both wrote to (versions,
status allocations, status bits against the transitions that succeeded), not either server's answer.
"""

from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest
from sqlalchemy import text

from tests.api.conftest import example_files
from tests.conftest import POSTGRES_URL, migrated_store

pytestmark = pytest.mark.postgres

PASSPORT = [sys.executable, "-m", "passport"]
DEADLINE = 45.0  # seconds for each burst of load


@dataclass
class Cluster:
    urls: list[str]
    tokens: dict[str, str]  # organisation slug -> manufacturer token
    engine: object


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([*PASSPORT, *args], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def _wait_healthy(url: str, server: subprocess.Popen) -> None:
    for _ in range(200):
        assert server.poll() is None, server.stderr.read()
        try:
            if httpx2.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx2.TransportError:
            time.sleep(0.1)
    pytest.fail(f"the server at {url} did not start")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, postgres_available) -> Iterator[Cluster]:
    with migrated_store("postgresql", tmp_path_factory.mktemp("db"), postgres_available, revisions=()) as engine:
        ports = [_free_port(), _free_port()]
        base = f"http://127.0.0.1:{ports[0]}"  # one public base URL, as behind a reverse proxy
        env = {**os.environ, "PASSPORT_DATA_DIR": str(tmp_path_factory.mktemp("one-database") / "data"),
               "PASSPORT_BASE_URL": base, "PASSPORT_LOG_FORMAT": "console",
               "PASSPORT_DATABASE_URL": engine.url.render_as_string(hide_password=False),
               "PASSPORT_KEY_ENCRYPTION_KEY": "two-servers-test-kek", "PASSPORT_RATE_LIMITS_ENABLED": "false"}
        _cli(env, "db", "upgrade")
        tokens = {}
        for slug in ("maker-a", "maker-b"):
            _cli(env, "orgs", "create", "--slug", slug, "--legal-name", slug.title(), "--role", "manufacturer")
            _cli(env, "keys", "generate", "--organisation", slug, "--suite", "ecdsa-sd-2023")
            out = _cli(env, "tokens", "create", "--role", "manufacturer", "--org", slug)
            tokens[slug] = next(w for w in out.split() if w.startswith("bp_"))
        servers = [subprocess.Popen([*PASSPORT, "serve", "--host", "127.0.0.1", "--port", str(p)], env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for p in ports]
        urls = [f"http://127.0.0.1:{p}" for p in ports]
        try:
            for url, server in zip(urls, servers):
                _wait_healthy(url, server)
            yield Cluster(urls, tokens, engine)
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                _, stderr = server.communicate(timeout=15)
                assert b"Traceback" not in stderr, stderr.decode(errors="replace")[-3000:]


def _passport(path: str) -> dict:
    data = json.loads(example_files()[0].read_text())
    data = copy.deepcopy(data)
    data["generalProductInformation"]["uniqueIdentifier"] = path
    return data


def _run(calls: list) -> list[httpx2.Response]:
    """Every call at once (a barrier releases them together), bounded by DEADLINE."""
    barrier = threading.Barrier(len(calls))

    def go(call):
        barrier.wait(timeout=DEADLINE)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(go, c) for c in calls]
        return [f.result(timeout=DEADLINE) for f in futures]


def _post(url: str, path: str, token: str, body: dict) -> httpx2.Response:
    return httpx2.post(url + path, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=DEADLINE)


def _versions(engine, path: str) -> list[int]:
    with engine.connect() as c:
        return c.execute(text("SELECT version FROM passport_version WHERE identifier = :p ORDER BY version"),
                         {"p": path}).scalars().all()


def _status_entries(engine, path: str) -> list[dict]:
    with engine.connect() as c:
        credential = c.execute(text("SELECT credential FROM passport_version WHERE identifier = :p "
                                    "ORDER BY version LIMIT 1"), {"p": path}).scalar_one()
    status = json.loads(credential)["credentialStatus"]
    return status if isinstance(status, list) else [status]


def _bit(engine, entry: dict) -> int:
    """W3C Bitstring Status List: index 0 is the most significant bit of the first byte."""
    with engine.connect() as c:
        bits = c.execute(text("SELECT bits FROM status_list WHERE url = :u"),
                         {"u": entry["statusListCredential"]}).scalar_one()
    index = int(entry["statusListIndex"])
    return (bytes(bits)[index // 8] >> (7 - index % 8)) & 1


def test_distinct_passports_issued_through_both_servers_all_exist_once(cluster):
    token = cluster.tokens["maker-a"]
    paths = [f"/id/{uuid.uuid4()}" for _ in range(12)]
    responses = _run([lambda u=cluster.urls[i % 2], p=p: _post(u, "/api/v1/passports", token, _passport(p))
                      for i, p in enumerate(paths)])
    assert [r.status_code for r in responses] == [201] * len(paths), [r.text for r in responses if r.is_error]
    seen: set[tuple[str, str]] = set()
    for path in paths:
        assert _versions(cluster.engine, path) == [1], path
        for entry in _status_entries(cluster.engine, path):
            key = (entry["statusListCredential"], entry["statusListIndex"])
            assert key not in seen, f"status list index handed out twice: {key}"
            seen.add(key)
    assert len(seen) == 2 * len(paths)  # one revocation and one suspension entry each


def test_one_new_identifier_claimed_by_two_organisations_through_two_servers_has_one_owner(cluster):
    for _ in range(4):
        path = f"/id/{uuid.uuid4()}"
        responses = _run([lambda: _post(cluster.urls[0], "/api/v1/passports", cluster.tokens["maker-a"],
                                        _passport(path)),
                          lambda: _post(cluster.urls[1], "/api/v1/passports", cluster.tokens["maker-b"],
                                        _passport(path))])
        assert sorted(r.status_code for r in responses) == [201, 403], [r.text for r in responses]
        refused = next(r for r in responses if r.status_code == 403)
        assert refused.json()["error"]["code"] == "NOT_PASSPORT_OWNER"
        assert _versions(cluster.engine, path) == [1]


def test_concurrent_new_versions_through_both_servers_are_consecutive(cluster):
    token, path = cluster.tokens["maker-a"], f"/id/{uuid.uuid4()}"
    assert _post(cluster.urls[0], "/api/v1/passports", token, _passport(path)).status_code == 201
    n = 8
    responses = _run([lambda u=cluster.urls[i % 2]: _post(u, f"/api/v1/passports{path}/versions", token,
                                                          {"passport": _passport(path)}) for i in range(n)])
    assert [r.status_code for r in responses] == [201] * n, [r.text for r in responses if r.is_error]
    assert sorted(r.json()["version"] for r in responses) == list(range(2, n + 2))
    assert _versions(cluster.engine, path) == list(range(1, n + 2))


def test_status_flips_through_both_servers_leave_bits_as_the_transitions_say(cluster):
    token, path = cluster.tokens["maker-a"], f"/id/{uuid.uuid4()}"
    assert _post(cluster.urls[0], "/api/v1/passports", token, _passport(path)).status_code == 201
    actions = ["suspension", "reinstatement"] * 5 + ["suspension", "revocation"]
    responses = _run([lambda u=cluster.urls[i % 2], a=a: _post(u, f"/api/v1/passports{path}/{a}", token, {})
                      for i, a in enumerate(actions)])
    assert all(r.status_code < 500 for r in responses), [r.text for r in responses]
    assert any(r.status_code == 200 for r in responses)
    with cluster.engine.connect() as c:
        kinds = c.execute(text("SELECT kind FROM status_transition WHERE identifier = :p ORDER BY id"),
                          {"p": path}).scalars().all()
    succeeded = sum(r.status_code == 200 for r in responses)
    assert len(kinds) == succeeded  # one transition row per accepted flip, none lost
    with cluster.engine.connect() as c:
        audited = c.execute(text("SELECT action FROM audit_entry WHERE subject = :p AND action IN "
                                 "('revoke', 'suspend', 'reinstate') ORDER BY seq"), {"p": path}).scalars().all()
    assert len(audited) == succeeded
    state = "active"  # the audit log, replayed, must be a legal walk: no double suspension, nothing after revocation
    for action in audited:
        assert state != "revoked" and (action, state) != ("suspend", "suspended") \
            and (action, state) != ("reinstate", "active"), (audited, state, action)
        state = {"revoke": "revoked", "suspend": "suspended", "reinstate": "active"}[action]
    suspended = None
    for kind in kinds:
        if kind in ("suspension", "reinstatement"):
            suspended = kind == "suspension"
    bits = {e["statusPurpose"]: _bit(cluster.engine, e) for e in _status_entries(cluster.engine, path)}
    assert bits["revocation"] == int("revocation" in kinds)
    if suspended is not None:
        assert bits["suspension"] == int(suspended)
