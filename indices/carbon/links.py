"""The physical link between supplier lots and a battery, read from the custody store.

The custody intake only records events whose signatures verify and whose issuers speak for the acting party,
so the lineage it keeps is the proof of a physical link: a supplier lot is linked to a battery when the
battery's lineage for a traced material reaches it. `load_links` walks that lineage upwards with a recursive
CTE (SQLite and PostgreSQL alike), multiplying shares along each path, and returns every ancestor lot with the
share of the battery's material that came through it and the DID of the party operating the site that made it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.engine import Connection


@dataclass(frozen=True)
class LotLink:
    """An ancestor lot of the battery for one material."""

    lot: str
    share: float                 # share of the battery's material that came through this lot
    site: str | None             # where the lot was made
    operator_did: str | None     # DID of the party operating that site


@dataclass(frozen=True)
class CustodyLinks:
    """Ancestor lots of one battery lot, per traced material."""

    battery_lot: str
    by_material: Mapping[str, Mapping[str, LotLink]] = field(default_factory=dict)

    def link(self, material: str, lot: str) -> LotLink | None:
        return self.by_material.get(material, {}).get(lot)


_ANCESTORS = text("""
WITH RECURSIVE up(lot_id, share) AS (
    SELECT CAST(:lot AS VARCHAR(500)), CAST(1.0 AS DOUBLE PRECISION)
  UNION ALL
    SELECT l.parent_lot, up.share * l.share
    FROM custody_lineage l JOIN up ON l.child_lot = up.lot_id
    WHERE l.material = :material
)
SELECT up.lot_id AS lot_id, SUM(up.share) AS share, lot.site_id AS site_id, party.did AS did
FROM up
JOIN custody_lot lot ON lot.id = up.lot_id
LEFT JOIN custody_site site ON site.id = lot.site_id
LEFT JOIN custody_party party ON party.id = site.party_id
WHERE up.lot_id <> :lot
GROUP BY up.lot_id, lot.site_id, party.did
""")


def load_links(conn: Connection, battery_lot: str, materials: Iterable[str]) -> CustodyLinks:
    """Every lot upstream of `battery_lot` for each of `materials`, with its share and site operator's DID."""
    by_material: dict[str, dict[str, LotLink]] = {}
    for material in sorted(set(materials)):
        rows = conn.execute(_ANCESTORS, {"lot": battery_lot, "material": material}).all()
        by_material[material] = {r.lot_id: LotLink(r.lot_id, round(float(r.share), 12), r.site_id, r.did)
                                 for r in rows}
    return CustodyLinks(battery_lot, by_material)
