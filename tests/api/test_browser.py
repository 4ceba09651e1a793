"""As a person would: a live server (`passport db upgrade`, `passport demo`, `passport serve` in subprocesses),
the QR code decoded, its URL opened in Debian's Chromium; the page shows the passport, hides restricted data,
switches language, and a screenshot is saved to `test-artifacts/`."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
import zxingcpp
from PIL import Image

from tests.api.conftest import example_files
from tests.api.test_access_walk import restricted_values

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSPORT = [sys.executable, "-m", "passport"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory) -> Iterator[tuple[str, list[str]]]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PASSPORT_DATA_DIR": str(tmp_path_factory.mktemp("live") / "data"),
           "PASSPORT_BASE_URL": base, "PASSPORT_LOG_FORMAT": "console", "PASSPORT_DATABASE_URL": ""}
    subprocess.run([*PASSPORT, "db", "upgrade"], env=env, check=True, capture_output=True, timeout=120)
    demo = subprocess.run([*PASSPORT, "demo"], env=env, check=True, capture_output=True, text=True, timeout=300)
    urls = [line for line in demo.stdout.splitlines() if line.startswith(base + "/")]
    server = subprocess.Popen([*PASSPORT, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                if httpx2.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx2.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        yield base, urls
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=10)
        assert b"Traceback" not in stderr


def test_demo_prints_one_resolvable_url_per_example(live_server):
    base, urls = live_server
    assert len(urls) == len(example_files())
    for url in urls:
        r = httpx2.get(url, headers={"Accept": "application/ld+json"})
        assert r.status_code == 200
        from passport import verify
        from passport.trust import TrustSources, verify_credential

        assert verify(r.json()).outcome == "incomplete"  # offline, without the status list: not "verified"
        # as an online verifier opting in: the status list fetched from the (loopback) service, its signature checked
        assert verify_credential(r.json(), TrustSources(fetch_status=True)).verified


@pytest.mark.browser
def test_qr_url_opens_the_passport_page_in_chromium(live_server, browser_path):
    from playwright.sync_api import sync_playwright

    base, urls = live_server
    by_identifier = {json.loads(p.read_text())["generalProductInformation"]["uniqueIdentifier"]: p
                     for p in example_files()}
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=["--no-sandbox", "--headless", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844}, locale="en-GB")
            for url in urls:
                png = httpx2.get(f"{url}/qr.png").content
                (scanned,) = [b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
                assert scanned == url
                data = json.loads(by_identifier[url[len(base):]].read_text())
                response = page.goto(scanned)
                assert response is not None and response.status == 200
                assert page.locator("h1").inner_text().startswith("Battery passport")
                operator = data["generalProductInformation"]["operator"]["legalName"]
                assert page.locator(".sig.ok").inner_text().endswith(f"Signature verified — issued by {operator}")
                assert page.locator("svg.chart rect").count() == 4
                served = httpx2.get(url, headers={"Accept": "application/ld+json"}).json()["credentialSubject"]
                performance_class = served["carbonFootprint"].get("performanceClass")  # computed at issuance
                if performance_class:
                    assert page.locator(".class").inner_text() == performance_class
                else:
                    assert page.locator(".class").count() == 0
                assert data["generalProductInformation"]["batteryModel"] in page.content()
                assert page.locator("main section").count() >= 6
                text = page.locator("body").inner_text()
                leaked = [v for v in restricted_values(data, "public") if v in text]
                assert not leaked
                assert page.locator("#restricted").count() == 0
                name = url.rsplit("/", 1)[-1]
                page.screenshot(path=str(ARTIFACTS / f"passport-{name}.png"), full_page=True)
                page.get_by_role("link", name="Français").click()
                assert page.locator("html").get_attribute("lang") == "fr"
                assert "Signature vérifiée" in page.locator(".sig.ok").inner_text()
                page.screenshot(path=str(ARTIFACTS / f"passport-{name}-fr.png"), full_page=True)
            missing = page.goto(f"{base}/01/09506000134352/21/NOPE")
            assert missing is not None and missing.status == 404
            assert "Passport not found" in page.locator("h1").inner_text()
        finally:
            browser.close()
    assert (ARTIFACTS / f"passport-{urls[0].rsplit('/', 1)[-1]}.png").stat().st_size > 10_000


def _overflow(page) -> list[str]:
    """Elements wider than the viewport, and chart texts that run outside their chart (none may)."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth, out = [];
        if (document.documentElement.scrollWidth > width) {
            const wide = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > width + 0.5)
                .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className : ''}`);
            out.push(`page scrolls sideways (${document.documentElement.scrollWidth} > ${width}): ${wide.slice(0, 5).join(', ')}`);
        }
        for (const svg of document.querySelectorAll('svg.chart')) {
            const box = svg.getBoundingClientRect();
            for (const text of svg.querySelectorAll('text')) {
                const r = text.getBoundingClientRect();
                if (r.left < box.left - 0.5 || r.right > box.right + 0.5) out.push(`chart text cut: ${text.textContent}`);
            }
        }
        return out;
    }""")


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 360, 414])
def test_french_page_fits_a_phone_with_numbers_written_the_french_way(live_server, browser_path, width):
    from playwright.sync_api import sync_playwright

    _, urls = live_server
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=["--no-sandbox", "--headless", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": width, "height": 800}, locale="fr-FR")
            for url in urls:
                served = httpx2.get(url, headers={"Accept": "application/ld+json"}).json()["credentialSubject"]
                page.goto(f"{url}?lang=fr")
                assert _overflow(page) == []
                total = served["carbonFootprint"]["totalKgCo2ePerKwh"]  # e.g. "0.04416" is shown as 0,04416
                assert page.locator("#carbon .big strong").inner_text() == total.replace(".", ",")
                assert "Ce passeport contient d’autres données" in page.locator(".more-data").inner_text()
                english = page.locator("#chemistry span[lang=en]").all_inner_texts()
                assert all(not t.startswith(("Graphite", "Plomb", "Nickel")) for t in english)
                if width == 360:
                    page.screenshot(path=str(ARTIFACTS / f"passport-{url.rsplit('/', 1)[-1]}-fr-360.png"),
                                    full_page=True)
        finally:
            browser.close()


@pytest.mark.browser
def test_verify_result_reads_on_a_phone_with_failures_first(live_server, browser_path):
    from playwright.sync_api import sync_playwright

    _, urls = live_server
    credential = httpx2.get(urls[0], headers={"Accept": "application/ld+json"}).json()
    credential["credentialSubject"]["generalProductInformation"]["batteryModel"] = "TAMPERED"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=["--no-sandbox", "--headless", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844}, locale="en-GB")
            base = urls[0].split("/01/")[0]
            page.goto(f"{base}/verify")
            page.fill("#credential", json.dumps(credential))
            page.click("button[type=submit]")
            assert page.locator("#verdict").get_attribute("class") == "sig bad"
            outcomes = page.locator("table.checks tbody tr").evaluate_all("rows => rows.map(r => r.className)")
            assert outcomes[0] == "check fail"  # the failure is the first thing read
            assert outcomes == sorted(outcomes, key=lambda c: ["check fail", "check unchecked", "check pass"].index(c))
            assert _overflow(page) == []
            header = page.locator("table.checks thead").bounding_box()
            assert header is None or header["width"] <= 1  # on a phone each check is a card, no header row
            page.screenshot(path=str(ARTIFACTS / "verify-result-390.png"), full_page=True)
        finally:
            browser.close()
    assert (ARTIFACTS / "verify-result-390.png").stat().st_size > 10_000
