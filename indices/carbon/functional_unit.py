"""The functional unit of Art. 7(1)(d): one kWh of the total energy the battery provides over its expected
service life. The lifetime energy is either computed (rated energy × expected cycles × average depth of
discharge × capacity-fade factor) or declared with a justification; the result records which, and its inputs.
"""

from __future__ import annotations

from indices.carbon.breakdown import Node, leaf, product
from indices.carbon.inputs import CyclesFunctionalUnit, DeclaredFunctionalUnit

FUNCTIONAL_UNIT = "kg CO2e per kWh of total energy provided over the expected service life"
CYCLES_FORMULA = "ratedEnergyKwh × expectedCycles × depthOfDischarge × capacityFadeFactor"
DECLARED_FORMULA = "lifetimeEnergyKwh (declared)"


def lifetime_energy(fu: CyclesFunctionalUnit | DeclaredFunctionalUnit) -> tuple[Node, str]:
    """The lifetime energy node (kWh) and the formula text that produced it."""
    if isinstance(fu, DeclaredFunctionalUnit):
        return leaf("lifetime energy", fu.lifetime_energy_kwh, "kWh", "/functionalUnit/lifetimeEnergyKwh"), \
            DECLARED_FORMULA
    node = product(
        "lifetime energy", "kWh",
        leaf("rated energy", fu.rated_energy_kwh, "kWh", "/functionalUnit/ratedEnergyKwh"),
        leaf("expected cycles", fu.expected_cycles, "cycles", "/functionalUnit/expectedCycles"),
        leaf("average depth of discharge", fu.depth_of_discharge, "1", "/functionalUnit/depthOfDischarge"),
        leaf("capacity-fade factor", fu.capacity_fade_factor, "1", "/functionalUnit/capacityFadeFactor"),
    )
    return node, CYCLES_FORMULA
