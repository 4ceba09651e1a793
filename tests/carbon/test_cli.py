"""`passport carbon compute` and `passport carbon recompute` through the real CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from passport.application.demo.carbon.load import example_input
from passport.cli.main import app
from passport.model.carbon import CarbonFootprint

runner = CliRunner()


@pytest.fixture
def lfp_file(tmp_path):
    path = tmp_path / "lfp.json"
    path.write_text(json.dumps(example_input("lfp-industrial-storage")), encoding="utf-8")
    return path


def test_compute_prints_stages_breakdown_and_rejection(lfp_file):
    out = runner.invoke(app, ["carbon", "compute", str(lfp_file), "--depth", "2"])
    assert out.exit_code == 0, out.output
    assert "performance class B" in out.output
    assert "end_of_life_and_recycling" in out.output
    assert "[NO_CUSTODY_TRACE]" in out.output
    assert "lifetime energy = 975402 kWh  [rated energy × expected cycles" in out.output


def test_compute_json_maps_onto_the_passport_and_recomputes(lfp_file, tmp_path):
    out = runner.invoke(app, ["carbon", "compute", str(lfp_file), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    cf = CarbonFootprint.model_validate(data["carbonFootprint"])
    assert cf.performance_class == "B" and cf.declaration_id == "CFD-NESS200-SKE-2026-02"
    saved = tmp_path / "result.json"
    saved.write_text(out.output, encoding="utf-8")
    again = runner.invoke(app, ["carbon", "recompute", str(saved)])
    assert again.exit_code == 0 and "recomputes" in again.output
    data["result"]["stages"][1]["kgCo2e"]["inputs"][0]["inputs"][0]["value"] = 1.0   # less grid electricity
    saved.write_text(json.dumps(data), encoding="utf-8")
    tampered = runner.invoke(app, ["carbon", "recompute", str(saved)])
    assert tampered.exit_code == 1 and "/stages/1/kgCo2e" in tampered.output


def test_user_factor_table_replaces_a_shipped_factor(lfp_file, tmp_path):
    table = tmp_path / "mine.json"
    table.write_text(json.dumps({
        "id": "my-grid", "version": "2026-01", "kind": "electricity", "unit": "kg CO2e/kWh",
        "source": {"title": "our supplier's residual mix", "publisher": "us", "url": "https://example.org",
                   "licence": "proprietary"},
        "factors": {"grid:SE": {"value": 0.0, "status": "user", "dataQualityRating": 2}}}), encoding="utf-8")
    base = json.loads(runner.invoke(app, ["carbon", "compute", str(lfp_file), "--json"]).output)["result"]
    mine = json.loads(runner.invoke(app, ["carbon", "compute", str(lfp_file), "--json", "--factors",
                                          str(table)]).output)["result"]
    # grid:SE 8000 kWh × 0.04 = 320 kg CO2e less
    assert base["totalKgCo2e"]["value"] - mine["totalKgCo2e"]["value"] == pytest.approx(320.0)
    assert "factor:my-grid@2026-01#grid:SE" in mine["factorsUsed"]


def test_bad_input_exits_2_naming_the_pointer(tmp_path):
    from passport.cli.main import main

    path = tmp_path / "bad.json"
    data = example_input("lfp-industrial-storage")
    data["billOfMaterials"][4]["massKg"] = -3
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["carbon", "compute", str(path)])
    assert info.value.code == 2


def test_into_puts_the_computed_section_into_a_passport_for_issue(lfp_file):
    from pathlib import Path

    passport_file = Path(__file__).resolve().parents[2] / "passport" / "application" / "demo" / "passports" / "lfp-industrial-storage.json"
    out = runner.invoke(app, ["carbon", "compute", str(lfp_file), "--into", str(passport_file)])
    assert out.exit_code == 0, out.output
    document = json.loads(out.output)
    assert document["carbonFootprint"]["totalKgCo2ePerKwh"] == "0.01511"
    assert document["generalProductInformation"]["serialNumber"] == "ESS200-004711"


def test_no_custody_rejects_every_supplier_footprint_without_touching_the_store(tmp_path):
    data = example_input("nmc811-ev-pack")
    path = tmp_path / "nmc.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = runner.invoke(app, ["carbon", "compute", str(path), "--no-custody", "--json"])
    assert out.exit_code == 0, out.output
    codes = [r["code"] for r in json.loads(out.output)["result"]["rejectedSupplierFootprints"]]
    assert codes == ["NO_CUSTODY_TRACE"] * 3
