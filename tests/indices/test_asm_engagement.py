"""The ASM-engagement property with the shipped rulebooks: a company sourcing from monitored ASM sites with
effective remediation never scores below one that avoids ASM; incidents alone never lower a score."""

from __future__ import annotations

import datetime as dt
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

import passport
from indices.aggregation import derive_indices
from indices.bettermining.site_counts import SiteCounts
from indices.evidence.credentials import assessment_credential, default_verifier, loader
from indices.evidence.digest import json_digest
from indices.evidence.inputs import (
    Company,
    Flow,
    IndexInputs,
    MaterialTrace,
    ProgrammeData,
    RulebookRef,
)
from indices.rulebook import default_rulebooks, rulebook_digest
from indices.rulebook.model import Questionnaire
from passport.keys import generate_key_pair

WHEN = dt.datetime(2026, 9, 30, tzinfo=dt.UTC)
ENGAGED, AVOIDER, ASM_COOP, IRMA_MINE, ASSESSOR = (f"urn:example:party:{n}" for n in (
    "engaged-refiner", "avoiding-refiner", "asm-coop", "irma-mine", "assessor"))
ASM_SITE, INDUSTRIAL_SITE = "urn:example:site:asm", "urn:example:site:industrial"
KEYS = {p: generate_key_pair("Ed25519") for p in (ENGAGED, AVOIDER, ASM_COOP, IRMA_MINE, ASSESSOR)}


@cache
def _assessment(company: str, asm_answer: bool, certified: bool) -> tuple:
    """Third-party assessments (both rulebooks) answering every question yes, except ASM engagement."""
    out = []
    for rulebook in default_rulebooks().values():
        answers = [{"indicator": i.id, "answer": asm_answer if i.id in ("CL-17", "HR-18") else True,
                    "supportingEvidence": [{"url": "https://evidence.example.org/x.pdf"}]}
                   for i in rulebook.indicators if any(isinstance(c, Questionnaire) for c in i.criteria)]
        subject = {"assessedCompany": company, "assessmentType": "third_party_assessment",
                   "assessedOn": "2026-06-01", "rulebook": rulebook.id, "rulebookVersion": rulebook.version,
                   "answers": answers}
        if certified:
            subject["certifications"] = [{"scheme": "irma-75"}]
        key = KEYS[ASSESSOR]
        out.append(passport.sign(assessment_credential(subject, issuer=key.controller), key, loader=loader()))
    return tuple(out)


def _inputs(counts: SiteCounts, *, avoider_answers_asm: bool) -> IndexInputs:
    """Two refiners in one battery's cobalt: one sources from a monitored ASM site, the other from an IRMA mine."""
    books = default_rulebooks().values()
    co = MaterialTrace(material="Co", mass_mg=1_000_000, flows=(
        Flow(site=ASM_SITE, programme="better-mining", monitored=True, companies=(ASM_COOP, ENGAGED), share=0.5),
        Flow(site=INDUSTRIAL_SITE, companies=(IRMA_MINE, AVOIDER), share=0.5)))
    return IndexInputs(
        subject="urn:example:battery:asm", computed_at=WHEN,
        rulebooks=tuple(RulebookRef(id=r.id, version=r.version, digest=rulebook_digest(r)) for r in books),
        materials=(co,), companies=tuple(Company(id=c, did=KEYS[c].controller) for c in KEYS),
        assessments=(*_assessment(ENGAGED, True, False), *_assessment(AVOIDER, avoider_answers_asm, False),
                     *_assessment(IRMA_MINE, False, True)),
        programme=ProgrammeData(sites=(counts,)))


_VERIFIED: dict[str, object] = {}


def _verifier(credential: dict) -> object:
    """The real offline verification, once per distinct credential (the same few are reused in every example)."""
    digest = json_digest(credential)
    if digest not in _VERIFIED:
        _VERIFIED[digest] = default_verifier(WHEN)(credential)
    return _VERIFIED[digest]


def _scores(counts: SiteCounts, *, avoider_answers_asm: bool = False) -> dict[str, tuple[float, float]]:
    result = derive_indices(_inputs(counts, avoider_answers_asm=avoider_answers_asm), verifier=_verifier)
    return {c.company: (c.score, h.score) for c, h in zip(result.child_labour.breakdown, result.human_rights.breakdown)}


# Effective remediation: every major breach answered by an accelerated CAP, ≥ 60 % implemented, ≥ 80 % implemented
# or in progress, ≥ 80 % of incidents needing action answered within 30 days, ≥ 80 % of treated risks not recurring.
@st.composite
def effective_remediation(draw: st.DrawFn) -> SiteCounts:
    breaches = draw(st.integers(0, 40))
    needing = breaches + draw(st.integers(0, 60))
    in_time = needing - draw(st.integers(0, needing // 5))
    assigned = draw(st.integers(max(1, breaches), 200))
    cancelled = draw(st.integers(0, assigned // 10))
    owed = assigned - cancelled
    implemented = draw(st.integers(-(-6 * owed // 10), owed))
    in_progress = draw(st.integers(max(0, -(-8 * assigned // 10) - implemented), owed - implemented))
    treated = draw(st.integers(0, 10))
    recurred = draw(st.integers(0, treated // 5))
    return SiteCounts(site=ASM_SITE, incidents=needing + draw(st.integers(0, 500)), needing_response=needing,
                      responded=needing, responded_in_time=in_time, response_days_total=in_time * 10,
                      major_breaches=breaches, major_breaches_with_cap=breaches, actions_assigned=assigned,
                      actions_implemented=implemented, actions_in_progress=in_progress, actions_cancelled=cancelled,
                      treated_risks=treated, recurred_risks=recurred)


@settings(max_examples=25, deadline=None)
@given(counts=effective_remediation(), avoider_answers_asm=st.booleans())
def test_engaging_with_monitored_asm_never_scores_below_avoiding_it(counts, avoider_answers_asm):
    scores = _scores(counts, avoider_answers_asm=avoider_answers_asm)
    for index in (0, 1):
        assert scores[ENGAGED][index] >= scores[AVOIDER][index]


def test_the_engaged_refiner_scores_full_marks_and_the_avoider_less():
    counts = SiteCounts(site=ASM_SITE, incidents=12, needing_response=5, responded=5, responded_in_time=5,
                        major_breaches=2, major_breaches_with_cap=2, actions_assigned=10, actions_implemented=7,
                        actions_in_progress=2, treated_risks=3)
    scores = _scores(counts)
    assert scores[ENGAGED] == (100.0, 100.0)
    # the avoider misses only the ASM-engagement indicator; its score is (applicable − those points) / applicable:
    books = default_rulebooks()
    for position, (kind, asm_id) in enumerate((("child_labour", "CL-17"), ("human_rights", "HR-18"))):
        rulebook = books[kind]
        # applicable to the avoider: every questionnaire indicator of a midstream company, plus monitoring coverage
        # (certified origin); no programme data, so the CAP metrics and suspension handling do not apply.
        applicable = [i for i in rulebook.indicators if "midstream" in i.scope.stages and (
            any(isinstance(c, Questionnaire) for c in i.criteria) or i.id in ("CL-06", "HR-05"))]
        total = sum(i.points for i in applicable)
        missed = rulebook.indicator(asm_id).points
        assert scores[AVOIDER][position] == round(100 * (total - missed) / total, 4)


def test_incidents_without_a_response_due_do_not_change_the_score():
    quiet = SiteCounts(site=ASM_SITE)
    busy = SiteCounts(site=ASM_SITE, incidents=500)          # low-score incidents: nothing needed a response
    assert _scores(quiet)[ENGAGED] == _scores(busy)[ENGAGED] == (100.0, 100.0)


@settings(max_examples=20, deadline=None)
@given(base=effective_remediation(), extra=st.integers(1, 20))
def test_a_major_breach_answered_well_never_lowers_the_score(base, extra):
    answered = base.model_copy(update={
        "incidents": base.incidents + extra, "needing_response": base.needing_response + extra,
        "responded": base.responded + extra, "responded_in_time": base.responded_in_time + extra,
        "major_breaches": base.major_breaches + extra, "major_breaches_with_cap": base.major_breaches_with_cap + extra,
        "actions_assigned": base.actions_assigned + extra, "actions_implemented": base.actions_implemented + extra})
    before, after = _scores(base)[ENGAGED], _scores(answered)[ENGAGED]
    assert after[0] >= before[0] and after[1] >= before[1]


def test_a_poor_response_lowers_the_score():
    ignored = SiteCounts(site=ASM_SITE, incidents=3, needing_response=3, major_breaches=3, major_breaches_with_cap=0)
    assert _scores(ignored)[ENGAGED][0] < 100.0
