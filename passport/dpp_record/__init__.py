"""Each passport's EN 18222 DPP record, below the lifecycle that mints it with a passport's first version.

    identity.py  the DPP id (a name-based UUID of the passport's path) and the product id
    tables.py    `DppPassport`: the DPP id, the canonical path, when the passport ended and why
    records.py   the record created on issue, found by DPP id or product id

`passport.dpp` (EN 18222/18223 reads, updates and the passport's end) builds on it and re-exports it.
"""

from passport.dpp_record.identity import dpp_id_for, dpp_urn, parse_dpp_id, parse_product_id
from passport.dpp_record.records import ended_at, ensure_record, record_by_dpp_id, record_of
from passport.dpp_record.tables import DppPassport

__all__ = ["DppPassport", "dpp_id_for", "dpp_urn", "ended_at", "ensure_record", "parse_dpp_id", "parse_product_id",
           "record_by_dpp_id", "record_of"]
