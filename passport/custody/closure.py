"""Rebuild the site-level origin closure (`custody_origin`) from the lots and their lineage.

Intake keeps the closure row by row as lots are made (`rules._mix`); this recomputes all of it from scratch, for
a store whose closure is missing or in doubt (a bulk load, a restore, a repaired lineage). The same definition:

    closure(lot, m) = {origin_site: 1.0}                           a lot commissioned at an origin site, for each
                                                                   material m of its ledger
    closure(lot, m) = Σ_parent share(lot, m, parent) × closure(parent, m)     a lot made from others (lineage)

Lots are visited in the lineage's topological order (graphlib), so every parent is complete before its children.
"""

from __future__ import annotations

from collections import defaultdict
from graphlib import CycleError, TopologicalSorter

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from passport.custody.repository import T_LEDGER, T_LINEAGE, T_LOT, T_ORIGIN
from passport.errors import StoreError

_BATCH = 10_000


def rebuild_origin_closure(conn: Connection) -> int:
    """Replace every `custody_origin` row with the closure computed from `custody_lot`, `custody_ledger` and
    `custody_lineage`, inside the caller's transaction; returns the number of rows written.

    Raises `StoreError` naming the lots of a cycle in the lineage (intake never writes one)."""
    closure: dict[str, dict[str, dict[str, float]]] = defaultdict(dict)
    origin_of = {lot_id: site for lot_id, site in
                 conn.execute(select(T_LOT.c.id, T_LOT.c.origin_site).where(T_LOT.c.origin_site.is_not(None)))}
    for lot_id, material in conn.execute(select(T_LEDGER.c.lot_id, T_LEDGER.c.material)
                                         .where(T_LEDGER.c.lot_id.in_(select(T_LOT.c.id)
                                                                      .where(T_LOT.c.origin_site.is_not(None))))):
        closure[lot_id][material] = {origin_of[lot_id]: 1.0}
    edges: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
    graph: dict[str, set[str]] = defaultdict(set)
    for child, material, parent, share in conn.execute(select(T_LINEAGE.c.child_lot, T_LINEAGE.c.material,
                                                              T_LINEAGE.c.parent_lot, T_LINEAGE.c.share)):
        edges[child].append((material, parent, share))
        graph[child].add(parent)
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise StoreError("the custody lineage has a cycle", details={"lots": list(exc.args[1])}) from exc
    for lot_id in order:
        if lot_id in origin_of or lot_id not in edges:
            continue                                    # an origin lot, or a lot only ever seen as a parent
        mixed = closure[lot_id]
        for material, parent, share in edges[lot_id]:
            sites = mixed.setdefault(material, {})
            for site, s in closure.get(parent, {}).get(material, {}).items():
                sites[site] = sites.get(site, 0.0) + share * s
    rows = [{"lot_id": lot_id, "material": m, "site_id": site, "share": share}
            for lot_id, materials in sorted(closure.items()) for m, sites in sorted(materials.items())
            for site, share in sorted(sites.items()) if share > 0]
    conn.execute(delete(T_ORIGIN))
    for start in range(0, len(rows), _BATCH):
        conn.execute(insert(T_ORIGIN), rows[start:start + _BATCH])
    return len(rows)
