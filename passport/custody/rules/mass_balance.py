"""The chain-of-custody models of a transformation's outputs, material by material: the yield it may show, the
model the inputs allow (identity preserved > segregated > mass balance), and how the inputs mix.
"""

from __future__ import annotations

from passport.custody.rules.lots import finding
from passport.custody.state import LotState, Outcome
from passport.custody.vocab import COC_MODELS, weakest_model

#: Without a declared yield, a transformation must keep between half and all (+0.5 %) of each traced material.
MIN_YIELD, MAX_YIELD = 0.5, 1.005
#: A measured yield may differ from the declared one by this much (absolute).
DECLARED_YIELD_TOLERANCE = 0.02


def yield_ok(out: Outcome, event: object, m: str, in_mg: float, out_mg: int, declared: float | None,
             lots: list[str]) -> bool:
    if in_mg <= 0:
        finding(out, "YIELD_OUT_OF_BOUNDS", f"{m} appears in the outputs but no input brings it", event, *lots)
        return False
    y = out_mg / in_mg
    low, high = (MIN_YIELD, MAX_YIELD) if declared is None else (declared - DECLARED_YIELD_TOLERANCE,
                                                                 min(MAX_YIELD, declared + DECLARED_YIELD_TOLERANCE))
    if not low <= y <= high:
        finding(out, "YIELD_OUT_OF_BOUNDS", f"{m} yield {y:.3f} is outside [{low:.3f}, {high:.3f}]", event, *lots)
        return False
    return True


def coc_model(out: Outcome, event: object, m: str, rows: list[tuple[LotState, float, float]],
              lots: list[str]) -> str | None:
    """The chain-of-custody model of the outputs for `m`: as declared, never stronger than the inputs allow."""
    inputs_model = weakest_model([lot.materials[m].model for lot, _c, _mo in rows])
    sites = {s for lot, _c, _mo in rows for s in lot.origins.get(m, {})}
    untraced = any(sum(lot.origins.get(m, {}).values()) < 0.999999 for lot, _c, _mo in rows)
    allowed = {
        "identity_preserved": inputs_model == "identity_preserved" and len(sites) == 1 and not untraced,
        "segregated": COC_MODELS.index(inputs_model) <= 1
        and all(lot.materials[m].monitored_mg >= lot.materials[m].mass_mg for lot, _c, _mo in rows),
        "mass_balance": True,
    }
    declared = getattr(event, "chain_of_custody", None)
    if declared is None:  # the strongest model the inputs allow
        return next(model for model in COC_MODELS if allowed[model])
    if not allowed[declared]:
        finding(out, "COC_MODEL_VIOLATED", f"the inputs do not allow a {declared} claim for {m}", event, *lots)
        return None
    return declared


def mix(rows: list[tuple[LotState, float, float]], in_mg: float, m: str) -> dict[str, dict[str, float]]:
    """Shares of the output's `m` by parent lot, and by origin site (the parents' origins, weighted)."""
    parents: dict[str, float] = {}
    origins: dict[str, float] = {}
    for lot, contributed, _mo in rows:
        share = contributed / in_mg
        parents[lot.id] = parents.get(lot.id, 0.0) + share
        for site_id, s in lot.origins.get(m, {}).items():
            origins[site_id] = origins.get(site_id, 0.0) + share * s
    return {"parents": parents, "origins": origins}
