"""From a computed footprint to the passport's `carbonFootprint` (Annex XIII 1(c), `passport.model.carbon`).

Per-kWh figures are rounded to 5 decimals and the absolute footprint to 0.1 kg; the class is the one derived
from the unrounded total, as the result records it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from indices.carbon.inputs import Declaration
from indices.carbon.result import CarbonResult
from passport.errors import InputError
from passport.model.carbon import CarbonFootprint, StageFootprint

PER_KWH_QUANTUM = Decimal("0.00001")
ABSOLUTE_QUANTUM = Decimal("0.1")


def _q(value: float, quantum: Decimal) -> Decimal:
    return Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_EVEN)


def to_passport(result: CarbonResult, declaration: Declaration | None = None) -> CarbonFootprint:
    """The passport's CarbonFootprint for `result`; the declaration gives the study URL and id."""
    if declaration is None:
        raise InputError("a passport footprint needs the declaration's studyUrl and declarationId",
                         code="INVALID_CARBON_INPUT", details={"pointer": "/declaration"})
    return CarbonFootprint(
        total_kg_co2e_per_kwh=_q(result.total_kg_co2e_per_kwh.value, PER_KWH_QUANTUM),
        life_cycle_stages=[StageFootprint(life_cycle_stage=s.life_cycle_stage,
                                          kg_co2e_per_kwh=_q(s.kg_co2e_per_kwh.value, PER_KWH_QUANTUM))
                           for s in result.stages],
        absolute_kg_co2e=_q(result.total_kg_co2e.value, ABSOLUTE_QUANTUM),
        performance_class=result.performance_class,
        study_url=declaration.study_url,
        declaration_id=declaration.declaration_id,
        methodology=declaration.methodology,
    )
