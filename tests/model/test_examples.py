"""The example passports: complete, valid, internally consistent and marked synthetic."""

from __future__ import annotations

from decimal import Decimal

from passport.model import AccessGroup, BatteryCategory, PassportCreate, parse_passport, project

from tests.model.conftest import load_example


def test_each_example_is_a_valid_create_request(example_data):
    created = parse_passport(example_data, model=PassportCreate)
    assert created.id is None
    assert created.supply_chain_due_diligence is not None
    assert created.supply_chain_due_diligence.index_results is None  # computed by `passport issue`


def test_each_example_fills_every_group(example_passport):
    public = project(example_passport, AccessGroup.PUBLIC)
    legitimate = project(example_passport, AccessGroup.LEGITIMATE_INTEREST)
    authority = project(example_passport, AccessGroup.AUTHORITY)
    assert len(repr(public)) < len(repr(legitimate)) < len(repr(authority))


def test_rated_energy_is_nominal_voltage_times_rated_capacity(example_passport):
    performance = example_passport.performance_and_durability
    computed_kwh = performance.nominal_voltage_v * performance.rated_capacity_ah / 1000
    assert abs(computed_kwh - performance.rated_energy_kwh) / performance.rated_energy_kwh < Decimal("0.01")


def test_carbon_footprint_per_kwh_matches_the_lifetime_energy(example_passport):
    """kg CO2e per kWh of energy over the service life (Art. 7(1)(d)): absolute / per-kWh is the lifetime energy."""
    footprint, performance = example_passport.carbon_footprint, example_passport.performance_and_durability
    lifetime_kwh = footprint.absolute_kg_co2e / footprint.total_kg_co2e_per_kwh
    nameplate_kwh = performance.rated_energy_kwh * performance.expected_lifetime_cycles
    assert Decimal("0.6") < lifetime_kwh / nameplate_kwh <= 1


def test_the_ev_pack_is_nmc811_with_cobalt_and_the_storage_battery_is_lfp_without():
    ev = parse_passport(load_example("nmc811-ev-pack"), model=PassportCreate)
    lfp = parse_passport(load_example("lfp-industrial-storage"), model=PassportCreate)
    assert ev.general_product_information.battery_category is BatteryCategory.EV
    assert "NMC811" in ev.material_composition.chemistry
    assert 70 <= ev.performance_and_durability.rated_energy_kwh <= 80
    assert "Cobalt" in {m.material_name for m in ev.material_composition.critical_raw_materials}
    assert lfp.general_product_information.battery_category is BatteryCategory.INDUSTRIAL
    assert 190 <= lfp.performance_and_durability.rated_energy_kwh <= 210
    assert "Cobalt" not in {m.material_name for m in lfp.material_composition.critical_raw_materials}


def test_every_organisation_in_the_examples_is_marked_synthetic(example_data):
    names = []

    def collect(node):
        if isinstance(node, dict):
            names.extend(v for k, v in node.items() if k in {"legalName", "testingBody", "verifierName"})
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)
    collect(example_data)
    assert len(names) >= 4 and all("synthetic" in name for name in names)
