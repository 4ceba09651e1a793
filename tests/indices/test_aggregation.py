"""Product-level indices of a small chain, pinned to values computed by hand (arithmetic in the comments)."""

from __future__ import annotations

import copy

import pytest

from indices.aggregation import derive_indices, index_results, recompute
from tests.indices.conftest import COOP_A, MAKER, MINE_B, MINE_C, REFINER

# The chain (tests/indices/conftest.py):
#   Co 6 kg, Ni 4 kg in the battery  ->  w_Co = 6/10 = 0.6, w_Ni = 0.4
#   Co: 0.25 from ASM site A (monitored)  via coop A -> refiner -> maker
#       0.75 from industrial site B         via mine B -> refiner -> maker
#   Ni: 0.50 from site C                    via mine C -> maker;  0.50 of unknown origin
# Company weights W_c = Σ_m w_m × share:
#   coop A  0.6 × 0.25          = 0.15
#   mine B  0.6 × 0.75          = 0.45   (no assessment: not assessed)
#   refiner 0.6 × 1.0           = 0.60
#   maker   0.6 × 1.0 + 0.4×0.5 = 0.80
#   mine C  0.4 × 0.5           = 0.20
# Scores (points: T-01 policy 4, T-02 grievance 2, T-03 accelerated CAPs 3, T-04 ASM engagement 1):
#   coop A : T-01 yes (3rd party) 4; T-02 answered no, but Better Mining equivalency 2; T-03 2/2 major breaches
#            with an accelerated CAP = 1.0 ≥ 1.0 → 3; T-04 monitored ASM 0.25/0.25 = 1 ≥ 0.01 → 1  = 10/10 → 100
#   refiner: T-01 4; T-02 answered no 0/2; T-03 site A 2/2 → 3; T-04 0.25/1.0 ≥ 0.01 → 1          =  8/10 →  80
#   maker  : T-01 4; T-02 self-assessment not accepted (third party only) 0/2; T-03 3; T-04 0.25/1.5 → 1
#                                                                                                =  8/10 →  80
#   mine C : T-01 yes without evidence 0/4; T-02 0/2; T-03 no programme data: not applicable;
#            T-04 0/0.5 = 0 < 0.01, questionnaire unanswered 0/1                                  =  0/7  →   0
# score    = (0.15×100 + 0.60×80 + 0.80×80 + 0.20×0) / (0.15 + 0.60 + 0.80 + 0.20) = 127 / 1.75 = 72.571… → 72.57
# met/applicable = (4 + 3 + 3 + 0) / (4 + 4 + 4 + 3) = 10/15, 4 companies of 5
# coverage = 0.6 × 0.25 (only flow A is assessed all along) + 0.4 × 0.5 (flow C) = 0.15 + 0.20 = 0.35
# traced   = 0.6 × 1.0 + 0.4 × 0.5 = 0.80  → traceability level 2 (0.5 ≤ 0.8 < 0.9)
# verification = floor((0.15×3 + 0.60×3 + 0.80×1 + 0.20×1) / 1.75) = floor(3.25 / 1.75 = 1.857) = 1 (self-declared)
# label: 72.57 ≥ 60 and coverage 0.35 ≥ 0.3 → "managed" (safeguarded needs 80 and coverage 0.8)


@pytest.fixture(scope="module")
def result(small_chain):
    return derive_indices(small_chain.inputs(), rulebooks=small_chain.by_id())


def test_small_chain_matches_the_hand_computation(result):
    for product in (result.child_labour, result.human_rights):
        assert product.score == 72.57
        assert (product.met, product.applicable, product.met_over_applicable) == (10, 15, "10/15")
        assert (product.companies, product.companies_in_chain) == (4, 5)
        assert product.coverage == pytest.approx(0.35)
        assert product.traced == pytest.approx(0.80)
        assert (product.traceability_level, product.verification_level, product.verification) == (2, 1, "self-declared")
        assert product.label == "managed"


def test_company_breakdown_matches_the_hand_computation(result):
    rows = {c.company: c for c in result.child_labour.breakdown}
    assert {c: (r.weight, r.score, r.met, r.applicable) for c, r in rows.items()} == {
        COOP_A: (0.15, 100.0, 4, 4), REFINER: (0.6, 80.0, 3, 4), MAKER: (0.8, 80.0, 3, 4),
        MINE_C: (0.2, 0.0, 0, 3), MINE_B: (0.45, None, rows[MINE_B].met, rows[MINE_B].applicable)}
    assert not rows[MINE_B].assessed
    grievance = {i.indicator: i for i in rows[COOP_A].items}["T-02"]
    assert grievance.met and grievance.via == "equivalency:better-mining"
    maker = {i.indicator: i for i in rows[MAKER].items}
    assert maker["T-02"].applicable and not maker["T-02"].met and "no accepted assessment" in maker["T-02"].reason
    assert maker["T-04"].via == "performance" and maker["T-04"].value == pytest.approx(0.25 / 1.5, abs=1e-6)
    assert not {i.indicator: i for i in rows[MINE_C].items}["T-03"].applicable


def test_every_breakdown_item_points_to_evidence_the_result_lists(result, small_chain):
    inputs = small_chain.inputs()
    product = result.child_labour
    cited = {d for c in product.breakdown if c.assessed for i in c.items if i.applicable for d in i.evidence}
    assert cited and cited <= set(product.evidence)
    assert inputs.programme.digest in cited and inputs.trace_digest in product.evidence
    from indices.evidence.digest import json_digest
    assert {json_digest(a) for a in inputs.assessments} >= cited - {inputs.programme.digest, inputs.trace_digest}


def test_untraced_mass_lowers_coverage_and_is_never_redistributed(small_chain):
    # Ni traced 0.25 instead of 0.5: coverage = 0.6×0.25 + 0.4×0.25 = 0.25; traced = 0.6 + 0.4×0.25 = 0.70
    # weights: maker 0.6 + 0.4×0.25 = 0.70, mine C 0.10 → score = (15 + 48 + 0.7×80 + 0) / 1.55 = 119/1.55 = 76.77
    less = derive_indices(small_chain.inputs(ni_share=0.25), rulebooks=small_chain.by_id()).child_labour
    assert less.coverage == pytest.approx(0.25) and less.traced == pytest.approx(0.70)
    assert less.score == 76.77 and less.label == "developing"     # coverage 0.25 < 0.3: not "managed"
    ni = {m.material: m for m in less.materials}["Ni"]
    assert (ni.weight, ni.traced, ni.covered) == (0.4, 0.25, 0.25)    # the weight stays 0.4: unknown mass counts
    # Ni wholly untraced: coverage = 0.15, traced = 0.6, mine C leaves the chain
    none = derive_indices(small_chain.inputs(ni_share=0.0), rulebooks=small_chain.by_id()).child_labour
    assert none.coverage == pytest.approx(0.15) and none.traced == pytest.approx(0.6)
    assert MINE_C not in {c.company for c in none.breakdown} and none.traceability_level == 2


def test_without_any_accepted_assessment_nothing_is_assessed(small_chain):
    product = derive_indices(small_chain.inputs(assessments=[]), rulebooks=small_chain.by_id()).child_labour
    # coop A still holds the Better Mining equivalency (its own monitored site), so it is assessed on that alone:
    # T-01 unanswered 0/4, T-02 by equivalency 2, T-03 3, T-04 1 → 6/10 = 60. No flow is assessed end to end,
    # so coverage is 0 and the label cannot be "managed" (needs coverage 0.3): 60 ≥ 40 → "developing".
    assert (product.companies, product.score, product.coverage, product.label) == (1, 60.0, 0.0, "developing")
    assert [c.company for c in product.breakdown if c.assessed] == [COOP_A]


def test_tampered_evidence_is_rejected_and_not_used(small_chain):
    assessments = small_chain.default_assessments()
    forged = copy.deepcopy(assessments[2])          # the refiner's third-party assessment (child labour)
    forged["credentialSubject"]["answers"][1]["answer"] = True    # T-02 no -> yes
    assessments[2] = forged
    result = derive_indices(small_chain.inputs(assessments=assessments), rulebooks=small_chain.by_id())
    assert [r.code for r in result.rejected] == ["SIGNATURE_INVALID"]
    assert result.rejected[0].pointer == "/assessments/2"
    refiner = {c.company: c for c in result.child_labour.breakdown}[REFINER]
    assert not refiner.assessed and refiner.score is None       # its only child-labour evidence was forged
    assert result.human_rights.score == 72.57                    # the human-rights credential is untouched


def test_recompute_matches_and_finds_a_changed_figure(small_chain, result):
    inputs = small_chain.inputs()
    published = derive_indices(inputs, rulebooks=small_chain.by_id()).model_dump(mode="json")
    _, differences = recompute(inputs, published, rulebooks=small_chain.by_id())
    assert differences == []
    published["child_labour"]["score"] = 90.0
    _, differences = recompute(inputs, published, rulebooks=small_chain.by_id())
    assert differences == ["/child_labour/score"]


def test_a_rulebook_that_differs_from_its_digest_is_refused(small_chain):
    from passport.errors import InputError

    inputs = small_chain.inputs()
    changed = small_chain.by_id()
    book = changed["test-child-labour"]
    changed["test-child-labour"] = book.model_copy(update={"title": "edited"})
    with pytest.raises(InputError) as caught:
        derive_indices(inputs, rulebooks=changed)
    assert caught.value.code == "RULEBOOK_MISMATCH"


def test_index_results_fill_the_passport_model(result):
    from passport.model.due_diligence import IndexResult

    entries = index_results(result)
    assert [e["indexType"] for e in entries] == ["gba_child_labour_index", "gba_human_rights_index"]
    first = IndexResult.model_validate(entries[0])
    assert (str(first.score), first.indicators_met, first.indicators_applicable, first.companies_assessed) == \
        ("72.57", 10, 15, 4)
    assert str(first.coverage_percent) == "35.00" and str(first.traced_mass_percent) == "80.00"
    assert {e.evidence_digest for e in first.source_evidence} == set(result.child_labour.evidence)
