"""Co-product allocation: economic on 10-year average prices, mass when the price ratio is <= 4."""

from __future__ import annotations

import pytest

from indices.carbon import PRICE_RATIO_THRESHOLD, allocate, allocation_method, check
from indices.carbon.inputs import MultiOutputProcess


def process(price_a: float, price_b: float) -> MultiOutputProcess:
    # 100 kg CO2e shared by 1 kg of A and 3 kg of B
    return MultiOutputProcess(name="refining", kg_co2e=100.0, product="A",
                              outputs=[{"product": "A", "mass_kg": 1.0, "price_eur_per_kg": price_a},
                                       {"product": "B", "mass_kg": 3.0, "price_eur_per_kg": price_b}])


def test_threshold_is_four():
    assert PRICE_RATIO_THRESHOLD == 4.0


def test_ratio_exactly_four_uses_mass_allocation():
    p = process(8.0, 2.0)                       # 8 / 2 = 4.0 -> mass
    a = allocate(p, "/p")
    assert allocation_method(p) == a.method == "mass"
    assert a.price_ratio == 4.0
    assert a.share.value == pytest.approx(1.0 / 4.0)          # 1 kg of 4 kg
    assert a.per_kg.value == pytest.approx(100.0 * 0.25 / 1.0)  # 25 kg CO2e/kg
    assert not check(a.per_kg)


def test_ratio_just_above_four_uses_economic_allocation():
    p = process(8.0001, 2.0)                    # 4.00005 > 4 -> economic
    a = allocate(p, "/p")
    assert a.method == "economic"
    # value: A 1 × 8.0001, B 3 × 2.0 = 6.0 -> share 8.0001 / 14.0001
    assert a.share.value == pytest.approx(8.0001 / 14.0001)
    assert a.per_kg.value == pytest.approx(100.0 * 8.0001 / 14.0001)   # 57.14 kg CO2e/kg
    assert not check(a.per_kg)


def test_ratio_below_four_uses_mass_whatever_the_order():
    p = MultiOutputProcess(name="x", kg_co2e=10.0, product="B",
                           outputs=[{"product": "A", "mass_kg": 2.0, "price_eur_per_kg": 3.0},
                                    {"product": "B", "mass_kg": 2.0, "price_eur_per_kg": 9.0}])   # 9/3 = 3
    a = allocate(p, "/p")
    assert a.method == "mass" and a.share.value == pytest.approx(0.5) and a.per_kg.value == pytest.approx(2.5)


def test_the_switch_changes_the_result_across_the_threshold():
    at, above = allocate(process(8.0, 2.0), "/p"), allocate(process(8.0001, 2.0), "/p")
    assert at.per_kg.value == pytest.approx(25.0)
    assert above.per_kg.value > 2 * at.per_kg.value


def test_breakdown_names_the_prices_it_used():
    a = allocate(process(10.0, 1.0), "/billOfMaterials/3/process")
    sources = {n.source for n in _leaves(a.per_kg)}
    assert "/billOfMaterials/3/process/outputs/0/priceEurPerKg" in sources
    assert "/billOfMaterials/3/process/kgCo2e" in sources


def _leaves(node):
    from indices.carbon.breakdown import leaves

    return leaves(node)
