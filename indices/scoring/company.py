"""Company-level scoring: every indicator of a rulebook judged for one company, then its score.

score = 100 × Σ points of met indicators / Σ points of applicable indicators. An indicator is applicable when a
questionnaire criterion asks it, or a performance criterion has data, or an equivalency satisfies it; it is met
when any of its criteria (or an equivalency) is met.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from indices.evidence.credentials import AcceptedAssessment
from indices.rulebook.model import (
    Indicator,
    Level,
    Performance,
    Pillar,
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


_Step = Judgement | Performance


def _steps(indicator: Indicator, *, assessments: Sequence[AcceptedAssessment], held: Sequence[HeldEquivalency],
           materials: set[str], sources_asm: bool) -> tuple[_Step, ...]:
    """The indicator's judgements in order (an equivalency first), made where no metric matters; performance
    criteria are left in their place, to be judged against a company's metrics."""
    steps: list[_Step] = []
    found = equivalency(indicator, held, materials=materials, sources_asm=sources_asm)
    if found is not None:
        steps.append(found)
    for criterion in indicator.criteria:
        if isinstance(criterion, Questionnaire):
            steps.append(questionnaire(indicator, criterion, assessments))
        elif isinstance(criterion, Performance):
            steps.append(criterion)
    return tuple(steps)


def _settled(steps: tuple[_Step, ...]) -> bool:
    """No metric can change the choice: a met judgement comes before any performance criterion (or there is none)."""
    for step in steps:
        if isinstance(step, Performance):
            return False
        if step.met:
            return True
    return True


def _choose(indicator: Indicator, steps: tuple[_Step, ...], metrics: Mapping[str, float | None],
            programme_digest: str) -> IndicatorOutcome:
    """One indicator for one company: the first met judgement wins; otherwise the first applicable one."""
    first: Judgement | None = None
    for step in steps:
        found = performance(indicator, step, metrics, programme_digest) if isinstance(step, Performance) else step
        if found is None:
            continue
        if found.met:
            return _outcome(indicator, found)
        if first is None:
            first = found
    return _outcome(indicator, first)


def _outcome(indicator: Indicator, chosen: Judgement | None) -> IndicatorOutcome:
    base = _identity(indicator)
    if chosen is None:
        return IndicatorOutcome(**base, applicable=False, met=False, reason="no data to judge it (not applicable)")
    return IndicatorOutcome(**base, applicable=True, met=chosen.met, via=chosen.via, value=chosen.value,
                            threshold=chosen.threshold, verification_level=chosen.level, evidence=chosen.evidence,
                            reason=chosen.reason)


@lru_cache(maxsize=4096)
def _identity_of(indicator: str, pillar: Pillar, level: Level, points: int) -> dict[str, Any]:
    return {"indicator": indicator, "pillar": pillar.value, "level": level.value, "points": points}


def _identity(indicator: Indicator) -> dict[str, Any]:
    """What every outcome of the indicator repeats (its id, pillar, level and points)."""
    return _identity_of(indicator.id, indicator.pillar, indicator.level, indicator.points)


@dataclass(slots=True)
class _Tally:
    """What a company's outcomes add up to."""

    applicable: int = 0
    met: int = 0
    points_applicable: int = 0
    points_met: int = 0
    baseline_unmet: bool = False
    met_by_equivalency: bool = False

    def add(self, outcome: IndicatorOutcome) -> None:
        if not outcome.applicable:
            return
        self.applicable += 1
        self.points_applicable += outcome.points
        if outcome.met:
            self.met += 1
            self.points_met += outcome.points
            self.met_by_equivalency = self.met_by_equivalency or (outcome.via or "").startswith("equivalency:")
        elif outcome.level == _BASELINE:
            self.baseline_unmet = True

    def copy(self) -> _Tally:
        return _Tally(self.applicable, self.met, self.points_applicable, self.points_met, self.baseline_unmet,
                      self.met_by_equivalency)


_BASELINE = Level.baseline.value


@dataclass
class _Plan:
    """A stage and a body of evidence: the outcomes no metric changes, judged once, and where the others go."""

    template: list[IndicatorOutcome | None]
    dynamic: tuple[tuple[int, Indicator, tuple[str, ...], tuple[_Step, ...]], ...]
    static: _Tally
    judged: dict[tuple[Any, ...], IndicatorOutcome] = field(default_factory=dict)


class Scorer:
    """Scores the companies of one battery against one rulebook. A judgement depends only on the indicator, the
    company's evidence (assessments, equivalencies held, materials, ASM sourcing) and the values of the metrics
    the indicator reads, so companies with the same evidence share a plan: the outcomes no metric changes,
    judged once, and the judgements left to make against each company's metrics (once per distinct value)."""

    def __init__(self, rulebook: Rulebook, programme_digest: str) -> None:
        self.rulebook, self.programme_digest = rulebook, programme_digest
        self._in_scope = {stage: tuple((i, tuple(c.metric for c in i.criteria if isinstance(c, Performance)))
                                       for i in rulebook.indicators if stage in i.scope.stages) for stage in Stage}
        self._plans: dict[tuple[Any, ...], _Plan] = {}

    def _plan(self, stage: Stage, assessments: Sequence[AcceptedAssessment], held: Sequence[HeldEquivalency],
              materials: set[str], sources_asm: bool) -> _Plan:
        template: list[IndicatorOutcome | None] = []
        dynamic = []
        static = _Tally()
        for position, (indicator, reads) in enumerate(self._in_scope[stage]):
            steps = _steps(indicator, assessments=assessments, held=held, materials=materials, sources_asm=sources_asm)
            if not _settled(steps):
                template.append(None)
                dynamic.append((position, indicator, reads, steps))
                continue
            outcome = _choose(indicator, steps, {}, self.programme_digest)
            template.append(outcome)
            static.add(outcome)
        return _Plan(template, tuple(dynamic), static)

    def score(self, company: str, stage: Stage, *, weight: float, assessments: Sequence[AcceptedAssessment],
              metrics: Mapping[str, float | None], held: Sequence[HeldEquivalency], materials: set[str],
              sources_asm: bool) -> CompanyScore:
        """All indicators in scope for the company's stage; not assessed without an assessment or equivalency."""
        evidence = (stage, tuple(a.digest for a in assessments),
                    tuple((h.equivalency.id, h.evidence, h.level) for h in held), frozenset(materials), sources_asm)
        plan = self._plans.get(evidence)
        if plan is None:
            plan = self._plans[evidence] = self._plan(stage, assessments, held, materials, sources_asm)
        items = list(plan.template)
        tally = plan.static.copy()
        for position, indicator, reads, steps in plan.dynamic:
            key = (position, tuple(map(metrics.get, reads)))
            outcome = plan.judged.get(key)
            if outcome is None:
                outcome = plan.judged[key] = _choose(indicator, steps, metrics, self.programme_digest)
            items[position] = outcome
            tally.add(outcome)
        assessed = bool(assessments) or tally.met_by_equivalency
        levels = [a.level for a in assessments] + [h.level for h in held]
        points = tally.points_applicable
        return CompanyScore(
            company=company, stage=stage.value, assessed=assessed and points > 0,
            score=round(100 * tally.points_met / points, 4) if assessed and points else None,
            met=tally.met, applicable=tally.applicable, points_met=tally.points_met, points_applicable=points,
            baseline_met=not tally.baseline_unmet, verification_level=max(levels) if levels else None,
            weight=round(weight, 9), items=tuple(items))
