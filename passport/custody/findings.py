"""Integrity findings over a whole chain: replay every event, in time order, through the custody rules.

`find_integrity` is pure (events, sites and tag allocations in; findings out); `check_store` feeds it from the
store. Intake already refuses events with error findings, so on a store a replay mostly reports warnings (a
suspended site still shipping) — and, if a site's programme status changed since, what that change reveals.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.engine import Engine

from passport.custody.events import parse_event
from passport.custody.repository import T_EVENT, T_TAG, load_sites
from passport.custody.rules import apply_event
from passport.custody.state import ChainState, Finding, SiteInfo, SiteStatus, TagState, no_status

#: Every code the rules can raise, for documentation and for tests that each one is covered.
CODES: dict[str, str] = {
    "TAG_UNALLOCATED": "a lot started at a mine with a tag never allocated to that site",
    "TAG_REUSED": "a tag already used for another lot",
    "WEIGHT_INCREASE": "a lot weighs more than recorded, without a transformation",
    "YIELD_OUT_OF_BOUNDS": "a transformation's yield of a material is outside its bounds",
    "EVENT_BEFORE_INPUT": "an event uses a lot before (or without) it existing",
    "CUSTODY_GAP": "a party acts on a lot it does not hold",
    "LOT_CONSUMED_TWICE": "a lot consumed again, or beyond what remains of it",
    "SUSPENDED_SITE_SHIPPING": "a site suspended by its monitoring programme still ships",
    "MONITORED_CREDIT_EXCEEDED": "a mass-balance claim exceeds the period's monitored-origin credits",
    "COC_MODEL_VIOLATED": "a chain-of-custody claim stronger than the inputs allow",
    "DUPLICATE_LOT": "a lot created twice",
    "CONTENT_EXCEEDS_MASS": "a lot's material content exceeds its mass",
    "PARTIAL_TRANSFER": "part of a lot changes hands without a split",
    "UNKNOWN_SITE": "lots made at a location that is not a registered site",
    "INVALID_QUANTITY": "a quantity that is neither a mass nor a count of known items",
}


def find_integrity(events: Iterable[object], *, sites: dict[str, SiteInfo], tags: dict[str, str],
                   site_status: SiteStatus = no_status) -> list[Finding]:
    """Findings of a chain: `tags` maps each allocated tag to its site."""
    state = ChainState(sites=dict(sites), tags={t: TagState(t, s) for t, s in tags.items()},
                       site_status=site_status)
    findings: list[Finding] = []
    for event in sorted(events, key=lambda e: e.event_time):  # type: ignore[attr-defined]
        findings.extend(apply_event(state, event).findings)
    return findings


def check_store(engine: Engine, *, site_status: SiteStatus = no_status) -> list[Finding]:
    """Replay the store's events and return the findings."""
    with engine.connect() as conn:
        sites = load_sites(conn)
        tags = {r.id: r.site_id for r in conn.execute(select(T_TAG.c.id, T_TAG.c.site_id))}
        events = [parse_event(json.loads(r.document))
                  for r in conn.execute(select(T_EVENT.c.document).order_by(T_EVENT.c.event_time, T_EVENT.c.seq))]
    return find_integrity(events, sites=sites, tags=tags, site_status=site_status)
