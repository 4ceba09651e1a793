"""A small chain with real keys and hand-sized rulebooks, for arithmetic that fits in a test's comments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

import passport
from indices.bettermining.site_counts import SiteCounts
from indices.evidence.credentials import assessment_credential, loader
from indices.evidence.inputs import (
    Company,
    Flow,
    IndexInputs,
    MaterialTrace,
    ProgrammeData,
    RulebookRef,
)
from indices.rulebook import parse_rulebook, rulebook_digest
from indices.rulebook.model import Rulebook
from passport.keys import KeyPair, generate_key_pair

WHEN = dt.datetime(2026, 9, 30, 12, tzinfo=dt.UTC)
COOP_A, MINE_B, MINE_C = "urn:example:party:coop-a", "urn:example:party:mine-b", "urn:example:party:mine-c"
REFINER, MAKER, MONITOR, ASSESSOR = ("urn:example:party:refiner", "urn:example:party:maker",
                                     "urn:example:party:monitor", "urn:example:party:assessor")
SITE_A, SITE_B, SITE_C = "urn:example:site:asm-a", "urn:example:site:industrial-b", "urn:example:site:mine-c"
EVIDENCE = [{"url": "https://evidence.example.org/doc.pdf", "digest": "uEiA1AwNV38ig8yTcWM7ZLMA6poXl26M5DF72mK50DtEY7A"}]


def small_rulebook(index: str, prefix: str) -> Rulebook:
    """Four indicators, 10 points: policy (4, any assessment), grievance (2, third party or equivalency),
    accelerated CAPs (3, programme data), ASM engagement (1, programme data or questionnaire)."""
    q = {"type": "questionnaire", "question": "?", "evidence_required": True}
    all_stages = {"operations": ["own_operations", "supply_chain"], "stages": ["mine", "midstream", "manufacturer"]}
    return parse_rulebook({
        "id": f"test-{index.replace('_', '-')}", "version": "0.1.0", "index": index, "title": "test rulebook",
        "authorship": "tests", "materials": ["Co", "Ni"],
        "labels": [{"label": "safeguarded", "min_score": 80, "min_coverage": 0.8, "all_baseline_met": True},
                   {"label": "managed", "min_score": 60, "min_coverage": 0.3},
                   {"label": "developing", "min_score": 40},
                   {"label": "insufficient", "min_score": 0}],
        "indicators": [
            {"id": f"{prefix}-01", "text": "policy", "index": index, "pillar": "management_systems",
             "level": "baseline", "points": 4, "scope": all_stages, "criteria": [q],
             "accepted_evidence": ["self_assessment", "second_party_assessment", "third_party_assessment"]},
            {"id": f"{prefix}-02", "text": "grievance", "index": index, "pillar": "grievance", "level": "baseline",
             "points": 2, "scope": all_stages, "criteria": [q],
             "accepted_evidence": ["third_party_assessment", "equivalency"]},
            {"id": f"{prefix}-03", "text": "accelerated CAPs", "index": index, "pillar": "risk_response",
             "level": "baseline", "points": 3, "scope": all_stages, "accepted_evidence": ["programme_data"],
             "criteria": [{"type": "performance", "metric": "accelerated_cap_share", "threshold": 1.0}]},
            {"id": f"{prefix}-04", "text": "ASM engagement", "index": index, "pillar": "risk_response",
             "level": "leading_practice", "points": 1, "scope": all_stages,
             "accepted_evidence": ["programme_data", "self_assessment", "third_party_assessment"],
             "criteria": [{"type": "performance", "metric": "monitored_asm_share", "threshold": 0.01}, q]},
        ],
        "equivalencies": [{"id": "better-mining", "name": "Better Mining", "kind": "upstream_mechanism",
                           "satisfies": [f"{prefix}-02"], "materials": ["Co"], "risks": ["any"],
                           "covers_asm": True}],
    })


@dataclass
class SmallChain:
    keys: dict[str, KeyPair] = field(default_factory=lambda: {p: generate_key_pair("Ed25519") for p in (
        COOP_A, MINE_B, MINE_C, REFINER, MAKER, MONITOR, ASSESSOR)})
    rulebooks: dict[str, Rulebook] = field(default_factory=lambda: {
        "child_labour": small_rulebook("child_labour", "T"), "human_rights": small_rulebook("human_rights", "H")})
    _signed: list[dict[str, Any]] = field(default_factory=list)

    def assessment(self, company: str, issuer: str, kind: str, answers: dict[str, tuple[bool, bool]],
                   **extra: Any) -> list[dict[str, Any]]:
        """One signed credential per rulebook; answers: suffix ('01') -> (answer, with evidence)."""
        out = []
        for rulebook in self.rulebooks.values():
            prefix = rulebook.indicators[0].id.split("-")[0]
            subject = {"assessedCompany": company, "assessmentType": kind, "assessedOn": "2026-06-01",
                       "rulebook": rulebook.id, "rulebookVersion": rulebook.version, **extra,
                       "answers": [{"indicator": f"{prefix}-{k}", "answer": yes,
                                    **({"supportingEvidence": EVIDENCE} if with_evidence else {})}
                                   for k, (yes, with_evidence) in answers.items()]}
            key = self.keys[issuer]
            out.append(passport.sign(assessment_credential(subject, issuer=key.controller), key, loader=loader()))
        return out

    def inputs(self, *, ni_share: float = 0.5, assessments: list[dict[str, Any]] | None = None,
               site_a: SiteCounts | None = None) -> IndexInputs:
        co = MaterialTrace(material="Co", mass_mg=6_000_000, flows=(
            Flow(site=SITE_A, programme="better-mining", monitored=True, companies=(COOP_A, REFINER, MAKER),
                 share=0.25),
            Flow(site=SITE_B, companies=(MINE_B, REFINER, MAKER), share=0.75)))
        ni = MaterialTrace(material="Ni", mass_mg=4_000_000, flows=(
            (Flow(site=SITE_C, companies=(MINE_C, MAKER), share=ni_share),) if ni_share else ()))
        counts = site_a or SiteCounts(site=SITE_A, incidents=3, needing_response=2, major_breaches=2,
                                      major_breaches_with_cap=2)
        return IndexInputs(
            subject="urn:example:battery:1", computed_at=WHEN,
            rulebooks=tuple(RulebookRef(id=r.id, version=r.version, digest=rulebook_digest(r))
                            for r in self.rulebooks.values()),
            materials=(co, ni), companies=tuple(Company(id=c, did=self.keys[c].controller) for c in (
                COOP_A, MINE_B, MINE_C, REFINER, MAKER)),
            assessments=tuple(self.default_assessments() if assessments is None else assessments),
            programme=ProgrammeData(sites=(counts,)))

    def default_assessments(self) -> list[dict[str, Any]]:
        """Signed once per chain, so every call returns the same credentials (and digests)."""
        if not self._signed:
            self._signed = self._sign_defaults()
        return [dict(a) for a in self._signed]

    def _sign_defaults(self) -> list[dict[str, Any]]:
        return [
            *self.assessment(COOP_A, MONITOR, "third_party_assessment", {"01": (True, True), "02": (False, False)}),
            *self.assessment(REFINER, ASSESSOR, "third_party_assessment", {"01": (True, True), "02": (False, True)}),
            *self.assessment(MAKER, MAKER, "self_assessment", {"01": (True, True), "02": (True, True),
                                                                "04": (False, False)}),
            *self.assessment(MINE_C, MINE_C, "self_assessment", {"01": (True, False)}),
        ]

    def by_id(self) -> dict[str, Rulebook]:
        return {r.id: r for r in self.rulebooks.values()}


@pytest.fixture(scope="module")
def small_chain() -> SmallChain:
    return SmallChain()
