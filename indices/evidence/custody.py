"""Custody flows of a battery from the store: for each traced material, which share came from which origin site
through which companies.

Walks lot-level lineage (one recursive CTE per material gives the lots, the company each stands for and their
parents), then combines upstream in memory: each lot's flows are its parents' flows scaled by the lineage share,
with the lot's company appended. What no flow accounts for is mass of unknown origin; it stays out of every flow.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from graphlib import CycleError, TopologicalSorter

from sqlalchemy import select, text
from sqlalchemy.engine import Connection

from indices.evidence.inputs import Company, MaterialTrace
from passport.custody.repository import T_LEDGER, T_PARTY
from passport.custody.rules import INACTIVE_STATUSES
from passport.custody.state import SiteStatus, no_status
from passport.errors import StoreError

# every lot the battery's material came from, once, with the company it stands for (the operator of its origin
# site, or of the site it was made at, else its custodian), its origin site's programme, and its parents
_LINEAGE = text("""
WITH RECURSIVE up(lot_id) AS (
    SELECT CAST(:lot AS VARCHAR(500))
  UNION
    SELECT l.parent_lot FROM custody_lineage l JOIN up ON l.child_lot = up.lot_id WHERE l.material = :material
)
SELECT lot.id, lot.origin_site, COALESCE(site.party_id, lot.custodian),
       CASE WHEN lot.origin_site IS NOT NULL THEN site.programme END, l.parent_lot, l.share
FROM up JOIN custody_lot lot ON lot.id = up.lot_id
LEFT JOIN custody_site site ON site.id = COALESCE(lot.origin_site, lot.site_id)
LEFT JOIN custody_lineage l ON l.child_lot = lot.id AND l.material = :material
""")


def material_flows(conn: Connection, lot_id: str, material: str, mass_mg: int, *,
                   site_status: SiteStatus = no_status, now: datetime | None = None) -> MaterialTrace:
    """The flows of one material of `lot_id`."""
    parents: dict[str, list[tuple[str, float]]] = defaultdict(list)
    lots: dict[str, tuple[str | None, str]] = {}                 # lot -> (origin site, company)
    programmes: dict[str, str | None] = {}
    for lot, origin, party, programme, parent, share in conn.execute(
            _LINEAGE, {"lot": lot_id, "material": material}).all():
        lots[lot] = (origin, party)
        if origin is not None:
            programmes[origin] = programme
        if parent is not None:
            parents[lot].append((parent, float(share)))
    moment = now or datetime.now(UTC)

    # bottom-up in lineage order, each lot's flows as path -> {origin site -> share}; a lot that passes a
    # parent's material on whole (share 1) shares that parent's site map instead of copying it
    memo: dict[str, dict[tuple[str, ...], dict[str, float]]] = {}
    for lot in _parents_first(lot_id, parents):
        origin, me = lots.get(lot, (None, ""))
        if origin is not None:
            memo[lot] = {(me,): {origin: 1.0}}
            continue
        merged: dict[tuple[str, ...], dict[str, float]] = {}
        owned: set[int] = set()                    # site maps this lot made (the others are shared: never mutated)
        for parent, share in parents.get(lot, []):
            for path, shares in memo[parent].items():
                key = path if path[-1] == me else path + (me,)
                target = merged.get(key)
                if target is None:
                    if share == 1.0:
                        merged[key] = shares
                    else:
                        merged[key] = target = {site: share * value for site, value in shares.items()}
                        owned.add(id(target))
                    continue
                if id(target) not in owned:
                    merged[key] = target = dict(target)
                    owned.add(id(target))
                for site, value in shares.items():
                    target[site] = target.get(site, 0.0) + share * value
        memo[lot] = merged

    found = sorted(((share, site, path) for path, shares in memo[lot_id].items() for site, share in shares.items()
                    if share > 0), key=lambda f: (-f[0], f[1], f[2]))
    flows = []
    for share, site, path in found:
        programme = programmes.get(site)
        monitored = bool(programme) and site_status(site, moment) not in INACTIVE_STATUSES
        flows.append({"site": site, "programme": programme, "monitored": monitored, "companies": path,
                      "share": min(1.0, round(share, 12))})
    return MaterialTrace.model_validate({"material": material, "mass_mg": mass_mg, "flows": flows})


def _parents_first(root: str, parents: dict[str, list[tuple[str, float]]]) -> Iterable[str]:
    """The lots `root` is made from, each after all of its own parents; a cycle is a corrupt store."""
    graph = {root: (), **{lot: [p for p, _ in ps] for lot, ps in parents.items()}}
    try:
        return tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise StoreError("the custody lineage has a cycle", details={"lots": list(exc.args[1])}) from exc


def battery_flows(conn: Connection, lot_id: str, materials: Iterable[str], *, site_status: SiteStatus = no_status,
                  now: datetime | None = None) -> tuple[list[MaterialTrace], list[Company]]:
    """Flows of every in-scope material the battery's ledger holds, and the companies on them with their DIDs."""
    wanted = set(materials)
    ledger = [(r.material, int(r.mass_mg)) for r in conn.execute(
        select(T_LEDGER.c.material, T_LEDGER.c.mass_mg).where(T_LEDGER.c.lot_id == lot_id))
        if r.material in wanted]
    traces = [material_flows(conn, lot_id, m, mass, site_status=site_status, now=now) for m, mass in sorted(ledger)]
    names = sorted({c for t in traces for f in t.flows for c in f.companies})
    dids = {r.id: r.did for r in conn.execute(select(T_PARTY.c.id, T_PARTY.c.did).where(T_PARTY.c.id.in_(names)))} \
        if names else {}
    return traces, [Company(id=n, did=dids.get(n)) for n in names]
