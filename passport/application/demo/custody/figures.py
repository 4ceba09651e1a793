"""The example pack's custody figures, computed without a store (a pure replay of the SYNTHETIC chains), for
the example passports: public summary per material, and the trace of its cobalt.

    python -m passport.application.demo.custody.figures
"""

from __future__ import annotations

import json
from typing import Any

from passport.application.demo.custody.chains import PACK_ID, all_contributions
from passport.application.demo.custody.world import S, TAG_ALLOCATIONS, site_status
from passport.custody.rules import apply_event
from passport.custody.state import ChainState, SiteInfo, TagState
from passport.custody.summary import summarise


def replay() -> tuple[ChainState, list[Any]]:
    sites = {s.id: SiteInfo(s.id, s.party, s.country, s.origin, s.programme) for s in S.values()}
    tags = {t: TagState(t, S[key].id) for key, ts in TAG_ALLOCATIONS.items() for t in ts}
    state = ChainState(sites=sites, tags=tags, site_status=site_status)
    findings = []
    events = [e for c in all_contributions() for e in c.events]
    for event in sorted(events, key=lambda e: e.event_time):
        findings.extend(apply_event(state, event).findings)
    return state, findings


def pack_figures() -> dict[str, Any]:
    state, _findings = replay()
    pack = state.lots[PACK_ID]
    return {"lot": PACK_ID, "netMassKg": pack.mass_mg / 1e6,
            "materialsKg": {m: round(v.mass_mg / 1e6, 4) for m, v in sorted(pack.materials.items())},
            "publicSummary": summarise(pack, state.sites)}


if __name__ == "__main__":
    print(json.dumps(pack_figures(), indent=2))
