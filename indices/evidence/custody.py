"""Custody flows of a battery from the store: for each traced material, which share came from which origin site
through which companies.

Walks lot-level lineage (one recursive CTE per material for the edges, one query for the lots), then combines
upstream in memory: each lot's flows are its parents' flows scaled by the lineage share, with the lot's company
appended. What no flow accounts for is mass of unknown origin; it stays out of every flow.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import bindparam, select, text
from sqlalchemy.engine import Connection

from indices.evidence.inputs import Company, Flow, MaterialTrace
from passport.custody.repository import T_LEDGER, T_LOT, T_PARTY, T_SITE
from passport.custody.rules import INACTIVE_STATUSES
from passport.custody.state import SiteStatus, no_status

_EDGES = text("""
WITH RECURSIVE up(lot_id) AS (
    SELECT CAST(:lot AS VARCHAR(500))
  UNION
    SELECT l.parent_lot FROM custody_lineage l JOIN up ON l.child_lot = up.lot_id WHERE l.material = :material
)
SELECT l.child_lot, l.parent_lot, l.share FROM custody_lineage l JOIN up ON l.child_lot = up.lot_id
WHERE l.material = :material
""")

_Key = tuple[str, tuple[str, ...]]


def _chunks(items: list[str], size: int = 900) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _lots(conn: Connection, lot_ids: list[str]) -> dict[str, tuple[str | None, str, str | None]]:
    """lot -> (site made at, custodian, origin site)."""
    out = {}
    stmt = select(T_LOT.c.id, T_LOT.c.site_id, T_LOT.c.custodian, T_LOT.c.origin_site).where(
        T_LOT.c.id.in_(bindparam("ids", expanding=True)))
    for chunk in _chunks(lot_ids):
        out.update({r.id: (r.site_id, r.custodian, r.origin_site) for r in conn.execute(stmt, {"ids": chunk})})
    return out


def _sites(conn: Connection, site_ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """site -> (operating party, programme)."""
    out = {}
    stmt = select(T_SITE.c.id, T_SITE.c.party_id, T_SITE.c.programme).where(
        T_SITE.c.id.in_(bindparam("ids", expanding=True)))
    for chunk in _chunks(site_ids):
        out.update({r.id: (r.party_id, r.programme) for r in conn.execute(stmt, {"ids": chunk})})
    return out


def material_flows(conn: Connection, lot_id: str, material: str, mass_mg: int, *,
                   site_status: SiteStatus = no_status, now: datetime | None = None) -> MaterialTrace:
    """The flows of one material of `lot_id`."""
    parents: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for child, parent, share in conn.execute(_EDGES, {"lot": lot_id, "material": material}):
        parents[child].append((parent, float(share)))
    lot_ids = sorted({lot_id} | set(parents) | {p for ps in parents.values() for p, _ in ps})
    lots = _lots(conn, lot_ids)
    sites = _sites(conn, sorted({s for info in lots.values() for s in (info[0], info[2]) if s}))
    moment = now or datetime.now(UTC)

    def party(lot: str) -> str:
        site, custodian, origin = lots.get(lot, (None, "", None))
        where = origin or site
        return sites[where][0] if where in sites else custodian

    memo: dict[str, dict[_Key, float]] = {}

    def flows(lot: str) -> dict[_Key, float]:
        if lot in memo:
            return memo[lot]
        origin = lots.get(lot, (None, "", None))[2]
        if origin is not None:
            result = {(origin, (party(lot),)): 1.0}
        else:
            result = defaultdict(float)
            me = party(lot)
            for parent, share in parents.get(lot, []):
                for (site, path), value in flows(parent).items():
                    result[(site, path if path[-1] == me else path + (me,))] += share * value
        memo[lot] = dict(result)
        return memo[lot]

    out = []
    for (site, path), share in sorted(flows(lot_id).items(), key=lambda kv: (-kv[1], kv[0])):
        if share <= 0:
            continue
        programme = sites.get(site, (None, None))[1]
        monitored = bool(programme) and site_status(site, moment) not in INACTIVE_STATUSES
        out.append(Flow(site=site, programme=programme, monitored=monitored, companies=path,
                        share=min(1.0, round(share, 12))))
    return MaterialTrace(material=material, mass_mg=mass_mg, flows=tuple(out))


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
