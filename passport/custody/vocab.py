"""Controlled values of custody events: CBV 2.0 business steps and dispositions, UN/CEFACT mass units,
the materials we trace and the chain-of-custody models.

CBV values are accepted in any of their three spellings (bare `shipping`, `urn:epcglobal:cbv:bizstep:shipping`,
`https://ref.gs1.org/cbv/BizStep-shipping`) and kept bare, as EPCIS 2.0 JSON-LD writes them.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Literal

#: GS1 CBV 2.0 §7.1 business steps.
BIZ_STEPS = frozenset(
    """accepting arriving assembling collecting commissioning consigning creating_class_instance cycle_counting
    decommissioning departing destroying disassembling dispensing encoding entering_exiting holding inspecting
    installing killing loading other packing picking receiving removing repackaging repairing replacing reserving
    retail_selling sampling sensor_reporting shipping staging_outbound stock_taking stocking storing transporting
    unloading unpacking void_shipping""".split()
)

#: GS1 CBV 2.0 §7.2 dispositions.
DISPOSITIONS = frozenset(
    """active available completeness_inferred completeness_verified conformant container_closed container_open
    damaged destroyed dispensed disposed encoded expired in_progress in_transit inactive mismatch_class
    mismatch_instance mismatch_quantity needs_replacement no_pedigree_match non_conformant non_sellable_other
    partially_dispensed recalled reserved retail_sold returned sellable_accessible sellable_not_accessible stolen
    unavailable unknown""".split()
)

#: GS1 CBV 2.0 §7.5 source/destination types.
SOURCE_DEST_TYPES = frozenset({"owning_party", "possessing_party", "location"})

#: Business steps after which the material has left the place it was at (a "shipping" for the integrity checks).
SHIPPING_STEPS = frozenset({"shipping", "departing", "staging_outbound", "loading", "transporting"})

_CBV_PREFIXES = {
    "bizStep": ("urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-"),
    "disposition": ("urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-"),
    "type": ("urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-"),
}


def cbv_bare(value: str, kind: Literal["bizStep", "disposition", "type"]) -> str:
    """The bare CBV word of `value`, whichever of the three spellings it came in."""
    for prefix in _CBV_PREFIXES[kind]:
        if value.startswith(prefix):
            return value[len(prefix):]
    return value


def cbv_url(value: str, kind: Literal["bizStep", "disposition", "type"]) -> str:
    """The Web URI form (`https://ref.gs1.org/cbv/...`) that UNTP writes."""
    return _CBV_PREFIXES[kind][1] + value


#: Masses are counted in whole milligrams: exact integers from a 1 g tantalum capacitor to a 40 t ore lot.
MG_PER_KG = 1_000_000
#: UN/CEFACT Recommendation 20 codes for mass, and milligrams per unit.
MASS_UNITS_MG: dict[str, float] = {"KGM": 1e6, "GRM": 1e3, "TNE": 1e9, "MGM": 1.0, "LBR": 453_592.37}
#: Count unit (each): a serialised item whose mass comes from its lot master data.
COUNT_UNITS = frozenset({"EA", "H87", "C62"})

#: Materials the ledger tracks. `graphite` is natural graphite (Art. 48 and Annex X of Regulation 2023/1542);
#: Sn/Ta/W are the 3T of the OECD minerals guidance, `mica` the ASM-heavy filler of cells and packs.
Material = Literal["Co", "Li", "Ni", "graphite", "Sn", "Ta", "W", "mica"]
MATERIALS: tuple[str, ...] = ("Co", "Li", "Ni", "graphite", "Sn", "Ta", "W", "mica")

#: Chain-of-custody models (ISO 22095:2020 §5), strongest first.
CocModel = Literal["identity_preserved", "segregated", "mass_balance"]
COC_MODELS: tuple[str, ...] = ("identity_preserved", "segregated", "mass_balance")


def weakest_model(models: list[str]) -> str:
    """The weakest of several models: a claim is only as strong as the weakest link behind it."""
    return max(models, key=COC_MODELS.index) if models else "identity_preserved"


def period_of(when: datetime) -> str:
    """The mass-balance accounting period of an instant: its calendar quarter in UTC (`2025-Q3`).

    Credits booked in a period can only be claimed in that period; they expire with it.
    """
    utc = when.astimezone(timezone.utc)
    return f"{utc.year}-Q{(utc.month - 1) // 3 + 1}"


def to_mg(quantity: float, uom: str | None) -> int | None:
    """Mass in whole milligrams, or None for a count unit or an unknown unit (the caller decides)."""
    factor = MASS_UNITS_MG.get(uom or "KGM")
    if factor is None:
        return None
    return round(quantity * factor)
