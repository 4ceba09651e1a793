"""`rebuild_origin_closure` recomputes what intake wrote, row for row, and refuses a lineage with a cycle."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import delete, insert, select

from passport.application.demo.custody.load import load_example
from passport.custody.closure import rebuild_origin_closure
from passport.custody.repository import T_LEDGER, T_LINEAGE, T_LOT, T_ORIGIN
from passport.errors import StoreError

T0 = datetime(2026, 1, 5, 8, tzinfo=timezone.utc)


def _closure(conn) -> dict[tuple[str, str, str], float]:
    return {(lot, m, site): share for lot, m, site, share in conn.execute(
        select(T_ORIGIN.c.lot_id, T_ORIGIN.c.material, T_ORIGIN.c.site_id, T_ORIGIN.c.share))}


def test_the_rebuild_equals_the_closure_intake_kept_for_the_example_chains(engine):
    load_example(engine)
    with engine.begin() as conn:
        kept = _closure(conn)
        conn.execute(delete(T_ORIGIN))
        assert rebuild_origin_closure(conn) == len(kept) > 100
        rebuilt = _closure(conn)
    assert rebuilt.keys() == kept.keys()
    assert rebuilt == pytest.approx(kept, rel=1e-12)


def _lot(conn, lot_id: str, origin_site: str | None = None) -> None:
    conn.execute(insert(T_LOT), [{"id": lot_id, "product": "p", "mass_mg": 1, "remaining_mg": 1, "unit_mg": None,
                                  "custodian": "urn:party", "site_id": None, "origin_site": origin_site,
                                  "tag_id": None, "status": "active", "kind": "lot", "created_at": T0,
                                  "created_by": "urn:event"}])
    conn.execute(insert(T_LEDGER), [{"lot_id": lot_id, "material": "Co", "mass_mg": 1, "monitored_mg": 0,
                                     "model": "mass_balance"}])


def test_a_hand_computed_chain(engine):
    """Bags from mines A and B go into a container 1:3; a cell takes half the container and half a bag of C."""
    with engine.begin() as conn:
        for lot, site in (("bagA", "A"), ("bagB", "B"), ("bagC", "C")):
            _lot(conn, lot, site)
        for lot in ("container", "cell"):
            _lot(conn, lot)
        conn.execute(insert(T_LINEAGE), [
            {"child_lot": "container", "material": "Co", "parent_lot": "bagA", "share": 0.25},
            {"child_lot": "container", "material": "Co", "parent_lot": "bagB", "share": 0.75},
            {"child_lot": "cell", "material": "Co", "parent_lot": "container", "share": 0.5},
            {"child_lot": "cell", "material": "Co", "parent_lot": "bagC", "share": 0.5}])
        assert rebuild_origin_closure(conn) == 3 + 2 + 3
        closure = _closure(conn)
    # cell: A 0.5 × 0.25 = 0.125, B 0.5 × 0.75 = 0.375, C 0.5 × 1 = 0.5
    assert {k: v for k, v in closure.items() if k[0] == "cell"} == {
        ("cell", "Co", "A"): 0.125, ("cell", "Co", "B"): 0.375, ("cell", "Co", "C"): 0.5}
    assert closure[("bagA", "Co", "A")] == 1.0 and closure[("container", "Co", "B")] == 0.75


def test_a_cycle_in_the_lineage_is_refused_naming_its_lots(engine):
    with engine.begin() as conn:
        for lot in ("x", "y"):
            _lot(conn, lot)
        conn.execute(insert(T_LINEAGE), [
            {"child_lot": "x", "material": "Co", "parent_lot": "y", "share": 1.0},
            {"child_lot": "y", "material": "Co", "parent_lot": "x", "share": 1.0}])
        with pytest.raises(StoreError) as info:
            rebuild_origin_closure(conn)
    assert set(info.value.details["lots"]) == {"x", "y"}
