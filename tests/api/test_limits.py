"""Bounded input at the HTTP edge: 413 before parsing, every JSON body through the one reader, coded 422s."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from api.middleware.body_limit import BodyLimitMiddleware
from api.middleware.json_body import JsonBodyMiddleware
from passport.auth import Role, create_token, token_hash_key
from passport.settings import load_settings
from passport.store.engine import session_scope

DEEP = "[" * 10_000 + "]" * 10_000


def _routes_with_bodies(app) -> list[tuple[str, str]]:
    """Every documented operation that takes a body, path parameters filled with a placeholder."""
    out = []
    for path, operations in app.openapi()["paths"].items():
        for method in sorted(set(operations) & {"post", "put", "patch"}):
            out.append((method.upper(), re.sub(r"\{[^}]+\}", "x", path)))
    return out


def test_a_10000_level_document_is_422_on_every_json_endpoint(app):
    routes = _routes_with_bodies(app)
    assert len(routes) >= 8, routes  # the issuer, lifecycle, verify and contributor endpoints at least
    with TestClient(app) as client:
        for method, path in routes:
            for media in ("application/json", "application/ld+json"):
                r = client.request(method, path, content=DEEP, headers={"Content-Type": media})
                assert r.status_code == 422, (method, path, r.status_code)
                assert r.json()["error"]["code"] == "JSON_TOO_DEEP", (method, path)


@pytest.mark.parametrize(("body", "code"), [
    ('{"@context": 1, "@context": 2}', "JSON_DUPLICATE_KEY"),
    ('{"v": NaN}', "JSON_NOT_A_NUMBER"),
    ('{"v": Infinity}', "JSON_NOT_A_NUMBER"),
    ('{"v": ', "INVALID_JSON"),
])
def test_bad_json_is_a_coded_422_on_the_issuer_and_verify_apis(app, body, code):
    with TestClient(app) as client:
        for path in ("/verify", "/api/v1/passports", "/api/v1/contributions/custody"):
            r = client.post(path, content=body, headers={"Content-Type": "application/json"})
            assert (r.status_code, r.json()["error"]["code"]) == (422, code), path
    assert "NaN" not in json.dumps(r.json()["error"]["message"]) or code == "JSON_NOT_A_NUMBER"


def test_verify_reads_a_deep_body_sent_as_text_or_through_the_page(app):
    with TestClient(app) as client:
        r = client.post("/verify", content=DEEP, headers={"Content-Type": "text/plain"})
        assert (r.status_code, r.json()["error"]["code"]) == (422, "JSON_TOO_DEEP")
        pasted = client.post("/verify/page", data={"credential": DEEP})
        uploaded = client.post("/verify/page", files={"file": ("deep.json", DEEP.encode(), "application/json")})
    for page in (pasted, uploaded):
        assert page.status_code == 422 and "text/html" in page.headers["content-type"]


def test_a_deep_better_mining_upload_is_422_and_names_the_file(app, engine, api_settings):
    with session_scope(engine) as session:
        token = create_token(session, organisation="Programme", role=Role.CONTRIBUTOR, expires_in_days=1,
                             key=token_hash_key(api_settings)).token
    with TestClient(app) as client:
        r = client.post("/api/v1/contributions/bettermining", headers={"Authorization": f"Bearer {token}"},
                        files=[("files", ("incidents.json", DEEP.encode(), "application/json"))])
    assert r.status_code == 422
    error = r.json()["error"]
    assert (error["code"], error["details"]["reason"], error["details"]["file"]) == (
        "IMPORT_FAILED", "json_too_deep", "incidents.json")


# --- 413 before parsing -----------------------------------------------------------------------------------------

def _probe_app(max_body: int = 1_000, max_upload: int = 5_000):
    parsed: list[int] = []

    async def endpoint(request: Request) -> JSONResponse:
        body = await request.body()
        parsed.append(len(body))
        return JSONResponse({"read": len(body)})

    app = Starlette(routes=[Route("/", endpoint, methods=["POST"])])
    app.add_middleware(JsonBodyMiddleware, max_depth=50)
    app.add_middleware(BodyLimitMiddleware, max_body_bytes=max_body, max_upload_bytes=max_upload)
    return app, parsed


def test_a_declared_oversize_body_is_413_and_the_route_never_runs():
    app, parsed = _probe_app()
    with TestClient(app) as client:
        r = client.post("/", content=b"x" * 1_001, headers={"Content-Type": "application/json"})
        ok = client.post("/", content=b"[" + b"1," * 400 + b"1]", headers={"Content-Type": "application/json"})
    assert (r.status_code, r.json()["error"]["code"], r.json()["error"]["details"]) == (
        413, "PAYLOAD_TOO_LARGE", {"maxBytes": 1_000})
    assert ok.status_code == 200 and parsed == [803]


def test_a_chunked_oversize_body_is_413_once_the_count_passes_the_limit():
    app, parsed = _probe_app()

    def chunks():
        for _ in range(20):
            yield b"[" * 100

    with TestClient(app) as client:
        for media in ("application/json", "application/octet-stream"):
            r = client.post("/", content=chunks(), headers={"Content-Type": media})
            assert "content-length" not in {k.lower() for k in r.request.headers}
            assert (r.status_code, r.json()["error"]["code"]) == (413, "PAYLOAD_TOO_LARGE"), media
    assert parsed == []


def test_multipart_uploads_have_their_own_larger_limit():
    app, parsed = _probe_app(max_body=1_000, max_upload=5_000)
    with TestClient(app) as client:
        small = client.post("/", files={"file": ("a.csv", b"x" * 3_000)})
        large = client.post("/", files={"file": ("a.csv", b"x" * 6_000)})
    assert small.status_code == 200 and large.status_code == 413 and len(parsed) == 1


def test_the_service_applies_its_configured_limit(engine, tmp_path):
    settings = load_settings(data_dir=tmp_path, base_url="http://testserver", max_body_bytes=2_048,
                             database_url=engine.url.render_as_string(hide_password=False))
    from api.app import create_app

    with TestClient(create_app(settings)) as client:
        r = client.post("/verify", content=b"{" + b" " * 3_000 + b"}", headers={"Content-Type": "application/json"})
    assert (r.status_code, r.json()["error"]["details"]["maxBytes"]) == (413, 2_048)


def test_ndjson_batches_have_the_upload_limit():
    app, parsed = _probe_app(max_body=1_000, max_upload=5_000)
    with TestClient(app) as client:
        small = client.post("/", content=b"{}\n" * 1_000, headers={"Content-Type": "application/x-ndjson"})
        large = client.post("/", content=b"{}\n" * 2_000, headers={"Content-Type": "application/x-ndjson"})
    assert small.status_code == 200 and (large.status_code, large.json()["error"]["details"]) == (
        413, {"maxBytes": 5_000})
    assert parsed == [3_000]
