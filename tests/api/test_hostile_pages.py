"""Issue 22, point 3: links and text a hostile issuer puts in a passport never run script in the page's origin.

`javascript:` (any non-https scheme) is refused in every web-link field at input, checked again when a page is
rendered, and every response carries a Content-Security-Policy that allows no script, `nosniff`,
`frame-ancestors 'none'` and a Referrer-Policy. In Chromium, script injected into every text field does not run.
"""

from __future__ import annotations

import copy
import json
import socket
import threading
import time
from typing import Any

import httpx2
import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.middleware.security_headers import CONTENT_SECURITY_POLICY
from api.pages.consumer import Row, web_link
from passport.errors import InputError
from passport.model import PassportCreate, parse_passport
from passport.registry import add_version
from passport.registry.issue import sign_passport
from passport.store.engine import session_scope
from tests.api.conftest import BASE_URL, as_level, example_files

WEB_LINKS = ["/carbonFootprint/studyUrl", "/supplyChainDueDiligence/dueDiligenceReportUrl",
             "/supplyChainDueDiligence/thirdPartyVerification/verificationReportUrl",
             "/circularity/endOfLifeInformation/collectionPointsUrl", "/testReports/0/documentUrl",
             "/generalProductInformation/manufacturer/website"]
PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">"\'><svg onload="window.__xss=3">'


def _ev_example() -> dict[str, Any]:
    (path,) = [p for p in example_files() if "nmc811" in p.name]
    return json.loads(path.read_text())


def _set(data: dict[str, Any], pointer: str, value: Any) -> None:
    *parents, last = pointer.strip("/").split("/")
    node: Any = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[int(last) if isinstance(node, list) else last] = value


@pytest.mark.parametrize("pointer", WEB_LINKS)
@pytest.mark.parametrize("link", ["javascript:alert(document.domain)", "JavaScript:alert(1)",
                                  "data:text/html,<script>alert(1)</script>", "http://example.org/report.pdf",
                                  "vbscript:msgbox(1)"])
def test_a_web_link_field_accepts_only_https(pointer, link):
    data = _ev_example()
    _set(data, pointer, link)
    with pytest.raises(InputError) as info:
        parse_passport(data, model=PassportCreate)
    assert info.value.code == "INVALID_PASSPORT"
    assert {"pointer": pointer, "type": "url_scheme"} in [
        {k: e[k] for k in ("pointer", "type")} for e in info.value.details["errors"]]


def test_the_issuer_api_refuses_a_javascript_link(app, engine, api_settings):
    from tests.api.test_issuer_api import _maker_token
    from passport.keys import generate_key_pair

    token = _maker_token(engine, api_settings, generate_key_pair("P-256"))
    data = _ev_example()
    data["supplyChainDueDiligence"]["dueDiligenceReportUrl"] = "javascript:alert(1)"
    with TestClient(app) as client:
        r = client.post("/api/v1/passports", json=data, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 422
    problems = r.json()["error"]["details"]["problems"]
    assert [(p["pointer"], p["type"]) for p in problems] == [("/supplyChainDueDiligence/dueDiligenceReportUrl",
                                                              "url_scheme")]


@pytest.mark.parametrize(("value", "href"), [
    ("https://example.org/a.pdf", "https://example.org/a.pdf"), ("javascript:alert(1)", None),
    (" javascript:alert(1)", None), ("JAVASCRIPT:alert(1)", None), ("http://example.org/", None),
    ("data:text/html,x", None), ("https:alert(1)", None), ("//evil.example/x", None), (None, None), (42, None),
])
def test_a_page_makes_links_only_of_https_urls(value, href):
    assert web_link(value) == href
    assert Row("label", "text", href=value).href == href


@pytest.fixture
def tampered(engine, issuer_key) -> str:
    """A stored passport whose views carry `javascript:` links (as if written by an older release or by hand)."""
    signed = sign_passport(_ev_example(), signer=issuer_key, base_url=BASE_URL, issuer_name="Voltara")
    views = {}
    for group, text in signed.views.items():
        for url in ("https://voltara.example/sustainability/due-diligence-report-2026.pdf",
                    "https://voltara.example/take-back", "https://voltara.example/restricted/tr-2026-0412.pdf",
                    "https://voltara.example/sustainability/vx-75-carbon-footprint-study.pdf"):
            text = text.replace(url, "javascript:window.__xss=4")
        views[group] = text
    with session_scope(engine) as session:
        add_version(session, signed.identifier, signed.credential, views)
    return signed.identifier.path


@pytest.mark.parametrize("level", ["public", "authority"])
def test_a_stored_javascript_link_is_text_not_a_link(app, tampered, level):
    as_level(app, level)
    with TestClient(app) as client:
        page = client.get(tampered, headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "javascript:window.__xss=4" in page.text  # shown, as text
    assert 'href="javascript' not in page.text.lower()


def test_every_response_carries_the_security_headers(app, tampered):
    with TestClient(app) as client:
        responses = [client.get(tampered, headers={"Accept": "text/html"}),
                     client.get(tampered, headers={"Accept": "application/ld+json"}),
                     client.get("/"), client.get("/verify"), client.get("/vocab"), client.get("/static/site.css"),
                     client.get("/01/09506000134352/21/NOPE", headers={"Accept": "text/html"}),
                     client.post("/verify", content="[" * 1000, headers={"Content-Type": "application/json"}),
                     client.post("/verify", content=b"x" * 5_000_000, headers={"Content-Type": "application/json"})]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 200, 200, 404, 422, 413]
    for r in responses:
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, r.url
        assert "script-src 'none'" in r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"


# --- in Chromium ------------------------------------------------------------------------------------------------

def _inject(data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Append the payload to every string the model accepts it in (free text); returns the data and how many."""
    out = copy.deepcopy(data)
    count = 0
    stack: list[Any] = [out]
    while stack:
        node = stack.pop()
        items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        for key, value in items:
            if isinstance(value, (dict, list)):
                stack.append(value)
            elif isinstance(value, str) and key not in ("uniqueIdentifier",):
                node[key] = value[:100] + PAYLOAD
                try:
                    parse_passport(out, model=PassportCreate)
                    count += 1
                except InputError:
                    node[key] = value
    return out, count


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.browser
def test_script_injected_into_every_text_field_does_not_run_in_chromium(app, engine, issuer_key, browser_path):
    from playwright.sync_api import sync_playwright

    data, injected = _inject(_ev_example())
    assert injected >= 20, injected  # names, models, descriptions, titles...
    signed = sign_passport(data, signer=issuer_key, base_url=BASE_URL, issuer_name="Voltara" + PAYLOAD)
    with session_scope(engine) as session:
        add_version(session, signed.identifier, signed.credential, signed.views)
    as_level(app, "authority")  # the page with the most fields
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            try:
                httpx2.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx2.TransportError:
                time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=browser_path, args=["--no-sandbox", "--headless",
                                                                            "--disable-gpu"])
            try:
                page = browser.new_page()
                dialogs: list[str] = []
                page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
                for lang in ("en", "fr"):
                    response = page.goto(f"http://127.0.0.1:{port}{signed.identifier.path}?lang={lang}")
                    assert response is not None and response.status == 200
                    assert page.locator("h1").count() == 1
                    page.wait_for_timeout(300)
                    assert page.evaluate("typeof window.__xss") == "undefined"
                    assert page.locator("script").count() == 0  # escaped: shown as text, never an element
                    assert page.locator("img[src='x']").count() == 0
                    assert "<script>window.__xss=1</script>" in page.locator("main").inner_text()
                    assert "script-src 'none'" in response.headers["content-security-policy"]
                assert dialogs == []
            finally:
                browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_http_links_only_where_the_setting_allows_them(engine, api_settings, issuer_key):
    from api.app import create_app
    from tests.api.test_issuer_api import _maker_token

    data = _ev_example()
    data["circularity"]["endOfLifeInformation"]["collectionPointsUrl"] = "http://take-back.example/points"
    token = {"Authorization": f"Bearer {_maker_token(engine, api_settings, issuer_key)}"}
    strict = create_app(api_settings)
    relaxed = create_app(api_settings.model_copy(update={"http_links_allowed": True}))
    with TestClient(strict) as client:
        refused = client.post("/api/v1/passports", json=data, headers=token)
    assert refused.status_code == 422
    assert refused.json()["error"]["details"]["problems"][0]["type"] == "url_scheme"
    with TestClient(relaxed) as client:
        issued = client.post("/api/v1/passports", json=data, headers=token)
        assert issued.status_code == 201, issued.json()
        page = client.get(issued.json()["url"].removeprefix(BASE_URL), headers={"Accept": "text/html"}).text
    assert 'href="http://take-back.example/points"' in page
    with TestClient(strict) as client:  # the same stored link, under the strict setting: text, not a link
        page = client.get(issued.json()["url"].removeprefix(BASE_URL), headers={"Accept": "text/html"}).text
    assert "http://take-back.example/points" in page and 'href="http://take-back.example' not in page
    with pytest.raises(InputError):  # nothing leaked into this (the test's) context
        parse_passport(data, model=PassportCreate)
