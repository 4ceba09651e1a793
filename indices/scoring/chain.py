"""What the custody flows say about each company: its share of each material, its stage, its origin sites."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from indices.evidence.inputs import MaterialTrace
from indices.rulebook.model import Stage


@dataclass
class Actor:
    company: str
    stage: Stage = Stage.midstream
    shares: dict[str, float] = field(default_factory=dict)           # material -> share of its mass in the battery
    origins: dict[str, dict[str, float]] = field(default_factory=dict)  # material -> site -> share

    def origin_shares(self) -> dict[str, float]:
        """Origin site -> share, summed over materials (metrics are ratios over these)."""
        out: dict[str, float] = defaultdict(float)
        for sites in self.origins.values():
            for site, share in sites.items():
                out[site] += share
        return dict(out)


def actors(materials: tuple[MaterialTrace, ...]) -> dict[str, Actor]:
    """Every company on a flow, with the share of each material that passed through it.

    Stage: mine for operators of origin sites, manufacturer for the last company of a flow (the battery maker),
    midstream otherwise; a company in two roles takes the first that applies."""
    found: dict[str, Actor] = {}
    rank = {Stage.mine: 0, Stage.manufacturer: 1, Stage.midstream: 2}
    for trace in materials:
        for flow in trace.flows:
            last = len(flow.companies) - 1
            for position, company in enumerate(dict.fromkeys(flow.companies)):
                actor = found.setdefault(company, Actor(company))
                stage = Stage.mine if position == 0 else Stage.manufacturer if company == flow.companies[last] \
                    else Stage.midstream
                if rank[stage] < rank[actor.stage]:
                    actor.stage = stage
                actor.shares[trace.material] = actor.shares.get(trace.material, 0.0) + flow.share
                sites = actor.origins.setdefault(trace.material, {})
                sites[flow.site] = sites.get(flow.site, 0.0) + flow.share
    return found


def material_weights(materials: tuple[MaterialTrace, ...], in_scope: tuple[str, ...]) -> dict[str, float]:
    """Each in-scope material's share of the battery's in-scope material mass."""
    chosen = [m for m in materials if m.material in in_scope and m.mass_mg > 0]
    total = sum(m.mass_mg for m in chosen)
    return {m.material: m.mass_mg / total for m in chosen} if total else {}
