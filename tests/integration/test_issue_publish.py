"""`passport issue --publish` and `POST /api/v1/passports` with `compute` go through one issuance path
(`passport.application.issuance.issue_passports`): the sections are computed as `passport issue` computes them, the
passport is stored with its status entries, views and audit entry, and its URL resolves."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from passport.application.demo.custody.chains import PACK_ID
from indices.carbon import footprint, load_links, parse_input, to_passport
from passport.cli import app
from passport.registry import latest
from passport.store.engine import session_scope
from passport.trust.policy import TrustSources, verify_credential
from tests.integration.test_issue_cli import cli_env  # noqa: F401  (fixture)

runner = CliRunner()
LEGAL_NAME = "Voltara Mobility Europe GmbH (synthetic example)"
PATH = "/01/09506000134352/21/EVP75-2026-000123"


def _onboard(engine) -> str:
    """The maker from zero: organisation (did:web under the service, the example GTIN's company prefix), its key,
    and (example data) the right to speak for the pack's custody lot."""
    from passport.application.demo.issue_passports import operator_speaks_for

    made = runner.invoke(app, ["orgs", "create", "--slug", "voltara", "--legal-name", LEGAL_NAME,
                               "--gs1-company-prefix", "9506000", "--json"])
    assert made.exit_code == 0, made.output
    did = json.loads(made.stdout)["did"]
    assert did == "did:web:passports.example.com:orgs:voltara"
    key = runner.invoke(app, ["keys", "generate", "--organisation", "voltara", "--suite", "ecdsa-sd-2023"])
    assert key.exit_code == 0 and key.stdout.startswith(did + "#"), key.output
    operator_speaks_for(engine, PACK_ID, LEGAL_NAME, did)
    return did


def test_publish_stores_what_issue_computes_and_the_url_resolves(engine, cli_env):
    tmp_path, source, _key, carbon = cli_env
    did = _onboard(engine)
    args = ["issue", str(source), "--publish", "--organisation", "voltara", "--carbon", str(carbon),
            "--custody-lot", PACK_ID, "--indices"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "published https://passports.example.com" + PATH + " (version 1)" in result.stderr
    signed = json.loads(result.stdout)
    assert signed["issuer"] == {"id": did, "name": LEGAL_NAME}
    inp = parse_input(json.loads(carbon.read_text()))
    with engine.connect() as conn:
        links = load_links(conn, PACK_ID, {b.traced_material for b in inp.bill_of_materials if b.traced_material})
    expected = to_passport(footprint(inp, links=links), inp.declaration).model_dump(mode="json")
    assert signed["credentialSubject"]["carbonFootprint"] == expected
    assert signed["credentialSubject"]["supplyChainDueDiligence"]["indexResults"]
    evidence = "https://passports.example.com/api/v1/passports" + PATH + "/evidence/sha384-"
    assert signed["relatedResource"] and all(r["id"].startswith(evidence) for r in signed["relatedResource"])
    with session_scope(engine) as session:
        stored = latest(session, PATH)
    assert stored.version == 1 and stored.document == signed
    assert "credentialStatus" in signed
    from api.app import create_app
    from passport.settings import get_settings

    with TestClient(create_app(get_settings()), base_url="https://passports.example.com") as client:
        page = client.get(PATH, headers={"Accept": "application/ld+json"})
        # the one verification policy, with this service's store: its DID documents and its own status lists
        result = verify_credential(page.json(), TrustSources.for_service(engine, get_settings()))
        assert page.status_code == 200 and result.verified, [(c.name, c.code) for c in result.errors + result.unchecked]
        assert client.get("/orgs/voltara/did.json").json()["id"] == did
    again = runner.invoke(app, [*args, "--reason", "correction"])  # recomputed sections are static changes
    assert again.exit_code == 0 and "(version 2)" in again.stderr, again.stderr


def test_publish_refuses_a_gtin_outside_the_prefixes_and_needs_an_organisation(engine, cli_env):
    _tmp, source, _key, _carbon = cli_env
    assert runner.invoke(app, ["orgs", "create", "--slug", "other", "--legal-name", "Other Maker",
                               "--gs1-company-prefix", "4012345"]).exit_code == 0
    assert runner.invoke(app, ["keys", "generate", "--organisation", "other", "--suite", "ecdsa-sd-2023"]).exit_code == 0
    refused = runner.invoke(app, ["issue", str(source), "--publish", "--organisation", "other"])
    assert refused.exit_code == 1 and "IDENTIFIER_OUTSIDE_PREFIXES" in refused.stderr and refused.stdout == ""
    assert "passport orgs set other --gs1-company-prefix" in refused.stderr
    keyless = runner.invoke(app, ["orgs", "create", "--slug", "keyless", "--legal-name", "K"])
    assert keyless.exit_code == 0
    no_key = runner.invoke(app, ["issue", str(source), "--publish", "--organisation", "keyless"])
    assert "NO_ISSUER_KEY" in no_key.stderr
    assert "passport keys generate --organisation keyless --suite ecdsa-sd-2023" in no_key.stderr
    no_org = runner.invoke(app, ["issue", str(source), "--publish"])
    assert no_org.exit_code == 2 and "--organisation" in no_org.stderr


def test_the_api_computes_the_same_sections_and_reports_them(engine, cli_env):
    from api.app import create_app
    from passport.settings import get_settings

    tmp_path, source, _key, carbon = cli_env
    _onboard(engine)
    token = runner.invoke(app, ["tokens", "create", "--org", "voltara", "--role", "manufacturer"]).stdout.strip()
    headers = {"Authorization": f"Bearer {token.splitlines()[-1]}"}
    data = json.loads(source.read_text())
    carbon_input = json.loads(carbon.read_text())
    with TestClient(create_app(get_settings()), base_url="https://passports.example.com") as client:
        bad = client.post("/api/v1/passports", headers=headers,
                          json={**data, "compute": {"custodyLot": "urn:epc:class:lgtin:9520600.0400001.CM26-077"}})
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "CUSTODY_LOT_NOT_BOUND"
        r = client.post("/api/v1/passports", headers=headers, json={
            **data, "compute": {"carbon": carbon_input, "custodyLot": PACK_ID, "indices": True}})
        assert r.status_code == 201, r.text
    body = r.json()
    inp = parse_input(carbon_input)
    with engine.connect() as conn:
        links = load_links(conn, PACK_ID, {b.traced_material for b in inp.bill_of_materials if b.traced_material})
    result = footprint(inp, links=links)
    subject = body["credential"]["credentialSubject"]
    assert subject["carbonFootprint"] == to_passport(result, inp.declaration).model_dump(mode="json")
    computed = body["computed"]
    assert computed["carbon"]["supplierFootprintsAccepted"] == len(result.supplier_footprints) == 1
    assert [r["code"] for r in computed["carbon"]["rejected"]] == [r.code for r in result.rejected_supplier_footprints]
    assert computed["custodyLot"]["lot"] == PACK_ID and computed["custodyLot"]["upstreamCredentials"] == \
        len(body["credential"]["relatedResource"])
    assert computed["indices"]["results"] == len(subject["supplyChainDueDiligence"]["indexResults"]) >= 1


def test_authorities_read_evidence_trace_explanation_and_breakdown(engine, cli_env):
    from sqlalchemy import text

    from api.app import create_app
    from passport.custody.summary import upstream_credentials
    from passport.custody.trace import trace_origins
    from passport.settings import get_settings

    _tmp, source, _key, carbon = cli_env
    _onboard(engine)
    published = runner.invoke(app, ["issue", str(source), "--publish", "--organisation", "voltara", "--carbon",
                                    str(carbon), "--custody-lot", PACK_ID, "--indices"])
    assert published.exit_code == 0, published.output
    signed = json.loads(published.stdout)
    assert runner.invoke(app, ["orgs", "create", "--slug", "msa-nl", "--legal-name", "Market Surveillance NL",
                               "--role", "market_surveillance"]).exit_code == 0
    authority = runner.invoke(app, ["tokens", "create", "--org", "msa-nl", "--role", "market_surveillance"])
    reader = runner.invoke(app, ["tokens", "create", "--org", "msa-nl", "--role", "legitimate_interest"])
    auth = {"Authorization": "Bearer " + authority.stdout.strip().splitlines()[-1]}
    lower = {"Authorization": "Bearer " + reader.stdout.strip().splitlines()[-1]}
    base = "/api/v1/passports" + PATH
    with TestClient(create_app(get_settings()), base_url="https://passports.example.com") as client:
        assert client.get(base + "/evidence").status_code == 401
        assert client.get(base + "/evidence", headers=lower).status_code == 403
        evidence = client.get(base + "/evidence", headers=auth)
        assert evidence.status_code == 200, evidence.text
        with engine.connect() as conn:
            raws = sorted(raw for _id, raw in upstream_credentials(conn, PACK_ID))
        items = evidence.json()["items"]
        assert len(items) == len(raws) == len(signed["relatedResource"]) and evidence.json()["verified"]
        assert all(i["verified"] and i["problems"] == [] for i in items)
        for entry in signed["relatedResource"]:  # every relatedResource id resolves, to that very credential
            one = client.get(entry["id"].removeprefix("https://passports.example.com"), headers=auth)
            assert one.status_code == 200 and one.json()["digestSRI"] == entry["digestSRI"]
        trace = client.get(base + "/custody-trace", headers=auth).json()
        with engine.connect() as conn:
            cobalt = trace_origins(conn, PACK_ID, "Co").to_json()
        assert trace["lot"] == PACK_ID and cobalt in trace["materials"]
        explained = client.get(base + "/indices/explanation", headers=auth)
        assert explained.status_code == 200 and explained.json()["result"]["child_labour"]["breakdown"]
        breakdown = client.get(base + "/carbon/breakdown", headers=auth).json()
        assert breakdown["version"] == 1
        declared = signed["credentialSubject"]["carbonFootprint"]
        per_kwh = breakdown["result"]["totalKgCo2ePerKwh"]["value"]  # the declared figure, rounded to 5 places
        assert f"{per_kwh:.5f}" == declared["totalKgCo2ePerKwh"]
        assert breakdown["result"]["performanceClass"] == declared["performanceClass"]
        with engine.begin() as conn:  # an altered copy is caught, named by code
            conn.execute(text("UPDATE custody_credential SET raw = :raw WHERE digest_sri = :d"),
                         {"raw": raws[0] + b" ", "d": signed["relatedResource"][0]["digestSRI"]})
        tampered = client.get(base + "/evidence", headers=auth).json()
        assert not tampered["verified"]
        assert [p["code"] for i in tampered["items"] for p in i["problems"]] == ["DIGEST_MISMATCH"]
