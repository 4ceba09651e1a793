"""Company-level scoring: every indicator of a rulebook judged for one company, then its score.

score = 100 × Σ points of met indicators / Σ points of applicable indicators. An indicator is applicable when a
questionnaire criterion asks it, or a performance criterion has data, or an equivalency satisfies it; it is met
when any of its criteria (or an equivalency) is met.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from indices.evidence.credentials import AcceptedAssessment
from indices.rulebook.model import (
    Indicator,
    Level,
    Performance,
    Questionnaire,
    Rulebook,
    Stage,
)
from indices.scoring.criteria import (
    HeldEquivalency,
    Judgement,
    equivalency,
    performance,
    questionnaire,
)
from indices.scoring.result import CompanyScore, IndicatorOutcome


def judge(indicator: Indicator, *, assessments: Sequence[AcceptedAssessment], metrics: Mapping[str, float | None],
          programme_digest: str, held: Sequence[HeldEquivalency], materials: set[str],
          sources_asm: bool) -> IndicatorOutcome:
    """One indicator for one company: the first met judgement wins; otherwise the first applicable one."""
    judgements: list[Judgement] = []
    found = equivalency(indicator, held, materials=materials, sources_asm=sources_asm)
    if found is not None:
        judgements.append(found)
    for criterion in indicator.criteria:
        if isinstance(criterion, Questionnaire):
            judgements.append(questionnaire(indicator, criterion, assessments))
        elif isinstance(criterion, Performance):
            result = performance(indicator, criterion, metrics, programme_digest)
            if result is not None:
                judgements.append(result)
    if not judgements:
        return _outcome(indicator.id, indicator.pillar.value, indicator.level.value, indicator.points, None)
    chosen = next((j for j in judgements if j.met), judgements[0])
    return _outcome(indicator.id, indicator.pillar.value, indicator.level.value, indicator.points, chosen)


def _outcome(indicator: str, pillar: str, level: str, points: int, chosen: Judgement | None) -> IndicatorOutcome:
    base = {"indicator": indicator, "pillar": pillar, "level": level, "points": points}
    if chosen is None:
        return IndicatorOutcome(**base, applicable=False, met=False, reason="no data to judge it (not applicable)")
    return IndicatorOutcome(**base, applicable=True, met=chosen.met, via=chosen.via, value=chosen.value,
                            threshold=chosen.threshold, verification_level=chosen.level, evidence=chosen.evidence,
                            reason=chosen.reason)


class Scorer:
    """Scores the companies of one battery against one rulebook. A judgement depends only on the indicator, the
    company's evidence (assessments, equivalencies held, materials, ASM sourcing) and the values of the metrics
    the indicator reads, so companies with the same evidence share it: a thousand mine operators under the
    same programme are judged once per indicator, plus once per distinct metric value."""

    def __init__(self, rulebook: Rulebook, programme_digest: str) -> None:
        self.rulebook, self.programme_digest = rulebook, programme_digest
        self._in_scope = {stage: tuple((i, tuple(c.metric for c in i.criteria if isinstance(c, Performance)))
                                       for i in rulebook.indicators if stage in i.scope.stages) for stage in Stage}
        self._judged: dict[tuple[Any, ...], IndicatorOutcome] = {}

    def score(self, company: str, stage: Stage, *, weight: float, assessments: Sequence[AcceptedAssessment],
              metrics: Mapping[str, float | None], held: Sequence[HeldEquivalency], materials: set[str],
              sources_asm: bool) -> CompanyScore:
        """All indicators in scope for the company's stage; not assessed without an assessment or equivalency."""
        evidence = (tuple(a.digest for a in assessments), tuple((h.equivalency.id, h.evidence, h.level) for h in held),
                    frozenset(materials), sources_asm)
        items = []
        for indicator, reads in self._in_scope[stage]:
            key = (indicator.id, evidence, tuple(map(metrics.get, reads)) if reads else ())
            outcome = self._judged.get(key)
            if outcome is None:
                outcome = self._judged[key] = judge(
                    indicator, assessments=assessments, metrics=metrics, programme_digest=self.programme_digest,
                    held=held, materials=materials, sources_asm=sources_asm)
            items.append(outcome)
        applicable = [i for i in items if i.applicable]
        met = [i for i in applicable if i.met]
        points_applicable = sum(i.points for i in applicable)
        points_met = sum(i.points for i in met)
        assessed = bool(assessments) or any(i.via and i.via.startswith("equivalency:") for i in met)
        levels = [a.level for a in assessments] + [h.level for h in held]
        return CompanyScore(
            company=company, stage=stage.value, assessed=assessed and points_applicable > 0,
            score=round(100 * points_met / points_applicable, 4) if assessed and points_applicable else None,
            met=len(met), applicable=len(applicable), points_met=points_met, points_applicable=points_applicable,
            baseline_met=all(i.met for i in applicable if i.level == Level.baseline.value),
            verification_level=max(levels) if levels else None, weight=round(weight, 9), items=tuple(items))


def score_company(rulebook: Rulebook, company: str, stage: Stage, *, weight: float,
                  assessments: Sequence[AcceptedAssessment], metrics: Mapping[str, float | None],
                  programme_digest: str, held: Sequence[HeldEquivalency], materials: set[str],
                  sources_asm: bool) -> CompanyScore:
    """One company on its own (a battery's companies go through one `Scorer`)."""
    return Scorer(rulebook, programme_digest).score(
        company, stage, weight=weight, assessments=assessments, metrics=metrics, held=held, materials=materials,
        sources_asm=sources_asm)
