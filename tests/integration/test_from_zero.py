"""Issue 15, "Done when": from an empty store, with only documented commands and endpoints, a maker, a refiner
and a regulator do their whole job.

operator token (CLI) → maker organisation with did:web and GS1 prefix (operator API) → its keys (CLI) →
custody parties and sites (operator API) → the refiner drafts, signs and submits its events with a token bound to
its party (CLI + contributor API) → the maker records the pack (same) → a manufacturer token issues the passport
over HTTP with computed carbon, custody and indices → its page says the signature is verified → a market
surveillance authority reads the evidence, trace, index explanation and carbon breakdown over HTTP."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from passport.application.demo.carbon.load import example_input
from passport.cli import app as cli

runner = CliRunner()
BASE = "https://passports.example.com"
PATH = "/01/09506000134352/21/EVP75-2026-000123"
PACK_LOT = "https://id.gs1.org" + PATH
REFINER, MAKER = "urn:epc:id:pgln:9520003.00001", "urn:epc:id:pgln:9506000.00001"
REFINERY, PLANT = "urn:epc:id:sgln:9520003.00001.0", "urn:epc:id:sgln:9506000.00001.0"
CO_LOT = "urn:epc:class:lgtin:9520003.0400001.CO-2026-001"


@pytest.fixture
def env(engine, tmp_path, monkeypatch):
    from passport.cli import _context
    from passport.settings import get_settings

    monkeypatch.setenv("PASSPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PASSPORT_BASE_URL", BASE)
    monkeypatch.setenv("PASSPORT_KEY_ENCRYPTION_KEY", "test passphrase, not a secret")
    monkeypatch.setenv("PASSPORT_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("PASSPORT_RATE_LIMITS_ENABLED", "false")
    get_settings.cache_clear()
    _context.engine.cache_clear()
    yield tmp_path
    _context.engine().dispose()
    _context.engine.cache_clear()
    get_settings.cache_clear()


def _run(*args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def _token(*args: str) -> dict[str, str]:
    return {"Authorization": "Bearer " + _run("tokens", "create", *args).strip().splitlines()[-1]}


def _ok(response, status=200):  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    return response.json()


def _signed_event(tmp, name: str, organisation: str, *args: str) -> bytes:
    draft = tmp / f"{name}.json"
    _run("custody", "event", "new", "--organisation", organisation, "--out", str(draft), *args)
    unsigned = json.loads(draft.read_text())
    assert unsigned["issuer"]["name"] and unsigned["type"][-1] == "DigitalTraceabilityEvent"
    assert "proof" not in unsigned
    return _run("sign", str(draft), "--organisation", organisation, "--suite", "eddsa-rdfc-2022").encode()


def test_real_participants_from_zero(env, engine):
    from api.app import create_app
    from passport.settings import get_settings

    tmp = env
    operator = _token("--role", "operator")
    with TestClient(create_app(get_settings()), base_url=BASE) as http:
        # 1. organisations, by the operator
        maker = _ok(http.post("/api/v1/organisations", headers=operator, json={
            "slug": "voltara", "legalName": "Voltara Mobility Europe GmbH", "gs1CompanyPrefixes": ["9506000"]}), 201)
        refiner = _ok(http.post("/api/v1/organisations", headers=operator, json={
            "slug": "refiner-x", "legalName": "Refiner X Oy", "role": "contributor"}), 201)
        assert maker["did"] == "did:web:passports.example.com:orgs:voltara"
        _ok(http.post("/api/v1/organisations", headers=operator, json={
            "slug": "msa-de", "legalName": "Marktüberwachung DE", "role": "market_surveillance"}), 201)
        # 2. keys, by the organisations (CLI); the did:web document is served where the DID says
        _run("keys", "generate", "--organisation", "voltara", "--suite", "ecdsa-sd-2023")
        for slug in ("voltara", "refiner-x"):
            _run("keys", "generate", "--organisation", slug, "--suite", "eddsa-rdfc-2022")
        document = _ok(http.get("/orgs/voltara/did.json"))
        assert document["id"] == maker["did"] and len(document["verificationMethod"]) == 2
        # 3. custody participants, by the operator
        for party, org, site, country in ((REFINER, refiner, REFINERY, "FI"), (MAKER, maker, PLANT, "DE")):
            _ok(http.post("/api/v1/custody/parties", headers=operator,
                          json={"id": party, "name": org["legalName"], "did": org["did"]}), 201)
            _ok(http.post("/api/v1/custody/sites", headers=operator,
                          json={"id": site, "party": party, "country": country}), 201)
        # 4. the refiner's events: drafted, signed with its stored key, submitted with a token bound to its party
        contributor = _token("--org", "refiner-x", "--role", "contributor", "--party", REFINER)
        made = _signed_event(tmp, "made", "refiner-x", "--type", "object", "--site", REFINERY, "--recorder", REFINER,
                             "--lot", f"{CO_LOT}=500:Co=0.3", "--time", "2026-03-01T08:00:00+02:00")
        shipped = _signed_event(tmp, "shipped", "refiner-x", "--type", "transaction", "--site", REFINERY,
                                "--recorder", REFINER, "--lot", f"{CO_LOT}=500", "--source", REFINER,
                                "--destination", MAKER, "--time", "2026-03-02T08:00:00+02:00")
        json_body = {"Content-Type": "application/json"}
        for raw in (made, shipped):
            _ok(http.post("/api/v1/contributions/custody", content=raw, headers={**contributor, **json_body}), 201)
        # the maker's own event makes the pack lot (its id is the passport's GS1 identifier)
        manufacturer = _token("--org", "voltara", "--role", "manufacturer")
        packed = _signed_event(tmp, "packed", "voltara", "--type", "transformation", "--site", PLANT,
                               "--recorder", MAKER, "--lot", f"{CO_LOT}=500", "--output", f"{PACK_LOT}=468.5:Co=0.2",
                               "--time", "2026-03-05T08:00:00+01:00")
        _ok(http.post("/api/v1/contributions/custody", content=packed, headers={**manufacturer, **json_body}), 201)
        # 5. the passport, over HTTP, with computed carbon, custody and indices
        data = _example_passport()
        carbon = example_input("nmc811-ev-pack", {})
        issued = _ok(http.post("/api/v1/passports", headers=manufacturer, json={
            **data, "compute": {"carbon": carbon, "custodyLot": PACK_LOT, "indices": True}}), 201)
        credential = issued["credential"]
        assert credential["issuer"] == {"id": maker["did"], "name": "Voltara Mobility Europe GmbH"}
        subject = credential["credentialSubject"]
        assert subject["carbonFootprint"]["totalKgCo2ePerKwh"]
        chain = subject["supplyChainDueDiligence"]["chainOfCustody"]
        assert [c["material"] for c in chain] == ["cobalt"]
        assert issued["computed"]["custodyLot"] == {"lot": PACK_LOT, "association": "identifier",
                                                    "speaksFor": MAKER, "materials": 1, "upstreamCredentials": 3}
        # the example's supplier footprints name lots outside this chain: rejected, each with its code
        carbon_report = issued["computed"]["carbon"]
        assert carbon_report["supplierFootprintsAccepted"] == 0
        assert [r["code"] for r in carbon_report["rejected"]] == ["NO_CUSTODY_LINK"] * 3
        # nobody in this new chain has been assessed yet: the indices ran and found nothing to score
        assert issued["computed"]["indices"] == {"results": 0, "indices": []}
        # 6. the public credential behind the QR code verifies, on the page a phone shows and at POST /verify
        public = _ok(http.get(PATH, headers={"Accept": "application/ld+json"}))
        assert _ok(http.post("/verify", json=public))["verified"]
        page = http.get(PATH, headers={"Accept": "text/html"})
        assert page.status_code == 200 and "Signature verified" in page.text and "NOT verified" not in page.text
        # 7. a regulator reads the evidence, the trace, the explanation and the breakdown
        authority = _token("--org", "msa-de", "--role", "market_surveillance")
        base = "/api/v1/passports" + PATH
        evidence = _ok(http.get(base + "/evidence", headers=authority))
        assert evidence["verified"] and len(evidence["items"]) == 3
        assert {i["issuer"] for i in evidence["items"]} == {maker["did"], refiner["did"]}
        view = _ok(http.get(PATH, headers={**authority, "Accept": "application/ld+json"}))
        for entry in view["relatedResource"]:
            assert _ok(http.get(entry["id"].removeprefix(BASE), headers=authority))["verified"]
        trace = _ok(http.get(base + "/custody-trace", headers=authority))
        assert trace["lot"] == PACK_LOT and trace["materials"][0]["material"] == "Co"
        explanation = http.get(base + "/indices/explanation", headers=authority)
        assert explanation.status_code == 200, explanation.text
        for index in ("child_labour", "human_rights"):
            result = explanation.json()["result"][index]
            assert (result["label"], result["companies"]) == ("not assessed", 0)
            # bought-in cobalt commissioned at a refinery (not a mine with tags) is untraced
            assert result["materials"] == [{"material": "Co", "weight": 1.0, "traced": 0.0, "covered": 0.0}]
        breakdown = _ok(http.get(base + "/carbon/breakdown", headers=authority))
        assert f"{breakdown['result']['totalKgCo2ePerKwh']['value']:.5f}" == \
            subject["carbonFootprint"]["totalKgCo2ePerKwh"]


def _example_passport() -> dict:
    from importlib.resources import files

    return json.loads((files("passport.application.demo") / "passports" / "nmc811-ev-pack.json").read_text())


def test_a_did_key_maker_from_zero_issues_a_passport_that_verifies(env, engine, monkeypatch):
    """The other kind of new maker: no web host of its own, a did:key taken from its first issuer key."""
    from api.app import create_app
    from passport.settings import get_settings

    operator = _token("--role", "operator")
    with TestClient(create_app(get_settings()), base_url=BASE) as http:
        made = _ok(http.post("/api/v1/organisations", headers=operator, json={
            "slug": "keymaker", "legalName": "Keymaker Batteries SRL", "didKey": True,
            "gs1CompanyPrefixes": ["9506000"]}), 201)
        assert made["did"] is None  # a did:key exists once the organisation has a key
        _run("keys", "generate", "--organisation", "keymaker", "--suite", "ecdsa-sd-2023")
        did = _ok(http.get("/api/v1/organisations/keymaker", headers=operator))["did"]
        assert did.startswith("did:key:zDna")  # a P-256 multikey, the ecdsa-sd-2023 key's
        manufacturer = _token("--org", "keymaker", "--role", "manufacturer")
        issued = _ok(http.post("/api/v1/passports", headers=manufacturer, json=_example_passport()), 201)
        assert issued["credential"]["issuer"] == {"id": did, "name": "Keymaker Batteries SRL"}
        public = _ok(http.get(PATH, headers={"Accept": "application/ld+json"}))
        assert _ok(http.post("/verify", json=public))["verified"]
        page = http.get(PATH, headers={"Accept": "text/html"})
        assert "Signature verified" in page.text and "NOT verified" not in page.text
        # offline, as anyone would: the credential and its status list, nothing from the store
        lists = []
        for n, entry in enumerate(public["credentialStatus"]):  # revocation and suspension
            lists += ["--status-list", str(env / f"list-{n}.json")]
            (env / f"list-{n}.json").write_text(json.dumps(
                _ok(http.get(entry["statusListCredential"].removeprefix(BASE)))))
        (env / "public.json").write_text(json.dumps(public))
    # a verifier elsewhere: its own empty store, which holds neither the issuer's lists nor its keys
    from passport.cli import _context

    _context.engine().dispose()
    monkeypatch.setenv("PASSPORT_DATA_DIR", str(env / "elsewhere"))
    monkeypatch.delenv("PASSPORT_DATABASE_URL")
    get_settings.cache_clear()
    _context.engine.cache_clear()
    offline = runner.invoke(cli, ["verify", str(env / "public.json")])
    assert offline.exit_code == 3, offline.output  # status not checked: not "verified"
    checked = runner.invoke(cli, ["verify", str(env / "public.json"), *lists])
    assert checked.exit_code == 0, checked.output
