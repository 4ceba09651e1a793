"""GS1-Conformant resolution of the passport URL: the resolver description, `?linkType=` (GS1 link types,
`all` → the RFC 9264 linkset, an absent type → the default link) and the `gs1:` relations in the linkset."""

from __future__ import annotations

import uuid

import pytest

from tests.dpp.conftest import BASE_URL, SPEC

PATH = "/01/04012345000016/21/ESS200-004711"
URL = BASE_URL + PATH
DPP = f"{BASE_URL}/dpp/v1/dpps/urn:uuid:" + str(uuid.uuid5(uuid.UUID("6f1d3c2a-8e0b-5d7e-9a41-b7c2e5f0d418"), PATH))
GS1 = "https://gs1.org/voc/"


@pytest.fixture
def issued(service, data):
    r = service.client.post("/dpp/v1/dpps", json={SPEC: data}, headers=service.headers["manufacturer"])
    assert r.status_code == 201
    return service


def test_resolver_description_file(service):
    body = service.client.get("/.well-known/gs1resolver").json()
    assert body["resolverRoot"] == BASE_URL and body["supportedPrimaryKeys"] == ["01"]
    assert {"namespace": GS1, "prefix": "gs1:"} in body["supportedLinkType"]
    assert isinstance(body["name"], str) and body["linkTypeDefaultCanBeLinkset"] is False


@pytest.mark.parametrize("value", ["all", "linkset"])
def test_link_type_all_is_the_linkset_with_gs1_relations(issued, value):
    r = issued.client.get(f"{PATH}?linkType={value}")
    assert r.status_code == 200 and r.headers["content-type"] == "application/linkset+json"
    links = r.json()["linkset"][0]
    assert links["anchor"] == URL
    assert links[GS1 + "pip"][0]["href"] == URL and links[GS1 + "defaultLink"][0]["href"] == URL
    assert links[GS1 + "dpp"][0]["href"] == DPP
    assert links[GS1 + "sustainabilityInfo"][0]["href"] == DPP + "/elements/carbonFootprint"
    assert links[GS1 + "certificationInfo"][0]["href"] == DPP + "/elements/labelsAndConformity"
    assert GS1 + "epcis" not in links  # the example has no chain-of-custody summary


@pytest.mark.parametrize("link_type, target", [
    ("gs1:pip", URL), ("gs1:dpp", DPP), ("gs1:sustainabilityInfo", DPP + "/elements/carbonFootprint"),
    (GS1 + "certificationInfo", DPP + "/elements/labelsAndConformity"),
    ("gs1:epcis", URL), ("gs1:recipeInfo", URL),  # absent: the default link
])
def test_link_type_redirects(issued, link_type, target):
    r = issued.client.get(PATH, params={"linkType": link_type}, follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == target


def test_followed_links_answer_at_the_readers_level(issued):
    r = issued.client.get(PATH, params={"linkType": "gs1:sustainabilityInfo"})
    assert r.status_code == 200 and r.json()["elementPath"] == "/carbonFootprint"
    r = issued.client.get(PATH, params={"linkType": "gs1:dpp"})
    assert r.status_code == 200 and r.json()["uniqueProductIdentifier"] == URL


def test_plain_browser_request_gets_the_page(issued):
    r = issued.client.get(PATH, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")


def test_unknown_passport_with_link_type_is_404(issued):
    r = issued.client.get("/01/04012345000016/21/NOPE?linkType=gs1:pip", headers={"Accept": "application/json"},
                          follow_redirects=False)
    assert r.status_code == 404
