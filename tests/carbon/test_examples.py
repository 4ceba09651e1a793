"""The two example passports' footprints: computed from passport/application/demo/carbon, with the custody example for the
NMC811 pack, every claim ending as its claims file expects."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from passport.application.demo.carbon.load import claims, example_input
from indices.carbon import footprint, load_links, parse_input, recompute, to_passport
from passport.model.carbon import CarbonFootprint


def _codes(result) -> list[str]:
    out = {int(a.pointer.split("/")[2]): "accepted" for a in result.supplier_footprints}
    out |= {int(r.pointer.split("/")[2]): r.code for r in result.rejected_supplier_footprints}
    return [out[i] for i in range(len(out))]


def test_lfp_storage_without_custody_trace():
    inp = parse_input(example_input("lfp-industrial-storage"))
    result = footprint(inp)
    assert _codes(result) == [c["expect"] for c in claims("lfp-industrial-storage")]
    assert recompute(result)
    cf = to_passport(result, inp.declaration)
    assert isinstance(cf, CarbonFootprint) and cf.performance_class == "B"
    assert result.lifetime_energy_kwh.value == pytest.approx(200.7 * 6000 * 0.9 * 0.9)


@pytest.mark.slow
def test_nmc_pack_with_the_custody_example(engine: Engine):
    from passport.application.demo.custody.load import load_example

    loaded = load_example(engine)
    inp = parse_input(example_input("nmc811-ev-pack", {k: v for k, v in loaded.keys.items()}))
    with engine.connect() as conn:
        links = load_links(conn, inp.battery.custody_lot or "", {"Ni", "graphite"})
    result = footprint(inp, links=links)
    assert _codes(result) == [c["expect"] for c in claims("nmc811-ev-pack")]
    assert [(a.line, a.share) for a in result.supplier_footprints] == [("cam", pytest.approx(1.0))]
    assert recompute(result)
    cf = to_passport(result, inp.declaration)
    assert cf.performance_class == "B"
    assert result.lifetime_energy_kwh.value == pytest.approx(75.0 * 2000 * 1.0 * 0.9)


@pytest.mark.parametrize("name", ["lfp-industrial-storage", "nmc811-ev-pack"])
def test_computed_section_drops_into_the_example_passport(name):
    """The computed carbonFootprint replaces the example passport's hand-written one and the passport validates."""
    import json
    from pathlib import Path

    from passport.model import PassportCreate, parse_passport

    path = Path(__file__).resolve().parents[2] / "passport" / "application" / "demo" / "passports" / f"{name}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    inp = parse_input(example_input(name))
    document["carbonFootprint"] = to_passport(footprint(inp), inp.declaration).model_dump(mode="json")
    parsed = parse_passport(document, model=PassportCreate)
    assert parsed.carbon_footprint.declaration_id == inp.declaration.declaration_id


@pytest.mark.slow
def test_examples_module_runs_end_to_end(capsys):
    import json
    import runpy

    script = Path(__file__).resolve().parents[2] / "examples" / "carbon_footprint.py"
    main = runpy.run_path(str(script), run_name="carbon_footprint")["main"]
    assert main(["--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["nmc811-ev-pack"]["carbonFootprint"]["totalKgCo2ePerKwh"] == "0.04416"
    assert out["lfp-industrial-storage"]["carbonFootprint"]["totalKgCo2ePerKwh"] == "0.01511"
    assert [s["code"] for s in out["nmc811-ev-pack"]["result"]["rejectedSupplierFootprints"]] == [
        "NO_CUSTODY_LINK", "ISSUER_NOT_OPERATOR"]
