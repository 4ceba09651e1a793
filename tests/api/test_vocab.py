"""Our JSON-LD contexts served byte for byte on this host, and the vocabulary page listing every term."""

from __future__ import annotations

import html
import json

import pytest
from fastapi.testclient import TestClient

from passport.jsonld.loader import CONTEXTS, shipped_index
from passport.model.context import CONTEXT_URL


@pytest.fixture
def bare_client(app):
    with TestClient(app) as c:
        yield c


def test_the_listing_names_every_shipped_context(bare_client):
    listed = bare_client.get("/contexts").json()["contexts"]
    assert {c["url"]: c["file"] for c in listed} == dict(shipped_index())
    assert len(listed) >= 10


@pytest.mark.parametrize("url", sorted(shipped_index()))
def test_each_context_is_served_byte_for_byte_with_a_long_cache(bare_client, url):
    name = shipped_index()[url]
    r = bare_client.get(f"/contexts/{name}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    assert r.content == CONTEXTS.joinpath(name).read_bytes()
    assert "immutable" in r.headers["cache-control"] and "max-age=31536000" in r.headers["cache-control"]
    assert bare_client.get(f"/contexts/{name}", headers={"If-None-Match": r.headers["etag"]}).status_code == 304


def test_our_contexts_are_served_at_their_own_paths(bare_client):
    own = {url: name for url, name in shipped_index().items() if url.startswith("https://w3id.org/battery-passport/")}
    assert len(own) >= 5
    for url, name in own.items():
        r = bare_client.get(url.removeprefix("https://w3id.org"))
        assert r.status_code == 200 and r.content == CONTEXTS.joinpath(name).read_bytes(), url


@pytest.mark.parametrize("path", ["/contexts/index.json", "/contexts/..%2Findex.json", "/contexts/nope.jsonld",
                                  "/battery-passport/context/v9", "/battery-passport/vocab/v1"])
def test_anything_else_is_not_served(bare_client, path):
    assert bare_client.get(path).status_code in (404, 422)


def test_the_vocabulary_page_lists_every_term_with_iri_type_description_and_group(bare_client):
    r = bare_client.get("/vocab", headers={"Accept-Language": "en"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = html.unescape(r.text)
    context = json.loads(CONTEXTS.joinpath(shipped_index()[CONTEXT_URL]).read_text())["@context"]
    names = [k for k in context if not k.startswith("@")]
    assert len(names) > 100
    for name in names:
        assert f'id="{name}"' in page and context[name]["@id"] in page, name
    entry = page.split('id="batteryModel"', 1)[1].split("</dd>", 1)[0]
    assert "Battery model identification." in entry and "public" in entry
    entry = page.split('id="cellLayout"', 1)[1].split("</dd>", 1)[0]
    assert "legitimate-interest" in entry
    entry = page.split('id="absoluteKgCo2e"', 1)[1].split("</dd>", 1)[0]
    assert "xsd:decimal" in entry
    assert "Vocabulaire du passeport de batterie" in bare_client.get("/vocab?lang=fr").text
