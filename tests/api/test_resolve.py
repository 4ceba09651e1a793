"""The passport URL: content negotiation, per-level views, 404s, ETag/304, caching headers, linksets, QR codes."""

from __future__ import annotations

import io
import json

import pytest
import zxingcpp
from PIL import Image

from passport import verify
from tests.api.conftest import as_level

LD = {"Accept": "application/ld+json"}


def test_browser_gets_the_page(client, stored_passports):
    r = client.get(stored_passports[0].url, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.headers["content-language"] == "en"
    assert "Signature verified — issued by Example Issuer" in r.text
    assert stored_passports[0].data["generalProductInformation"]["batteryModel"] in r.text


@pytest.mark.parametrize("accept", ["application/ld+json", "application/vc+ld+json", "application/vc"])
def test_credential_media_types_get_the_public_credential_that_verifies(client, stored_passports, accept):
    r = client.get(stored_passports[0].url, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"] == accept
    credential = r.json()
    assert credential["credentialSubject"]["id"] == stored_passports[0].url
    assert "testReports" not in credential["credentialSubject"]
    result = verify(credential)
    assert result.verified, [c for c in result.checks if c.passed is False]


def test_default_for_any_type_is_the_page(client, stored_passports):
    assert client.get(stored_passports[0].url, headers={"Accept": "*/*"}).headers["content-type"].startswith(
        "text/html")


def test_unacceptable_type_is_406(client, stored_passports):
    r = client.get(stored_passports[0].url, headers={"Accept": "image/gif"})
    assert r.status_code == 406
    assert "application/ld+json" in r.json()["error"]["details"]["available"]


def test_headers_on_the_latest_and_on_a_version(client, stored_passports):
    latest = client.get(stored_passports[0].url, headers=LD)
    assert latest.headers["cache-control"] == "public, max-age=60, must-revalidate"
    assert latest.headers["vary"] == "Accept, Accept-Language, Authorization"
    assert 'rel="linkset"' in latest.headers["link"]
    assert latest.headers["etag"].startswith('"') and len(latest.headers["etag"]) == 66
    v1 = client.get(stored_passports[0].url + "/versions/1", headers=LD)
    assert v1.status_code == 200
    assert v1.content == latest.content
    assert v1.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get(stored_passports[0].url + "/versions/2", headers=LD).status_code == 404


@pytest.mark.parametrize("accept", ["application/ld+json", "text/html", "application/linkset+json"])
def test_etag_gives_304(client, stored_passports, accept):
    first = client.get(stored_passports[0].url, headers={"Accept": accept})
    again = client.get(stored_passports[0].url, headers={"Accept": accept, "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    other = client.get(stored_passports[0].url, headers={"Accept": accept, "If-None-Match": '"nope"'})
    assert other.status_code == 200


def test_each_level_gets_its_own_view_and_etag(app, client, stored_passports):
    seen = {}
    for level in ("public", "legitimate_interest", "authority"):
        as_level(app, level)
        r = client.get(stored_passports[0].url, headers=LD)
        seen[level] = r
        subject = r.json()["credentialSubject"]
        assert ("batteryStatus" in subject["generalProductInformation"]) is (level != "public")
        assert ("testReports" in subject) is (level == "authority")
        assert verify(r.json()).verified
    assert len({r.headers["etag"] for r in seen.values()}) == 3
    assert seen["authority"].headers["cache-control"].startswith("private")
    app.dependency_overrides.clear()


def test_linkset(client, stored_passports):
    r = client.get(stored_passports[0].url, headers={"Accept": "application/linkset+json"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/linkset+json"
    (links,) = r.json()["linkset"]
    url = stored_passports[0].url
    assert links["anchor"] == url
    assert links["https://gs1.org/voc/pip"][0]["href"] == url
    assert links["latest-version"] == [{"href": f"{url}/versions/1"}]
    issuer = links["https://w3id.org/battery-passport/vocab#issuerDidDocument"][0]["href"]
    assert issuer.startswith("did:key:")


@pytest.mark.parametrize("accept,kind", [("text/html", "text/html"), ("application/ld+json", "application/json")])
def test_unknown_passport_is_a_helpful_404(client, accept, kind):
    r = client.get("/01/09506000134352/21/UNKNOWN-1", headers={"Accept": accept})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith(kind)
    if kind == "text/html":
        assert "Passport not found" in r.text and "/01/" in r.text
    else:
        assert r.json()["error"]["code"] == "NOT_FOUND"


def test_malformed_identifier_404_names_the_segment(client):
    r = client.get("/01/09506000134353/21/A", headers=LD)
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "INVALID_IDENTIFIER"
    assert r.json()["error"]["details"]["segment"] == "01"
    page = client.get("/01/09506000134353/21/A", headers={"Accept": "text/html", "Accept-Language": "fr"})
    assert "identifiant de passeport valide" in page.text and "segment 01" in page.text


def test_404_page_escapes_the_path(client):
    r = client.get("/01/09506000134352/21/%3Cscript%3E", headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert "<script>" not in r.text


@pytest.mark.parametrize("fmt,media", [("svg", "image/svg+xml"), ("png", "image/png")])
def test_qr_codes_encode_the_url(client, stored_passports, fmt, media):
    r = client.get(f"{stored_passports[0].url}/qr.{fmt}")
    assert r.status_code == 200 and r.headers["content-type"] == media
    assert r.headers["cache-control"] == "public, max-age=86400"
    if fmt == "png":
        decoded = [b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(r.content)))]
        assert decoded == [stored_passports[0].url]
    again = client.get(f"{stored_passports[0].url}/qr.{fmt}", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304


def test_percent_encoded_slash_stays_in_the_serial(client):
    r = client.get("/01/09506000134352/21/EVP75%2F2026", headers=LD)
    assert r.status_code == 404
    assert r.json()["error"]["details"]["identifier"] == "/01/09506000134352/21/EVP75%2F2026"


def test_page_in_french(client, stored_passports):
    by_query = client.get(stored_passports[0].url + "?lang=fr", headers={"Accept": "text/html"})
    by_header = client.get(stored_passports[0].url, headers={"Accept": "text/html", "Accept-Language": "fr-FR,fr;q=0.9"})
    for r in (by_query, by_header):
        assert r.headers["content-language"] == "fr"
        assert '<html lang="fr">' in r.text
        assert "Empreinte carbone" in r.text
        assert "Signature vérifiée" in r.text
