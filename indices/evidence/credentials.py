"""Due-diligence assessments as signed credentials: build one, and accept or reject one on intake.

A `DueDiligenceAssessmentCredential` (context `DD_CONTEXT`) carries a company's questionnaire answers against a
rulebook, each with links to and digests of its supporting documents, and the certifications an assessor
confirms. Who signs decides the verification level the answers carry:

    self_assessment          issued by the assessed company's own DID                 level 1 (self-declared)
    second_party_assessment  issued by another party (e.g. a customer's audit)         level 2
    third_party_assessment   issued by another party, an independent assessor          level 3

Intake (`check_assessment`) verifies every proof offline with `passport.verify` and never raises: a credential
is accepted with its digest, or rejected with a stable code, a reason and a JSON pointer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from indices.evidence.digest import json_digest
from passport import verify
from passport.credentials.issuer import issuer_id, signed_by_issuer
from passport.credentials.status import withdrawn
from passport.credentials.unsigned import unsigned_credential
from passport.jsonld.loader import default_loader

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
DD_CONTEXT = "https://w3id.org/battery-passport/due-diligence/v1"
CREDENTIAL_TYPE = "DueDiligenceAssessmentCredential"
SUBJECT_TYPE = "DueDiligenceAssessment"
LEVELS = {"self_assessment": 1, "second_party_assessment": 2, "third_party_assessment": 3}

AssessmentType = Literal["self_assessment", "second_party_assessment", "third_party_assessment"]
Verifier = Callable[[dict[str, Any]], Any]


class _Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, validate_by_alias=True, validate_by_name=True,
                              serialize_by_alias=True, extra="forbid", frozen=True)


class EvidenceLink(_Camel):
    url: str = Field(min_length=1, max_length=2000, description="Where the supporting document is.")
    digest: str | None = Field(default=None, max_length=200, description="Digest of the document (SRI or multibase).")


class Answer(_Camel):
    indicator: str = Field(min_length=1, max_length=64, description="Rulebook indicator id.")
    answer: bool
    supporting_evidence: tuple[EvidenceLink, ...] = Field(default=(), description="Documents that prove it.")


class Certification(_Camel):
    scheme: str = Field(min_length=1, max_length=64, description="An equivalency id of the rulebook.")
    certified_until: dt.date | None = None


class Assessment(_Camel):
    """The credentialSubject: one company's assessment against one rulebook."""

    type: Literal["DueDiligenceAssessment"] | list[str]
    assessed_company: str = Field(min_length=1, max_length=500, description="The company's party id.")
    assessment_type: AssessmentType
    assessed_on: dt.date
    rulebook: str = Field(min_length=1, max_length=64)
    rulebook_version: str = Field(min_length=1, max_length=20)
    answers: tuple[Answer, ...] = ()
    certifications: tuple[Certification, ...] = ()


@dataclass(frozen=True)
class AcceptedAssessment:
    digest: str
    credential_id: str | None
    issuer: str
    company: str
    assessment_type: str
    level: int
    assessed_on: dt.date
    rulebook: str
    answers: dict[str, Answer]
    certifications: tuple[Certification, ...]


@dataclass(frozen=True)
class RejectedAssessment:
    digest: str | None
    code: str
    reason: str
    pointer: str = ""


def loader() -> Any:
    """The shipped contexts, ours among them (`schemas/contexts/`, so plain `passport verify` knows it too);
    nothing is fetched."""
    return default_loader()


def default_verifier(now: dt.datetime | None = None) -> Verifier:
    return lambda credential: verify(credential, loader=loader(), now=now)


def assessment_credential(subject: dict[str, Any], *, issuer: str, credential_id: str | None = None,
                          valid_from: str = "2026-01-01T00:00:00Z") -> dict[str, Any]:
    """An unsigned assessment credential, ready for `passport.sign(..., loader=loader())`."""
    return unsigned_credential(DD_CONTEXT, CREDENTIAL_TYPE, SUBJECT_TYPE, subject, issuer=issuer,
                               valid_from=valid_from, credential_id=credential_id)


def _reasons(result: Any) -> str:
    """The failed checks, then those that could not run (by their flags and codes, never their wording)."""
    errors = [f"{c.name} [{c.code}]: {c.reason}" for c in getattr(result, "errors", [])]
    unchecked = [f"{c.name} not checked [{c.code}]: {c.reason}" for c in getattr(result, "unchecked", [])]
    return "; ".join(errors + unchecked) or "the credential does not verify"


def check_assessment(credential: Any, *, company_dids: Mapping[str, str | None],
                     verifier: Verifier) -> AcceptedAssessment | RejectedAssessment:
    """Accept or reject one assessment credential: signature, shape, then who may say what."""
    if not isinstance(credential, dict):
        return RejectedAssessment(None, "NOT_A_CREDENTIAL", "a credential must be a JSON object")
    digest = json_digest(credential)
    try:
        result = verifier(credential)
    except Exception as exc:  # a verifier must not raise; a faulty one must not stop the calculation
        return RejectedAssessment(digest, "SIGNATURE_INVALID", f"verification failed: {exc.__class__.__name__}")
    if not getattr(result, "verified", False):
        return RejectedAssessment(digest, withdrawn(result) or "SIGNATURE_INVALID", _reasons(result))
    types = credential.get("type", [])
    if CREDENTIAL_TYPE not in (types if isinstance(types, list) else [types]):
        return RejectedAssessment(digest, "NOT_AN_ASSESSMENT", f"the credential is not a {CREDENTIAL_TYPE}", "/type")
    try:
        subject = Assessment.model_validate(credential.get("credentialSubject"))
    except ValidationError as exc:
        loc = "/".join(str(p) for p in exc.errors()[0]["loc"])
        return RejectedAssessment(digest, "NOT_AN_ASSESSMENT", "the credentialSubject is not an assessment",
                                  f"/credentialSubject/{loc}".rstrip("/"))
    issuer = issuer_id(credential) or ""
    if not issuer or not signed_by_issuer(credential).passed:
        return RejectedAssessment(digest, "ISSUER_MISMATCH", "the credential must be signed by its issuer's own key",
                                  "/proof")
    company_did = company_dids.get(subject.assessed_company)
    if company_did is None:
        return RejectedAssessment(digest, "UNKNOWN_COMPANY", "the assessed company is not in the supply chain",
                                  "/credentialSubject/assessedCompany")
    if subject.assessment_type == "self_assessment" and issuer != company_did:
        return RejectedAssessment(digest, "ISSUER_NOT_COMPANY", "a self-assessment must be signed by the company",
                                  "/issuer")
    if subject.assessment_type != "self_assessment" and issuer == company_did:
        return RejectedAssessment(digest, "NOT_INDEPENDENT", "a company cannot assess itself as a second or third "
                                  "party", "/credentialSubject/assessmentType")
    return AcceptedAssessment(
        digest=digest, credential_id=credential.get("id") if isinstance(credential.get("id"), str) else None,
        issuer=issuer, company=subject.assessed_company, assessment_type=subject.assessment_type,
        level=LEVELS[subject.assessment_type], assessed_on=subject.assessed_on, rulebook=subject.rulebook,
        answers={a.indicator: a for a in subject.answers}, certifications=subject.certifications)
