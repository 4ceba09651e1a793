"""Co-product allocation (GBA GHG Rulebook): economic allocation on 10-year average prices, switching to mass
allocation when the co-products' price ratio is at most 4.

The price ratio is the highest over the lowest price per kg among the process's outputs. Above the threshold
the products differ enough in value that mass would misstate what drives the process; at or below it, mass
allocation is used. The allocated share and the method are returned as breakdown nodes.
"""

from __future__ import annotations

from dataclasses import dataclass

from indices.carbon.breakdown import Node, leaf, product, quotient, total
from indices.carbon.inputs import MultiOutputProcess
from passport.errors import InputError

#: Mass allocation applies when max price / min price <= this.
PRICE_RATIO_THRESHOLD = 4.0


@dataclass(frozen=True)
class Allocation:
    method: str          # "economic" or "mass"
    price_ratio: float
    share: Node          # the share of the process's emissions borne by `process.product`
    per_kg: Node         # kg CO2e per kg of the product


def price_ratio(process: MultiOutputProcess) -> float:
    prices = [o.price_eur_per_kg for o in process.outputs]
    return max(prices) / min(prices)


def allocation_method(process: MultiOutputProcess) -> str:
    """'mass' when the price ratio is <= 4 (or there is a single output), else 'economic'."""
    return "mass" if price_ratio(process) <= PRICE_RATIO_THRESHOLD else "economic"


def allocate(process: MultiOutputProcess, pointer: str) -> Allocation:
    """The share of `process`'s emissions allocated to its `product`, and that product's kg CO2e per kg."""
    method = allocation_method(process)
    weights: list[Node] = []
    own: Node | None = None
    for i, output in enumerate(process.outputs):
        mass = leaf(f"{output.product} mass", output.mass_kg, "kg", f"{pointer}/outputs/{i}/massKg")
        if method == "economic":
            price = leaf(f"{output.product} 10-year average price", output.price_eur_per_kg, "EUR/kg",
                         f"{pointer}/outputs/{i}/priceEurPerKg")
            weight = product(f"{output.product} value", "EUR", mass, price)
        else:
            weight = mass
        weights.append(weight)
        if output.product == process.product:
            own = weight
    if own is None:  # MultiOutputProcess validation guarantees it; kept for hand-built processes
        raise InputError("the product is not one of the process outputs", code="INVALID_CARBON_INPUT",
                         details={"pointer": f"{pointer}/product"})
    unit = "EUR" if method == "economic" else "kg"
    share = quotient(f"{process.product} {method} allocation share", "1", own,
                     total(f"{process.name} outputs ({method})", unit, weights))
    emissions = leaf(f"{process.name} emissions", process.kg_co2e, "kg CO2e", f"{pointer}/kgCo2e")
    allocated = product(f"{process.product} allocated emissions", "kg CO2e", emissions, share)
    own_mass = next(w for w in weights if w is own) if method == "mass" else own.inputs[0]
    per_kg = quotient(f"{process.product} allocated factor", "kg CO2e/kg", allocated, own_mass)
    return Allocation(method, price_ratio(process), share, per_kg)
