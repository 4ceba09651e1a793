"""One pure function per criterion type: questionnaire, performance, equivalency.

Each returns a `Judgement` (applicable, met, where from) for one indicator and one company, or None when the
criterion has nothing to say (a performance metric without data; no equivalency held).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from indices.evidence.credentials import AcceptedAssessment
from indices.rulebook.model import Equivalency, Indicator, Performance, Questionnaire

EPSILON = 1e-9


@dataclass(frozen=True)
class Judgement:
    met: bool
    via: str
    reason: str
    level: int | None = None
    evidence: tuple[str, ...] = ()
    value: float | None = None
    threshold: float | None = None


@dataclass(frozen=True)
class HeldEquivalency:
    equivalency: Equivalency
    evidence: str  # digest of the credential or programme data that shows it is held
    level: int = 3


def questionnaire(indicator: Indicator, criterion: Questionnaire,
                  assessments: Sequence[AcceptedAssessment]) -> Judgement:
    """Always applicable to a company in scope: met by the strongest accepted assessment answering `true`
    (with supporting evidence when required); unanswered counts as not met."""
    accepted = indicator.accepted
    usable = sorted((a for a in assessments if a.assessment_type in accepted and indicator.id in a.answers),
                    key=lambda a: (a.level, a.assessed_on), reverse=True)
    if not usable:
        return Judgement(False, "questionnaire", "no accepted assessment answers it")
    for a in usable:
        answer = a.answers[indicator.id]
        if answer.answer and (answer.supporting_evidence or not criterion.evidence_required):
            return Judgement(True, "questionnaire", f"answered yes ({a.assessment_type})", a.level, (a.digest,))
    best = usable[0]
    why = "answered no" if not best.answers[indicator.id].answer else "answered yes without supporting evidence"
    return Judgement(False, "questionnaire", f"{why} ({best.assessment_type})", best.level, (best.digest,))


def performance(indicator: Indicator, criterion: Performance, metrics: Mapping[str, float | None],
                programme_digest: str) -> Judgement | None:
    """Applicable only where the metric has a value: met when it reaches the threshold."""
    if "programme_data" not in indicator.accepted:
        return None
    value = metrics.get(criterion.metric)
    if value is None:
        return None
    met = value + EPSILON >= criterion.threshold
    return Judgement(met, "performance", f"{criterion.metric} {value:.3f} {'≥' if met else '<'} "
                     f"{criterion.threshold:g}", 3, (programme_digest,), round(value, 6), criterion.threshold)


def equivalency(indicator: Indicator, held: Sequence[HeldEquivalency], *, materials: set[str],
                sources_asm: bool) -> Judgement | None:
    """Met by a held equivalency naming the indicator, for a material the company handles here, and covering
    ASM when the company's material comes from ASM sites."""
    if "equivalency" not in indicator.accepted:
        return None
    for h in held:
        e = h.equivalency
        if indicator.id in e.satisfies and materials & set(e.materials) and (e.covers_asm or not sources_asm):
            return Judgement(True, f"equivalency:{e.id}", f"satisfied by {e.name}", h.level, (h.evidence,))
    return None
