"""What `passport issue` computes before it signs: the chain-of-custody summary, the carbon footprint and the
GBA index results, written into the passport data, and the upstream digest binding (`relatedResource`).

A maker's hand-written figures never reach a signature where a computation exists: each section named here
is replaced by the computed one. The mapping functions are pure; `compute_sections` reads the store.

    custody_section   `public_summary` entries -> `supplyChainDueDiligence.chainOfCustody` (shares as %)
    with_sections     the passport data with the computed sections in place
    compute_sections  custody summary + binding (store), footprint (input + custody links), index results
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from sqlalchemy.engine import Engine

from indices.carbon import footprint, load_links, parse_input, to_passport
from indices.carbon import loader as carbon_loader
from indices.store import passport_index_results
from passport.custody.lot_binding import prove_lot_binding
from passport.custody.summary import public_summary, upstream_binding
from passport.custody.trace import resolve_lot
from passport.errors import InputError
from passport.settings import get_settings
from passport.trust import TrustSources, verify_credential

#: Ledger material codes (`passport.custody.vocab.MATERIALS`) -> the passport's `TracedMaterial` values.
#: Mica has no passport term (it is not an Art. 48 raw material): its figures stay with the custody store.
MATERIAL_TERMS = {"Co": "cobalt", "Li": "lithium", "Ni": "nickel", "graphite": "natural_graphite", "Sn": "tin",
                  "Ta": "tantalum", "W": "tungsten"}


def _percent(share: float) -> str:
    """A share (0..1, as `public_summary` rounds it) as a plain-decimal percentage string."""
    return format((Decimal(str(share)) * 100).normalize(), "f")


def custody_section(summary: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`public_summary` entries as `MaterialCustody` JSON objects (materials without a passport term left out)."""
    out = []
    for entry in summary:
        term = MATERIAL_TERMS.get(entry["material"])
        if term is None:
            continue
        item: dict[str, Any] = {"material": term, "chainOfCustodyModel": entry["chainOfCustodyModel"]}
        if entry["originCountries"]:
            item["originCountries"] = list(entry["originCountries"])
        item["monitoredOriginPercent"] = _percent(entry["monitoredOriginShare"])
        item["tracedPercent"] = _percent(entry["tracedShare"])
        out.append(item)
    return out


@dataclass(frozen=True)
class ComputedSections:
    """The computed parts of one passport and what they were computed from (for the issuer's report)."""

    carbon_footprint: dict[str, Any] | None = None
    chain_of_custody: list[dict[str, Any]] | None = None
    index_results: list[dict[str, Any]] | None = None
    related_resource: list[dict[str, Any]] | None = None
    carbon_result: Any = None
    notes: tuple[str, ...] = field(default=())
    lot_binding: Any = None  #: the `LotBinding` that proved the custody lot is this battery


def with_sections(data: Mapping[str, Any], sections: ComputedSections) -> dict[str, Any]:
    """A copy of the passport data (PassportCreate JSON) with the computed sections replacing the given ones."""
    out = copy.deepcopy(dict(data))
    if sections.carbon_footprint is not None:
        out["carbonFootprint"] = sections.carbon_footprint
    if sections.chain_of_custody is not None or sections.index_results is not None:
        due = dict(out.get("supplyChainDueDiligence") or {})
        if sections.chain_of_custody is not None:
            due["chainOfCustody"] = sections.chain_of_custody
        if sections.index_results is not None:
            due["indexResults"] = sections.index_results
        out["supplyChainDueDiligence"] = due
    return out


def _supplier_verifier(engine: Engine | None) -> Any:
    """Supplier footprints under the one policy: with a store, its did:web issuers and the status lists it holds
    (a revoked or suspended footprint is excluded with that code); without one, offline."""
    sources = (TrustSources(loader=carbon_loader()) if engine is None
               else TrustSources.for_service(engine, get_settings(), loader=carbon_loader()))
    return partial(verify_credential, sources=sources)


def _carbon(engine: Engine | None, carbon_input: Mapping[str, Any], use_custody: bool
            ) -> tuple[dict[str, Any], Any, str]:
    inp = parse_input(dict(carbon_input))
    if inp.declaration is None:
        raise InputError("the carbon input has no declaration, which the passport's carbonFootprint needs",
                         code="CARBON_DECLARATION_MISSING", details={"pointer": "/declaration"})
    links = None
    if use_custody and engine is not None and inp.battery.custody_lot:
        materials = {line.traced_material for line in inp.bill_of_materials if line.traced_material}
        with engine.connect() as conn:
            links = load_links(conn, inp.battery.custody_lot, materials)
    result = footprint(inp, links=links, verifier=_supplier_verifier(engine))
    if links is None:
        why = ("the input names no custody lot" if not inp.battery.custody_lot
               else "--no-custody" if not use_custody else "no store to read it from")
        note = (f"carbon footprint computed without a custody trace ({why}): supplier footprints rejected "
                f"({len(result.rejected_supplier_footprints)})")
    else:
        note = (f"carbon footprint computed with the custody links of {inp.battery.custody_lot}: supplier "
                f"footprints accepted {len(result.supplier_footprints)}, rejected "
                f"{len(result.rejected_supplier_footprints)}")
    return to_passport(result, inp.declaration).model_dump(mode="json"), result, note


def compute_sections(engine: Engine | None, *, carbon_input: Mapping[str, Any] | None = None,
                     custody_lot: str | None = None, passport: str | None = None, issuer: str | None = None,
                     indices: bool = False, use_custody_links: bool = True,
                     index_options: Mapping[str, Any] | None = None,
                     index_results: Callable[..., list[dict[str, Any]]] | None = None) -> ComputedSections:
    """Compute what was asked for: the footprint from `carbon_input` (supplier footprints count only where the
    store's custody trace links them), the custody summary and upstream binding of `custody_lot`, and, with
    `indices`, the GBA index results of that lot. A custody lot counts only once it is proven to be the battery
    `passport` (its URL) and `issuer` (the signing DID) speaks for it (`prove_lot_binding`; LotBindingError
    otherwise, before anything is signed). Raises NotFoundError when the lot has no custody ledger."""
    notes: list[str] = []
    carbon = result = None
    if carbon_input is not None:
        carbon, result, note = _carbon(engine, carbon_input, use_custody_links)
        notes.append(note)
    chain = related = indexed = None
    if custody_lot is not None:
        if engine is None or passport is None or issuer is None:
            raise ValueError("a custody lot needs the store, the passport's identifier and the issuer's DID")

        with engine.connect() as conn:
            lot = resolve_lot(conn, custody_lot)
            binding = prove_lot_binding(conn, lot, passport, issuer)
            chain = custody_section(public_summary(conn, lot))
            related = upstream_binding(conn, lot)["relatedResource"] or None
        notes.append(f"custody lot {lot} is {passport} ({binding.association}); the issuer speaks for "
                     f"{binding.speaks_for}")
        notes.append(f"chain of custody of {lot}: {len(chain)} materials, {len(related or [])} upstream "
                     "credentials bound (relatedResource, authority view only)")
        if indices:
            results_of = index_results or passport_index_results
            indexed = results_of(engine, lot, **dict(index_options or {})) or None
            notes.append(f"GBA indices of {lot}: {len(indexed or [])} results")
    return ComputedSections(carbon_footprint=carbon, chain_of_custody=chain, index_results=indexed,
                            related_resource=related, carbon_result=result, notes=tuple(notes),
                            lot_binding=binding if custody_lot is not None else None)
