"""`passport verify --fetch-status`: a status list dereferenced over the network only when asked, only https (or
http to a loopback host), bounded in size, no redirects, and verified before its bits count (issue 14, point 3).
A server on 127.0.0.1 (a free port, stopped by the fixture) plays the issuer's web server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

import passport
from passport.cli import app
from passport.keys import generate_key_pair
from passport.status import Bitstring, status_entry, status_list_credential
from passport.trust.fetch import allowed, fetch_status_list

runner = CliRunner()
KEY = generate_key_pair("Ed25519")


class _Issuer(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        status, headers, body = self.routes.get(self.path, (404, {}, b"{}"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Issuer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Issuer.routes = {}
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def _list(url: str, revoked: bool) -> bytes:
    bits = Bitstring()
    bits.set(3, revoked)
    signed = passport.sign(status_list_credential(url, KEY.controller, "revocation", bits,
                                                  valid_from="2026-01-01T00:00:00Z"), KEY)
    return json.dumps(signed).encode()


def _credential(url: str) -> dict:
    return passport.sign({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                          "issuer": KEY.controller, "validFrom": "2026-01-01T00:00:00Z",
                          "credentialStatus": status_entry(url, 3, "revocation"),
                          "credentialSubject": {"id": "urn:uuid:7d9e1f00-1b2c-4d5e-8f90-a1b2c3d4e5f6"}}, KEY)


@pytest.fixture
def offline_store(tmp_path, monkeypatch):
    from passport.cli import _context
    from passport.settings import get_settings

    monkeypatch.setenv("PASSPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PASSPORT_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    get_settings.cache_clear()
    _context.engine.cache_clear()
    yield tmp_path
    _context.engine.cache_clear()
    get_settings.cache_clear()


def test_only_https_or_loopback_http_is_fetched():
    assert allowed("https://issuer.example/status/1")
    assert allowed("http://127.0.0.1:8000/status/1") and allowed("http://localhost/status/1")
    assert not allowed("http://issuer.example/status/1")
    assert not allowed("ftp://issuer.example/status/1") and not allowed("file:///etc/passwd")
    assert fetch_status_list("http://issuer.example/status/1") is None  # refused before any connection


def test_size_and_redirects_are_bounded(server):
    _Issuer.routes = {"/big": (200, {}, b"{" + b" " * 5000 + b"}"),
                      "/moved": (302, {"Location": "https://elsewhere.example/list"}, b""),
                      "/array": (200, {}, b"[1, 2]")}
    assert fetch_status_list(f"{server}/big", max_bytes=4000) is None
    assert fetch_status_list(f"{server}/big") == {}
    assert fetch_status_list(f"{server}/moved") is None
    assert fetch_status_list(f"{server}/array") is None
    assert fetch_status_list(f"{server}/missing") is None


def test_verify_fetches_the_list_only_when_asked(server, offline_store):
    url = f"{server}/status/1"
    path = offline_store / "credential.json"
    path.write_text(json.dumps(_credential(url)))
    _Issuer.routes = {"/status/1": (200, {"Content-Type": "application/vc+ld+json"}, _list(url, revoked=False))}
    offline = runner.invoke(app, ["verify", str(path)])
    assert offline.exit_code == 3 and "status NOT checked" in offline.stdout
    fetched = runner.invoke(app, ["verify", "--fetch-status", str(path)])
    assert fetched.exit_code == 0, fetched.output
    _Issuer.routes = {"/status/1": (200, {}, _list(url, revoked=True))}
    revoked = runner.invoke(app, ["verify", "--fetch-status", "--json", str(path)])
    assert revoked.exit_code == 1
    assert [(c["name"], c["code"]) for c in json.loads(revoked.stdout)["errors"]] == [("status", "CREDENTIAL_REVOKED")]
    forged = json.loads(_list(url, revoked=False))
    forged["credentialSubject"]["encodedList"] = json.loads(_list(url, revoked=True))["credentialSubject"]["encodedList"]
    _Issuer.routes = {"/status/1": (200, {}, json.dumps(forged).encode())}  # bits changed after signing
    tampered = runner.invoke(app, ["verify", "--fetch-status", "--json", str(path)])
    assert tampered.exit_code == 1
    assert [c["code"] for c in json.loads(tampered.stdout)["errors"]] == ["STATUS_VERIFICATION_ERROR"]
