"""What a battery passport may say about custody, per reader.

`public_summary` is the public view (Annex XIII 1(d), responsible sourcing): per material, the origin countries,
the monitored-origin share, the traced share and the chain-of-custody model of the claim. Never a site, a
supplier, a lot mass or a price. `upstream_binding` is for authorised verifiers: the digests of the signed
contributions the figures were computed from (`passport.custody.binding`).
"""

from __future__ import annotations

from typing import Any

from collections.abc import Mapping

from sqlalchemy import text
from sqlalchemy.engine import Connection

from passport.custody.binding import bind_upstream
from passport.custody.repository import load_lots, load_sites
from passport.custody.state import LotState, SiteInfo
from passport.errors import NotFoundError

_ANCESTOR_CREDENTIALS = text("""
WITH RECURSIVE up(lot_id) AS (
    SELECT CAST(:lot AS VARCHAR(500))
  UNION
    SELECT l.parent_lot FROM custody_lineage l JOIN up ON l.child_lot = up.lot_id
)
SELECT DISTINCT c.seq, c.credential_id, c.raw
FROM up
JOIN custody_event_lot el ON el.lot_id = up.lot_id
JOIN custody_event e ON e.seq = el.event_seq
JOIN custody_credential c ON c.seq = e.credential_seq
ORDER BY c.seq
""")


def summarise(lot: LotState, sites: Mapping[str, SiteInfo]) -> list[dict[str, Any]]:
    """The public custody figures of a lot (pure): one entry per traced material."""
    out = []
    for material, line in sorted(lot.materials.items()):
        origins = lot.origins.get(material, {})
        out.append({
            "material": material,
            "originCountries": sorted({sites[s].country for s, share in origins.items() if share > 0 and s in sites}),
            "monitoredOriginShare": round(line.monitored_mg / line.mass_mg, 4) if line.mass_mg else 0.0,
            "tracedShare": round(min(1.0, float(sum(origins.values()))), 4),
            "chainOfCustodyModel": line.model,
        })
    return out


def public_summary(conn: Connection, lot_id: str) -> list[dict[str, Any]]:
    """The public custody figures of a stored lot (a battery), one entry per traced material."""
    lot = load_lots(conn, [lot_id]).get(lot_id)
    if lot is None or not lot.materials:
        raise NotFoundError("no custody ledger for this lot", details={"lot": lot_id})
    return summarise(lot, load_sites(conn))


def upstream_credentials(conn: Connection, lot_id: str) -> list[tuple[str | None, bytes]]:
    """Every signed contribution behind a lot: those whose events touched it or any lot upstream of it."""
    return [(r.credential_id, bytes(r.raw)) for r in conn.execute(_ANCESTOR_CREDENTIALS, {"lot": lot_id})]


def upstream_binding(conn: Connection, lot_id: str) -> dict[str, Any]:
    """`relatedResource` digests and Merkle root of the contributions behind a lot."""
    return bind_upstream(upstream_credentials(conn, lot_id))
