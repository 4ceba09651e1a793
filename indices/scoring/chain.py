"""What the custody flows say about each company: its share of each material, its stage, its origin sites."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from indices.evidence.inputs import MaterialTrace
from indices.rulebook.model import Stage


@dataclass
class Actor:
    company: str
    stage: Stage = Stage.midstream
    shares: dict[str, float] = field(default_factory=dict)           # material -> share of its mass in the battery
    origins: dict[str, dict[str, float]] = field(default_factory=dict)  # material -> site -> share


def actors(materials: tuple[MaterialTrace, ...]) -> dict[str, Actor]:
    """Every company on a flow, with the share of each material that passed through it.

    Stage: mine for operators of origin sites, manufacturer for the last company of a flow (the battery maker),
    midstream otherwise; a company in two roles takes the first that applies.

    Flows are grouped by their company path first (a trace reaching ten thousand sites has far fewer paths), and
    sums are `math.fsum`, exact whatever the order."""
    found: dict[str, Actor] = {}
    rank = {Stage.mine: 0, Stage.manufacturer: 1, Stage.midstream: 2}
    reached: dict[str, dict[str, list[dict[str, float]]]] = {}      # company -> material -> site maps of its paths
    for trace in materials:
        paths: dict[tuple[str, ...], dict[str, float]] = {}
        for flow in trace.flows:
            sites = paths.get(flow.companies)
            if sites is None:
                paths[flow.companies] = {flow.site: flow.share}
            else:
                sites[flow.site] = sites.get(flow.site, 0.0) + flow.share
        for path, sites in paths.items():
            last = len(path) - 1
            for position, company in enumerate(dict.fromkeys(path)):
                actor = found.get(company)
                if actor is None:
                    actor = found[company] = Actor(company)
                stage = Stage.mine if position == 0 else Stage.manufacturer if company == path[last] \
                    else Stage.midstream
                if rank[stage] < rank[actor.stage]:
                    actor.stage = stage
                reached.setdefault(company, {}).setdefault(trace.material, []).append(sites)
    for company, by_material in reached.items():
        actor = found[company]
        for material, site_maps in by_material.items():
            actor.shares[material] = math.fsum(share for sites in site_maps for share in sites.values())
            actor.origins[material] = _merged(site_maps)
    return found


def _merged(site_maps: list[dict[str, float]]) -> dict[str, float]:
    """One site -> share map from several (paths through the same company), adding where they overlap."""
    out = dict(site_maps[0])
    for sites in site_maps[1:]:
        if out.keys().isdisjoint(sites):
            out.update(sites)
        else:
            for site, share in sites.items():
                out[site] = out.get(site, 0.0) + share
    return out


def material_weights(materials: tuple[MaterialTrace, ...], in_scope: tuple[str, ...]) -> dict[str, float]:
    """Each in-scope material's share of the battery's in-scope material mass."""
    chosen = [m for m in materials if m.material in in_scope and m.mass_mg > 0]
    total = sum(m.mass_mg for m in chosen)
    return {m.material: m.mass_mg / total for m in chosen} if total else {}
