"""The small battery of conftest.SMALL, computed by hand with the shipped factor tables.

Factors used (kg CO2e per unit): nmc811_cam 20.0/kg, natural_graphite 5.0/kg, aluminium 16.0/kg,
grid:DE 0.38/kWh, solar_pv_utility 0.048/kWh, natural_gas 0.0561571/MJ, CO2 1/kg, truck 0.075/tkm,
sea_container 0.010/tkm, dismantling 0.05/kg, hydrometallurgical_recycling 1.2/kg; class table lmt:
A <= 0.06 < B <= 0.09 < C <= 0.12.
"""

from __future__ import annotations

import pytest

from indices.carbon import compute_footprint, footprint, parse_input, problems, recompute, to_passport
from indices.carbon.result import CarbonResult
from passport.model.carbon import CarbonFootprint, LifeCycleStage
from tests.carbon.conftest import links_to, signed_footprint

# lifetime energy = 1.0 kWh × 2000 cycles × 0.8 DoD × 0.9 fade = 1440 kWh
ENERGY = 1.0 * 2000 * 0.8 * 0.9
# copper: outputs priced 8.0 and 0.1 EUR/kg -> ratio 80 > 4 -> economic; values 1.0×8.0 = 8.0, 3.0×0.1 = 0.3
# share = 8.0 / 8.3; allocated = 4.15 × 8/8.3 = 4.0 kg CO2e per 1.0 kg copper -> 4.0 kg CO2e/kg × 0.5 kg = 2.0
COPPER = 0.5 * (4.15 * 8.0 / 8.3) / 1.0
# raw materials: cam 2.0×20.0 = 40.0; anode 1.0×5.0 = 5.0; casing 3.0×16.0 = 48.0; copper 2.0 -> 95.0
RAW = 2.0 * 20.0 + 1.0 * 5.0 + 3.0 * 16.0 + COPPER
# main production: 50×0.38 = 19.0; 10×0.048 = 0.48; 100×0.0561571 = 5.61571; 1.0×1 = 1.0 -> 26.09571
MAIN = 50 * 0.38 + 10 * 0.048 + 100 * 0.0561571 + 1.0 * 1
# distribution: truck 10 kg = 0.01 t × 500 km × 0.075 = 0.375; sea 0.012 t × 10000 km × 0.010 = 1.2 -> 1.575
DIST = 0.01 * 500 * 0.075 + 0.012 * 10000 * 0.010
# end of life: truck 0.01 t × 200 km × 0.075 = 0.15; dismantling 10×0.05 = 0.5; hydro 8×1.2 = 9.6 -> 10.25
EOL = 0.01 * 200 * 0.075 + 10 * 0.05 + 8 * 1.2
TOTAL = RAW + MAIN + DIST + EOL   # 132.92071 kg CO2e


def test_arithmetic_written_out_adds_up():
    assert ENERGY == pytest.approx(1440.0)
    assert COPPER == pytest.approx(2.0)
    assert (RAW, MAIN, DIST, EOL) == pytest.approx((95.0, 26.09571, 1.575, 10.25))
    assert TOTAL == pytest.approx(132.92071)


def test_small_battery_matches_hand_computation(small):
    result = compute_footprint(parse_input(small))
    assert result.lifetime_energy_kwh.value == pytest.approx(1440.0)
    stage = {s.life_cycle_stage: s for s in result.stages}
    assert stage[LifeCycleStage.RAW_MATERIAL_ACQUISITION].kg_co2e.value == pytest.approx(95.0)
    assert stage[LifeCycleStage.MAIN_PRODUCT_PRODUCTION].kg_co2e.value == pytest.approx(26.09571)
    assert stage[LifeCycleStage.DISTRIBUTION].kg_co2e.value == pytest.approx(1.575)
    assert stage[LifeCycleStage.END_OF_LIFE].kg_co2e.value == pytest.approx(10.25)
    assert stage[LifeCycleStage.DISTRIBUTION].kg_co2e_per_kwh.value == pytest.approx(1.575 / 1440)
    assert result.total_kg_co2e.value == pytest.approx(132.92071)
    # 132.92071 / 1440 = 0.0923060...: above 0.09 (B), within 0.12 -> C
    assert result.total_kg_co2e_per_kwh.value == pytest.approx(0.09230604861)
    assert result.performance_class == "C"
    # primary data: main production only (no supplier data) -> 26.09571 / 132.92071
    assert result.primary_data_share.value == pytest.approx(26.09571 / 132.92071)
    # DQR: secondary factors rate 4 (cam 40, anode 5, casing 48, truck 0.375, sea 1.2, eol 0.15 + 0.5 + 9.6
    # = 104.825 kg), the copper process 3 (2.0 kg), main production (activity 2 + factor)/2: grid 3 (19.0),
    # solar 2.5 (0.48), gas 2 (5.61571), CO2 1.5 (1.0):
    weighted = 4 * 104.825 + 3 * 2.0 + 3 * 19.0 + 2.5 * 0.48 + 2 * 5.61571 + 1.5 * 1.0   # 496.23142
    assert result.data_quality_rating.value == pytest.approx(weighted / 132.92071)   # 3.7333 -> fair
    assert result.data_quality_level == "fair"
    assert [(a.line, a.method, a.price_ratio) for a in result.allocations] == [("copper", "economic", 80.0)]
    assert recompute(result)


def test_linked_supplier_footprint_replaces_its_share(small, cam_key):
    small["supplierFootprints"] = [signed_footprint(cam_key, kg="12.0")]
    result = footprint(parse_input(small), links=links_to(cam_key, share=0.75))
    assert [(a.line, a.share) for a in result.supplier_footprints] == [("cam", 0.75)]
    # cam effective factor = 0.75 × 12.0 + (1 − 0.75) × 20.0 = 9.0 + 5.0 = 14.0 -> 2.0 kg × 14.0 = 28.0
    raw = result.stage(LifeCycleStage.RAW_MATERIAL_ACQUISITION).kg_co2e.value
    assert raw == pytest.approx(28.0 + 5.0 + 48.0 + 2.0)              # 83.0
    assert result.total_kg_co2e.value == pytest.approx(120.92071)     # 83.0 + 26.09571 + 1.575 + 10.25
    assert result.total_kg_co2e_per_kwh.value == pytest.approx(120.92071 / 1440)   # 0.0839727 -> B
    assert result.performance_class == "B"
    # primary: supplier part 2.0 × 0.75 × 12.0 = 18.0, plus main production 26.09571
    assert result.primary_data_share.value == pytest.approx((18.0 + 26.09571) / 120.92071)
    assert result.supplier_footprints[0].digest_sri.startswith("sha384-")
    codes = [f.code for f in result.findings if f.code == "SUPPLIER_DATA_MISSING"]
    assert codes == ["SUPPLIER_DATA_MISSING", "SUPPLIER_DATA_MISSING"]   # cam 25 % uncovered, anode 100 %
    assert recompute(result)


def test_declared_lifetime_energy_is_used_as_given(small):
    small["functionalUnit"] = {"method": "declared", "lifetimeEnergyKwh": 2000.0, "justification": "duty cycle"}
    result = compute_footprint(parse_input(small))
    assert result.total_kg_co2e_per_kwh.value == pytest.approx(132.92071 / 2000.0)
    assert result.functional_unit_formula == "lifetimeEnergyKwh (declared)"


def test_tampered_leaf_or_class_does_not_recompute(small):
    result = compute_footprint(parse_input(small))
    data = result.to_json()
    data["stages"][0]["kgCo2e"]["inputs"][0]["inputs"][1]["value"] = 2.0   # cam factor 20 -> 2, totals kept
    assert problems(CarbonResult.from_json(data))
    data = result.to_json()
    data["performanceClass"] = "A"
    assert not recompute(CarbonResult.from_json(data))
    data = result.to_json()
    data["totalKgCo2ePerKwh"]["value"] = 0.05
    assert not recompute(CarbonResult.from_json(data))


def test_result_round_trips_through_json_and_still_recomputes(small):
    result = compute_footprint(parse_input(small))
    again = CarbonResult.from_json(result.to_json())
    assert again == result
    assert recompute(again)


def test_maps_onto_the_passport_carbon_footprint(small):
    inp = parse_input(small)
    cf = to_passport(compute_footprint(inp), inp.declaration)
    assert isinstance(cf, CarbonFootprint)
    assert str(cf.total_kg_co2e_per_kwh) == "0.09231"
    assert str(cf.absolute_kg_co2e) == "132.9"
    assert cf.performance_class == "C"
    assert {s.life_cycle_stage: str(s.kg_co2e_per_kwh) for s in cf.life_cycle_stages} == {
        LifeCycleStage.RAW_MATERIAL_ACQUISITION: "0.06597",     # 95.0 / 1440
        LifeCycleStage.MAIN_PRODUCT_PRODUCTION: "0.01812",      # 26.09571 / 1440
        LifeCycleStage.DISTRIBUTION: "0.00109",                 # 1.575 / 1440
        LifeCycleStage.END_OF_LIFE: "0.00712",                  # 10.25 / 1440
    }


def test_fast_json_equals_pydantic_serialisation(small, cam_key):
    from indices.carbon.result import result_adapter

    small["supplierFootprints"] = [signed_footprint(cam_key, kg="12.0"), signed_footprint(cam_key, lots=("urn:x",))]
    result = footprint(parse_input(small), links=links_to(cam_key))
    assert result.to_json() == result_adapter().dump_python(result, mode="json", by_alias=True)
    assert result.to_json()["rejectedSupplierFootprints"][0]["digestSRI"].startswith("sha384-")


def test_two_supplier_sites_are_weighted_by_custody_mass_shares(small):
    """Two CAM plants: 60 % of the battery's nickel came through plant A's lot (10.0 kg CO2e/kg), 40 % through
    plant B's (15.0): effective factor 0.6 × 10.0 + 0.4 × 15.0 + 0 × 20.0 = 12.0 -> 2.0 kg × 12.0 = 24.0."""
    from passport.keys import generate_key_pair
    from indices.carbon import CustodyLinks, LotLink
    from tests.carbon.conftest import BATTERY_LOT

    a, b = generate_key_pair("Ed25519"), generate_key_pair("Ed25519")
    lot_a, lot_b = "urn:example:lot:cam-a", "urn:example:lot:cam-b"
    links = CustodyLinks(BATTERY_LOT, {"Ni": {lot_a: LotLink(lot_a, 0.6, "urn:example:site:a", a.controller),
                                              lot_b: LotLink(lot_b, 0.4, "urn:example:site:b", b.controller)}})
    small["supplierFootprints"] = [signed_footprint(a, kg="10.0", lots=(lot_a,)),
                                   signed_footprint(b, kg="15.0", lots=(lot_b,))]
    result = footprint(parse_input(small), links=links)
    assert sorted(a.share for a in result.supplier_footprints) == [0.4, 0.6]
    raw = result.stage(LifeCycleStage.RAW_MATERIAL_ACQUISITION).kg_co2e
    assert raw.value == pytest.approx(24.0 + 5.0 + 48.0 + 2.0)
    cam = raw.inputs[0]
    assert cam.inputs[1].name == "cam effective factor" and cam.inputs[1].value == pytest.approx(12.0)
    assert not [f for f in result.findings if f.pointer == "/billOfMaterials/0"]   # fully covered
    assert recompute(result)


def test_passport_mapping_needs_the_declaration(small):
    from passport.errors import InputError

    del small["declaration"]
    inp = parse_input(small)
    with pytest.raises(InputError) as info:
        to_passport(compute_footprint(inp), inp.declaration)
    assert info.value.details["pointer"] == "/declaration"


def test_per_kwh_over_another_energy_does_not_recompute(small):
    result = compute_footprint(parse_input(small))
    data = result.to_json()
    data["stages"][2]["kgCo2ePerKwh"]["inputs"][1] = {"name": "lifetime energy", "value": 720.0, "unit": "kWh",
                                                      "formula": "input", "source": "/x", "inputs": []}
    data["stages"][2]["kgCo2ePerKwh"]["value"] = 1.575 / 720.0
    assert problems(CarbonResult.from_json(data)) == ["/stages/2/kgCo2ePerKwh/inputs"]
