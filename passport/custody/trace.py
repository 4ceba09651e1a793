"""Trace queries: from a battery (or any lot) back to its origin sites with the mass share of each, and forward
from a site to every battery it reached.

Two ways to the same answer, measured in `benchmarks/custody.py`:
- `trace_origins` reads the site-level closure (`custody_origin`), kept by intake: one indexed lookup;
- `trace_origins_cte` walks lot-level lineage with a recursive CTE (SQLite and PostgreSQL alike), multiplying
  shares along each path; it needs no closure and is the audit path.
Shares are of the traced material's mass in the lot; what no origin accounts for is `unknown_share`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import bindparam, select, text
from sqlalchemy.engine import Connection

from passport.custody.repository import T_LEDGER, T_LOT, T_ORIGIN
from passport.custody.rules import INACTIVE_STATUSES
from passport.custody.state import SiteStatus, no_status
from passport.errors import NotFoundError
from passport.identifiers import parse_identifier

DEFAULT_MATERIAL = "Co"
GS1_RESOLVER = "https://id.gs1.org"


@dataclass(frozen=True)
class Origin:
    site: str
    country: str
    share: float
    monitored: bool


@dataclass(frozen=True)
class Trace:
    lot: str
    material: str
    origins: tuple[Origin, ...]
    unknown_share: float

    def to_json(self) -> dict[str, Any]:
        return {"lot": self.lot, "material": self.material,
                "origins": [{"site": o.site, "country": o.country, "share": o.share, "monitored": o.monitored}
                            for o in self.origins],
                "unknown_share": self.unknown_share}


def lot_candidates(text_: str) -> list[str]:
    """Lot ids a person may mean: the text itself, or the lot a passport URL or path points at."""
    candidates = [text_.strip()]
    try:
        pid = parse_identifier(text_)
    except Exception:  # not a passport identifier: the text is the lot id
        return candidates
    if pid.gtin is not None:
        candidates.append(f"{GS1_RESOLVER}{pid.path}")
    elif pid.scheme == "id":
        candidates.append(f"urn:uuid:{pid.value}")
    candidates.append(f"urn:{pid.scheme}:{pid.value}")
    return candidates


def resolve_lot(conn: Connection, text_: str) -> str:
    """The stored lot for an id or passport URL; NotFoundError names what was tried."""
    candidates = lot_candidates(text_)
    found = conn.scalars(select(T_LOT.c.id).where(T_LOT.c.id.in_(candidates))).first()
    if found is None:
        raise NotFoundError("no lot with this id or passport URL", details={"tried": candidates})
    return found


def default_material(conn: Connection, lot_id: str, material: str | None = None) -> str:
    """`material` if the lot holds it, else Co if it does, else its first material; NotFoundError otherwise."""
    materials = sorted(conn.scalars(select(T_LEDGER.c.material).where(T_LEDGER.c.lot_id == lot_id)))
    if material is not None:
        if material not in materials:
            raise NotFoundError(f"the lot holds no traced {material}", details={"lot": lot_id, "field": "material"})
        return material
    if not materials:
        raise NotFoundError("the lot holds no traced material", details={"lot": lot_id})
    return DEFAULT_MATERIAL if DEFAULT_MATERIAL in materials else materials[0]


def _trace(lot_id: str, material: str, rows: list[Any], site_status: SiteStatus, now: datetime) -> Trace:
    """Rows of (site_id, share, country, programme), best first; monitored = in a programme and not suspended
    (a site's programme status as of `now`)."""
    origins = tuple(
        Origin(r.site_id, r.country or "", round(float(r.share), 9),
               bool(r.programme) and site_status(r.site_id, now) not in INACTIVE_STATUSES)
        for r in sorted(rows, key=lambda r: (-r.share, r.site_id)))
    unknown = max(0.0, 1.0 - sum(o.share for o in origins))
    return Trace(lot_id, material, origins, round(unknown, 9))


_CLOSURE = text("""
SELECT o.site_id, o.share, s.country, s.programme
FROM custody_origin o LEFT JOIN custody_site s ON s.id = o.site_id
WHERE o.lot_id = :lot AND o.material = :material
""")


def trace_origins(conn: Connection, lot_id: str, material: str | None = None, *,
                  site_status: SiteStatus = no_status, now: datetime | None = None) -> Trace:
    """Origins of `lot_id`'s material from the site-level closure: one indexed lookup. `now` (default: the
    current time) is the moment sites' programme statuses are read at."""
    material = default_material(conn, lot_id, material)
    return _trace(lot_id, material, conn.execute(_CLOSURE, {"lot": lot_id, "material": material}).all(),
                  site_status, now or datetime.now(timezone.utc))


_CTE_UP = text("""
WITH RECURSIVE up(lot_id, share, origin_site) AS (
    SELECT CAST(:lot AS VARCHAR(500)), CAST(1.0 AS DOUBLE PRECISION),
           (SELECT origin_site FROM custody_lot WHERE id = :lot)
  UNION ALL
    SELECT l.parent_lot, up.share * l.share, p.origin_site
    FROM up
    JOIN custody_lineage l ON l.child_lot = up.lot_id AND l.material = :material
    JOIN custody_lot p ON p.id = l.parent_lot
)
SELECT up.origin_site AS site_id, SUM(up.share) AS share, s.country, s.programme
FROM up LEFT JOIN custody_site s ON s.id = up.origin_site
WHERE up.origin_site IS NOT NULL
GROUP BY up.origin_site, s.country, s.programme
""")


def trace_origins_cte(conn: Connection, lot_id: str, material: str | None = None, *,
                      site_status: SiteStatus = no_status, now: datetime | None = None) -> Trace:
    """Origins of `lot_id`'s material by walking lot-level lineage with a recursive CTE (`now` as above)."""
    material = default_material(conn, lot_id, material)
    return _trace(lot_id, material, conn.execute(_CTE_UP, {"lot": lot_id, "material": material}).all(), site_status,
                  now or datetime.now(timezone.utc))


_CTE_DOWN = text("""
WITH RECURSIVE down(lot_id) AS (
    SELECT id FROM custody_lot WHERE origin_site = :site
  UNION
    SELECT l.child_lot FROM custody_lineage l JOIN down ON l.parent_lot = down.lot_id
)
SELECT lot.id FROM down JOIN custody_lot lot ON lot.id = down.lot_id
WHERE lot.kind = 'composite'
  AND NOT EXISTS (SELECT 1 FROM custody_lineage n WHERE n.parent_lot = lot.id)
ORDER BY lot.id
""")


def batteries_reached(conn: Connection, site_id: str) -> list[dict[str, Any]]:
    """Every battery (an assembled lot not used further) holding material from `site_id`, with the share of
    each of its materials that came from there."""
    lots = list(conn.scalars(_CTE_DOWN, {"site": site_id}))
    if not lots:
        return []
    shares: dict[str, dict[str, float]] = {lot: {} for lot in lots}
    for r in conn.execute(select(T_ORIGIN).where(T_ORIGIN.c.site_id == site_id,
                                                  T_ORIGIN.c.lot_id.in_(bindparam("lots", expanding=True))),
                          {"lots": lots}):
        shares[r.lot_id][r.material] = round(r.share, 9)
    return [{"lot": lot, "shares": shares[lot]} for lot in lots]
