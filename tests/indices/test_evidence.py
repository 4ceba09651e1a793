"""Assessment credentials on intake, and the criterion functions."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

import passport
from indices.bettermining.site_counts import SiteCounts
from indices.evidence.credentials import (
    AcceptedAssessment,
    RejectedAssessment,
    assessment_credential,
    check_assessment,
    default_verifier,
    loader,
)
from indices.evidence.performance import company_metrics, count_vectors
from indices.rulebook import default_rulebooks
from indices.rulebook.model import IndexKind, Questionnaire
from indices.scoring.criteria import HeldEquivalency, equivalency, questionnaire
from passport.keys import generate_key_pair

COMPANY = "urn:example:party:refiner"
COMPANY_KEY, OTHER_KEY = generate_key_pair("Ed25519"), generate_key_pair("Ed25519")
DIDS = {COMPANY: COMPANY_KEY.controller}


def _signed(kind: str, key, **subject) -> dict:
    body = {"assessedCompany": COMPANY, "assessmentType": kind, "assessedOn": "2026-05-01",
            "rulebook": "gba-aligned-child-labour", "rulebookVersion": "1.0.0",
            "answers": [{"indicator": "CL-01", "answer": True,
                         "supportingEvidence": [{"url": "https://evidence.example.org/policy.pdf"}]},
                        {"indicator": "CL-16", "answer": True}], **subject}
    return passport.sign(assessment_credential(body, issuer=key.controller), key, loader=loader())


def _check(credential) -> AcceptedAssessment | RejectedAssessment:
    return check_assessment(credential, company_dids=DIDS, verifier=default_verifier())


def test_a_self_assessment_signed_by_the_company_is_accepted_at_level_1():
    outcome = _check(_signed("self_assessment", COMPANY_KEY))
    assert isinstance(outcome, AcceptedAssessment)
    assert (outcome.level, outcome.company, sorted(outcome.answers)) == (1, COMPANY, ["CL-01", "CL-16"])


@pytest.mark.parametrize(("kind", "key", "code", "pointer"), [
    ("self_assessment", OTHER_KEY, "ISSUER_NOT_COMPANY", "/issuer"),
    ("third_party_assessment", COMPANY_KEY, "NOT_INDEPENDENT", "/credentialSubject/assessmentType"),
])
def test_who_signs_must_fit_the_assessment_type(kind, key, code, pointer):
    outcome = _check(_signed(kind, key))
    assert isinstance(outcome, RejectedAssessment) and (outcome.code, outcome.pointer) == (code, pointer)


@pytest.mark.parametrize("change", [
    lambda c: c["credentialSubject"]["answers"][1].update(answer=False),
    lambda c: c["credentialSubject"].update(assessmentType="second_party_assessment"),
    lambda c: c["credentialSubject"]["answers"].append({"indicator": "CL-13", "answer": True}),
    lambda c: c["proof"].update(proofValue=c["proof"]["proofValue"][:-2] + "zz"),
])
def test_tampered_credentials_are_rejected(change):
    credential = _signed("third_party_assessment", OTHER_KEY)
    forged = copy.deepcopy(credential)
    change(forged)
    outcome = _check(forged)
    assert isinstance(outcome, RejectedAssessment) and outcome.code == "SIGNATURE_INVALID"
    assert outcome.digest is not None


def test_garbage_is_rejected_without_raising():
    assert _check("not a credential").code == "NOT_A_CREDENTIAL"
    assert _check({"type": "VerifiableCredential"}).code == "SIGNATURE_INVALID"


def test_an_unknown_company_is_rejected():
    outcome = check_assessment(_signed("self_assessment", COMPANY_KEY), company_dids={},
                               verifier=default_verifier())
    assert outcome.code == "UNKNOWN_COMPANY"


def test_an_expired_credential_is_rejected():
    body = {"assessedCompany": COMPANY, "assessmentType": "self_assessment", "assessedOn": "2024-05-01",
            "rulebook": "gba-aligned-child-labour", "rulebookVersion": "1.0.0", "answers": []}
    credential = assessment_credential(body, issuer=COMPANY_KEY.controller, valid_from="2024-05-01T00:00:00Z")
    credential["validUntil"] = "2025-05-01T00:00:00Z"
    signed = passport.sign(credential, COMPANY_KEY, loader=loader())
    later = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    outcome = check_assessment(signed, company_dids=DIDS, verifier=default_verifier(later))
    assert outcome.code == "SIGNATURE_INVALID" and "valid" in outcome.reason.lower()


def test_questionnaire_needs_supporting_evidence_and_prefers_the_stronger_assessment():
    rulebook = default_rulebooks()[IndexKind.child_labour]
    self_check = _check(_signed("self_assessment", COMPANY_KEY))
    third = _check(_signed("third_party_assessment", OTHER_KEY))
    policy, grievance = rulebook.indicator("CL-01"), rulebook.indicator("CL-16")
    judged = questionnaire(policy, policy.criteria[0], [self_check, third])
    assert judged.met and judged.level == 3 and judged.evidence == (third.digest,)
    unproven = questionnaire(grievance, grievance.criteria[0], [self_check])
    assert not unproven.met and "without supporting evidence" in unproven.reason
    audit = rulebook.indicator("CL-18")       # third party only: a self-assessment answer does not count
    assert not questionnaire(audit, next(c for c in audit.criteria if isinstance(c, Questionnaire)),
                             [self_check]).met


def test_a_site_certification_does_not_satisfy_for_a_company_sourcing_from_asm():
    rulebook = default_rulebooks()[IndexKind.child_labour]
    irma = HeldEquivalency(next(e for e in rulebook.equivalencies if e.id == "irma-75"), "uEiAdigest")
    indicator = rulebook.indicator("CL-04")
    assert equivalency(indicator, [irma], materials={"Co"}, sources_asm=False).met
    assert equivalency(indicator, [irma], materials={"Co"}, sources_asm=True) is None
    assert equivalency(indicator, [irma], materials={"Sn"}, sources_asm=False) is None


def test_metrics_are_none_until_there_is_something_to_respond_to():
    metrics = company_metrics({"s": 1.0}, monitored={"s": True}, programme_sites={"s"}, certified_sites=set(),
                              counts=count_vectors([SiteCounts(site="s", incidents=40)]))
    assert metrics["accelerated_cap_share"] is None and metrics["timely_response_share"] is None
    assert metrics["monitoring_coverage"] == 1.0 and metrics["suspension_handling"] == 1.0
    suspended = company_metrics({"s": 0.25, "t": 0.75}, monitored={"s": False, "t": False}, programme_sites={"s"},
                                certified_sites={"t"}, counts={})
    # 0.75 certified of 1.0 traced; 0.25 of the 0.25 programme mass came from a suspended site
    assert suspended["monitoring_coverage"] == 0.75 and suspended["suspension_handling"] == 0.0
    assert suspended["monitored_asm_share"] == 0.0
