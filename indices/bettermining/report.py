"""The OECD Step 5 report of a programme or a site over a period, assembled from grouped counts.

Both paths end here: `analytics` groups models in Python, `queries` groups rows in the database (GROUP BY);
either hands this module a few hundred `IncidentGroup`s whatever the number of incidents.

Corrective actions per risk come from published status counts (`CapStatusSnapshot`) when the period has them
for that risk, since those count every action recommended; otherwise from the individual actions stored.
`corrective_actions_source` says which, per risk.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from indices.bettermining.matrix import SCORE_CATEGORIES, RiskMatrix
from indices.bettermining.models import ActionStatus, CapStatusCounts, CapStatusSnapshot, CorrectiveAction
from indices.bettermining.taxonomy import RiskTaxonomy

UNSCORED = "unscored"


class IncidentGroup(NamedTuple):
    """Incidents sharing risk, category, score and month: one row of the GROUP BY."""

    risk: str
    risk_category: str
    score_category: str
    score: int | None
    month: str
    major_breach: bool
    count: int


class ActionGroup(NamedTuple):
    risk: str
    status: str
    count: int


class Share(BaseModel):
    model_config = ConfigDict(frozen=True)

    count: int
    share: float = Field(description="count / total incidents in the report, 0..1 (6 decimals).")


class Rates(BaseModel):
    model_config = ConfigDict(frozen=True)

    assigned: int
    implementation_rate: float | None = Field(description="implemented / (assigned − cancelled).")
    progress_rate: float | None = Field(description="(implemented + in progress) / assigned.")


class MajorBreachAction(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    action: str
    status: str
    implemented_month: str | None
    replaces: str | None = None


class MajorBreaches(BaseModel):
    """Major-breach incidents and the actions of the accelerated CAPs that answer them, per risk."""

    model_config = ConfigDict(frozen=True)

    incidents: int
    incidents_by_risk: dict[str, int]
    actions_by_risk: dict[str, list[MajorBreachAction]]
    action_status: CapStatusCounts


class Step5Report(BaseModel):
    """Counts and shares of incidents by risk, category, score category, score band and month; CAP status."""

    model_config = ConfigDict(frozen=True)

    period_from: dt.date | None
    period_to: dt.date | None
    site_id: str | None = Field(description="The site reported on; null for the whole programme.")
    incidents_total: int
    unscored_incidents: int = Field(description="Incidents without a score, counted in their published category.")
    incidents_by_risk: dict[str, Share]
    incidents_by_risk_category: dict[str, Share]
    incidents_by_score_category: dict[str, Share]
    incidents_by_score_band: dict[str, Share] = Field(description="Band of the score alone; `unscored` if none.")
    incidents_by_month: dict[str, Share]
    corrective_actions_by_risk: dict[str, CapStatusCounts]
    corrective_actions_source: dict[str, str] = Field(description="Per risk: `published_counts` or `actions`.")
    corrective_action_rates: dict[str, Rates] = Field(description="Per risk, and `total` over all risks.")
    major_breaches: MajorBreaches

    def to_json_dict(self) -> dict[str, object]:
        return self.model_dump(mode="json")


def _shares(counts: Counter[str], total: int, order: Sequence[str]) -> dict[str, Share]:
    ranked = sorted((k for k in counts if counts[k]), key=lambda k: (order.index(k) if k in order else len(order), k))
    return {k: Share(count=counts[k], share=round(counts[k] / total, 6) if total else 0.0) for k in ranked}


def _rates(counts: CapStatusCounts) -> Rates:
    return Rates(assigned=counts.assigned, implementation_rate=_round(counts.implementation_rate),
                 progress_rate=_round(counts.progress_rate))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def build_report(*, incident_groups: Iterable[IncidentGroup], action_groups: Iterable[ActionGroup],
                 snapshots: Iterable[CapStatusSnapshot], major_breach_actions: Iterable[CorrectiveAction],
                 matrix: RiskMatrix, taxonomy: RiskTaxonomy, period_from: dt.date | None = None,
                 period_to: dt.date | None = None, site_id: str | None = None) -> Step5Report:
    by_risk, by_category, by_score_category, by_band, by_month, breaches = (Counter() for _ in range(6))
    unscored = 0
    for g in incident_groups:
        by_risk[g.risk] += g.count
        by_category[g.risk_category] += g.count
        by_score_category[g.score_category] += g.count
        by_band[matrix.band(g.score).value if g.score is not None else UNSCORED] += g.count
        by_month[g.month] += g.count
        unscored += g.count if g.score is None else 0
        breaches[g.risk] += g.count if g.major_breach else 0
    total = sum(by_risk.values())
    risks, categories = taxonomy.risk_codes(), taxonomy.category_codes()
    actions, sources = _actions_by_risk(action_groups, snapshots)
    ordered_actions = {r: actions[r] for r in sorted(actions, key=lambda r: (risks.index(r) if r in risks else 99, r))}
    rates = {r: _rates(c) for r, c in ordered_actions.items()}
    rates["total"] = _rates(sum(ordered_actions.values(), CapStatusCounts()))
    return Step5Report(
        period_from=period_from, period_to=period_to, site_id=site_id, incidents_total=total,
        unscored_incidents=unscored,
        incidents_by_risk=_shares(by_risk, total, risks),
        incidents_by_risk_category=_shares(by_category, total, categories),
        incidents_by_score_category=_shares(by_score_category, total, SCORE_CATEGORIES),
        incidents_by_score_band=_shares(by_band, total, [*SCORE_CATEGORIES[:-1], UNSCORED]),
        incidents_by_month=_shares(by_month, total, sorted(by_month)),
        corrective_actions_by_risk=ordered_actions,
        corrective_actions_source={r: sources[r] for r in ordered_actions},
        corrective_action_rates=rates,
        major_breaches=_major_breaches(breaches, major_breach_actions, risks),
    )


def _actions_by_risk(action_groups: Iterable[ActionGroup], snapshots: Iterable[CapStatusSnapshot]
                     ) -> tuple[dict[str, CapStatusCounts], dict[str, str]]:
    latest: dict[str, CapStatusSnapshot] = {}
    for snap in snapshots:  # the latest-ending published counts per risk win
        held = latest.get(snap.risk)
        if held is None or (snap.period_end or dt.date.min) >= (held.period_end or dt.date.min):
            latest[snap.risk] = snap
    tallies: dict[str, Counter[str]] = defaultdict(Counter)
    for g in action_groups:
        tallies[g.risk][g.status] += g.count
    result = {risk: CapStatusCounts(**{s: n for s, n in t.items() if s in ActionStatus._value2member_map_})
              for risk, t in tallies.items()}
    sources = {risk: "actions" for risk in result}
    for risk, snap in latest.items():
        result[risk], sources[risk] = snap.counts, "published_counts"
    return result, sources


def _major_breaches(breaches: Counter[str], actions: Iterable[CorrectiveAction], risks: list[str]) -> MajorBreaches:
    by_risk: dict[str, list[MajorBreachAction]] = defaultdict(list)
    status = Counter()
    for a in sorted(actions, key=lambda a: (risks.index(a.risk) if a.risk in risks else 99, a.id)):
        by_risk[a.risk].append(MajorBreachAction(id=a.id, action=a.action, status=a.status.value,
                                                 implemented_month=a.implemented_month, replaces=a.replaces))
        status[a.status.value] += 1
    return MajorBreaches(
        incidents=sum(breaches.values()),
        incidents_by_risk={r: n for r, n in sorted(breaches.items(), key=lambda kv: risks.index(kv[0])
                                                   if kv[0] in risks else 99) if n},
        actions_by_risk=dict(by_risk), action_status=CapStatusCounts(**status))
