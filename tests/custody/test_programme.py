"""Site programme status reaches the custody rules through a callable, from dated suspensions or from the
Better Mining site records (`passport.sites.MineSite`)."""

from __future__ import annotations

from datetime import datetime, timezone

from passport.custody.programme import Suspension, status_from_mine_sites, status_from_suspensions
from passport.sites import MineSite, ProgrammeStatus

T = datetime(2026, 2, 16, tzinfo=timezone.utc)


def test_dated_suspension_applies_only_inside_its_window():
    status = status_from_suspensions([Suspension("urn:example:site:1", T, datetime(2026, 3, 1, tzinfo=timezone.utc))])
    assert status("urn:example:site:1", datetime(2026, 2, 1, tzinfo=timezone.utc)) == "active"
    assert status("urn:example:site:1", datetime(2026, 2, 20, tzinfo=timezone.utc)) == "suspended"
    assert status("urn:example:site:1", datetime(2026, 3, 2, tzinfo=timezone.utc)) == "active"
    assert status("urn:example:site:2", datetime(2026, 2, 20, tzinfo=timezone.utc)) == "active"


def test_better_mining_site_records_give_their_current_status():
    sites = {"urn:example:site:1": MineSite(id="BM-001", country="CD", programme_status=ProgrammeStatus.suspended),
             "urn:example:site:2": MineSite(id="BM-002", country="RW")}
    status = status_from_mine_sites(sites)
    assert status("urn:example:site:1", T) == "suspended"
    assert status("urn:example:site:2", T) == "active"
    assert status("urn:example:site:3", T) is None
