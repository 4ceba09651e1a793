"""Product-level GBA indices: company scores weighted by the mass each company's material makes up in the battery.

For each index (one rulebook):

    w_m        mass of in-scope material m / mass of all in-scope materials in the battery
    W_c        Σ_m w_m × (share of m's mass that passed through company c)          (from the custody flows)
    score      Σ_c W_c × score_c / Σ_c W_c over assessed companies                   (0–100)
    coverage   Σ_m w_m × (share of m's mass whose every company on its flow is assessed)
    traced     Σ_m w_m × (share of m's mass traced to an origin site)

Mass of unknown origin has no flow, so it is never covered: it lowers coverage and traceability, and the label
bands require coverage. `derive_indices` is pure apart from re-verifying the disclosed credentials offline.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from indices.evidence.credentials import (
    AcceptedAssessment,
    RejectedAssessment,
    check_assessment,
    default_verifier,
)
from indices.evidence.digest import json_digest
from indices.evidence.inputs import IndexInputs, RulebookRef
from indices.evidence.performance import company_metrics, count_vectors
from indices.rulebook.loader import load_rulebook, rulebook_digest
from indices.rulebook.model import IndexKind, Rulebook
from indices.scoring.chain import Actor, actors, material_weights
from indices.scoring.company import Scorer
from indices.scoring.criteria import HeldEquivalency
from indices.scoring.result import CompanyScore
from passport.errors import InputError
from passport.model.due_diligence import IndexResult, SustainabilityIndex

VERIFICATION_LABELS = {1: "self-declared", 2: "second party", 3: "third party"}
_FROZEN = ConfigDict(frozen=True, extra="forbid")


class MaterialOutcome(BaseModel):
    model_config = _FROZEN

    material: str
    weight: float = Field(description="Share of the in-scope material mass.")
    traced: float = Field(description="Share of this material traced to origin.")
    covered: float = Field(description="Share of this material that passed only through assessed companies.")


class RejectedEvidence(BaseModel):
    model_config = _FROZEN

    digest: str | None
    code: str
    reason: str
    pointer: str = ""


class ProductIndex(BaseModel):
    """One index for one battery, with its whole breakdown."""

    model_config = _FROZEN

    index: IndexKind
    rulebook: RulebookRef
    score: float | None = Field(description="0–100; None when no company is assessed.")
    min_coverage_to_rate: float = Field(default=0, description="The rulebook's minimum coverage to rate (0–1).")
    rated: bool = Field(default=True, description="False when the coverage is below the rulebook's minimum to rate "
                        "(`min_coverage_to_rate`) or nothing is assessed: the score is then not the battery's.")
    label: str
    met: int = Field(description="Indicators met, summed over the assessed companies.")
    applicable: int = Field(description="Indicators applicable, summed over the assessed companies.")
    companies: int = Field(description="Companies assessed.")
    companies_in_chain: int
    coverage: float = Field(description="Share of in-scope material mass assessed along its whole flow (0–1).")
    traced: float = Field(description="Share of in-scope material mass traced to origin (0–1).")
    verification_level: int | None
    verification: str | None
    traceability_level: int
    materials: tuple[MaterialOutcome, ...]
    breakdown: tuple[CompanyScore, ...]
    evidence: tuple[str, ...] = Field(description="Digests of every piece of evidence the result used.")

    @property
    def met_over_applicable(self) -> str:
        return f"{self.met}/{self.applicable}"

    def summary(self) -> dict[str, Any]:
        return {"score": self.score, "rated": self.rated, "min_coverage_to_rate": self.min_coverage_to_rate,
                "label": self.label, "met": self.met, "applicable": self.applicable,
                "companies": self.companies, "companies_in_chain": self.companies_in_chain,
                "coverage": self.coverage, "traced": self.traced, "verification_level": self.verification_level,
                "verification": self.verification, "traceability_level": self.traceability_level,
                "rulebook": self.rulebook.model_dump(), "evidence": list(self.evidence)}


class IndicesResult(BaseModel):
    model_config = _FROZEN

    subject: str
    computed_at: dt.datetime
    inputs_digest: str = Field(description="Digest of the IndexInputs the result was derived from.")
    child_labour: ProductIndex
    human_rights: ProductIndex
    rejected: tuple[RejectedEvidence, ...] = ()

    def summary(self) -> dict[str, Any]:
        return {"subject": self.subject, "computed_at": self.computed_at.isoformat(),
                "inputs_digest": self.inputs_digest, "child_labour": self.child_labour.summary(),
                "human_rights": self.human_rights.summary(),
                "rejected": [r.model_dump() for r in self.rejected]}


Verifier = Callable[[dict[str, Any]], Any]


def _rulebook(ref: RulebookRef, given: Mapping[str, Rulebook]) -> Rulebook:
    rulebook = given.get(ref.id) or load_rulebook(ref.id, ref.version)
    if rulebook.version != ref.version or rulebook_digest(rulebook) != ref.digest:
        raise InputError("the rulebook differs from the one the inputs name", code="RULEBOOK_MISMATCH",
                         details={"rulebook": ref.id, "version": ref.version})
    return rulebook


def _held(rulebook: Rulebook, assessments: list[AcceptedAssessment], own: set[str | None], trace_digest: str,
          on: dt.date) -> list[HeldEquivalency]:
    """Certifications and audits confirmed by a third party (still valid), and upstream mechanisms the company's
    own origin sites take part in, in good standing."""
    by_id = {e.id: e for e in rulebook.equivalencies}
    held = [HeldEquivalency(by_id[c.scheme], a.digest) for a in assessments if a.assessment_type == "third_party_assessment"
            for c in a.certifications if c.scheme in by_id and by_id[c.scheme].kind != "upstream_mechanism"
            and (c.certified_until is None or c.certified_until >= on)]
    held += [HeldEquivalency(e, trace_digest) for e in rulebook.equivalencies
             if e.kind == "upstream_mechanism" and e.id in own]
    return held


def _product(rulebook: Rulebook, ref: RulebookRef, inputs: IndexInputs, chain: dict[str, Actor],
             accepted: list[AcceptedAssessment], trace_digest: str, programme_digest: str,
             counts: Mapping[str, tuple[int, ...]],
             metrics_seen: dict[tuple[Any, ...], dict[str, float | None]]) -> ProductIndex:
    """One index. `metrics_seen` carries company metrics from one index to the other: they depend only on the
    company, the materials in scope and the certified sites, which the two rulebooks usually share."""
    weights = material_weights(inputs.materials, rulebook.materials)
    on = inputs.computed_at.date()
    mine = [a for a in accepted if a.rulebook == rulebook.id]
    by_company: dict[str, list[AcceptedAssessment]] = {}
    for a in mine:
        by_company.setdefault(a.company, []).append(a)
    programmes: dict[str, set[str | None]] = {}
    for m in inputs.materials:
        for f in m.flows:
            if f.monitored:
                programmes.setdefault(f.companies[0], set()).add(f.programme)
    held = {c: _held(rulebook, by_company.get(c, []), programmes.get(c, set()), trace_digest, on) for c in chain}
    flows = [(m.material, f) for m in inputs.materials if m.material in weights for f in m.flows]
    certified = {f.site for material, f in flows if f.programme is None and any(
        h.equivalency.kind == "certification" and material in h.equivalency.materials
        for h in held[f.companies[0]])}
    programme_sites = {f.site for _, f in flows if f.programme is not None}
    monitored = {f.site: f.monitored for _, f in flows}
    scores = []
    scorer = Scorer(rulebook, programme_digest)
    scope = (frozenset(weights), frozenset(certified))
    for company, actor in sorted(chain.items()):
        weight = sum(weights.get(m, 0.0) * s for m, s in actor.shares.items())
        if weight <= 0:
            continue
        origins = {m: sites for m, sites in actor.origins.items() if m in weights}
        if len(origins) == 1:
            shares = next(iter(origins.values()))
        else:
            shares = {s: v for sites in origins.values() for s, v in sites.items()}
        metrics = metrics_seen.get((company, scope))
        if metrics is None:
            metrics = metrics_seen[(company, scope)] = company_metrics(
                shares, monitored=monitored, programme_sites=programme_sites, certified_sites=certified,
                counts=counts)
        scores.append(scorer.score(
            company, actor.stage, weight=weight, assessments=by_company.get(company, []), metrics=metrics,
            held=held[company], materials=set(origins), sources_asm=not programme_sites.isdisjoint(shares)))
    assessed = [s for s in scores if s.assessed]
    total = sum(s.weight for s in assessed)
    score = round(sum(s.weight * (s.score or 0.0) for s in assessed) / total, 2) if total > 0 else None
    covered_companies = {s.company for s in assessed}
    path_covered: dict[tuple[str, ...], bool] = {}              # far fewer company paths than flows

    def whole_path_assessed(path: tuple[str, ...]) -> bool:
        found = path_covered.get(path)
        if found is None:
            found = path_covered[path] = covered_companies.issuperset(path)
        return found

    outcomes = []
    for m in inputs.materials:
        if m.material in weights:
            covered = sum(f.share for f in m.flows if whole_path_assessed(f.companies))
            outcomes.append(MaterialOutcome(material=m.material, weight=round(weights[m.material], 9),
                                            traced=round(m.traced_share, 9), covered=round(min(covered, 1.0), 9)))
    coverage = round(sum(o.weight * o.covered for o in outcomes), 6)
    traced = round(sum(o.weight * o.traced for o in outcomes), 6)
    level = math.floor(sum(s.weight * (s.verification_level or 1) for s in assessed) / total + 1e-9) if total else None
    thresholds = rulebook.data_quality
    traceability = 3 if traced >= thresholds.traceability_level_3 else 2 if traced >= thresholds.traceability_level_2 \
        else 1
    evidence = sorted({d for s in assessed for i in s.items if i.applicable for d in i.evidence} |
                      ({trace_digest} if inputs.materials else set()))
    return ProductIndex(
        index=rulebook.index, rulebook=ref, score=score, rated=_rated(rulebook, score, coverage),
        min_coverage_to_rate=rulebook.min_coverage_to_rate,
        label=_label(rulebook, score, coverage, assessed),
        met=sum(s.met for s in assessed), applicable=sum(s.applicable for s in assessed), companies=len(assessed),
        companies_in_chain=len(scores), coverage=coverage, traced=traced, verification_level=level,
        verification=VERIFICATION_LABELS.get(level) if level else None, traceability_level=traceability,
        materials=tuple(outcomes), breakdown=tuple(scores), evidence=tuple(evidence))


def _rated(rulebook: Rulebook, score: float | None, coverage: float) -> bool:
    """A score counts as the battery's only when enough of its in-scope material mass is covered."""
    return score is not None and coverage + 1e-9 >= rulebook.min_coverage_to_rate


def _label(rulebook: Rulebook, score: float | None, coverage: float, assessed: list[CompanyScore]) -> str:
    if score is None:
        return rulebook.not_assessed_label
    if not _rated(rulebook, score, coverage):
        return rulebook.not_rated_label
    baseline = all(s.baseline_met for s in assessed)
    for band in rulebook.labels:
        if score >= band.min_score and coverage + 1e-9 >= band.min_coverage and (baseline or not band.all_baseline_met):
            return band.label
    return rulebook.labels[-1].label


def inputs_digest(inputs: IndexInputs, trace_digest: str, programme_digest: str, credentials: list[str]) -> str:
    """Digest of the inputs as a tree: the small parts by value, the trace, programme data and each credential
    by their own digests (so the large parts are serialized once)."""
    return json_digest({"subject": inputs.subject, "computedAt": inputs.computed_at.isoformat(),
                        "rulebooks": [r.model_dump() for r in inputs.rulebooks],
                        "companies": [c.model_dump() for c in inputs.companies], "trace": trace_digest,
                        "programme": programme_digest, "assessments": credentials})


def derive_indices(inputs: IndexInputs, *, rulebooks: Mapping[str, Rulebook] | None = None,
                   verifier: Verifier | None = None) -> IndicesResult:
    """Both indices from the disclosed inputs: the same inputs always give the same result."""
    given = dict(rulebooks or {})
    books = {}
    for ref in inputs.rulebooks:
        rulebook = _rulebook(ref, given)
        books[rulebook.index] = (rulebook, ref)
    missing = [k.value for k in IndexKind if k not in books]
    if missing:
        raise InputError("the inputs name no rulebook for an index", code="RULEBOOK_MISSING",
                         details={"indices": missing})
    check = verifier or default_verifier(inputs.computed_at)
    dids = {c.id: c.did for c in inputs.companies}
    accepted: list[AcceptedAssessment] = []
    rejected: list[RejectedEvidence] = []
    for i, credential in enumerate(inputs.assessments):
        outcome = check_assessment(credential, company_dids=dids, verifier=check)
        if isinstance(outcome, RejectedAssessment):
            rejected.append(RejectedEvidence(digest=outcome.digest, code=outcome.code, reason=outcome.reason,
                                             pointer=f"/assessments/{i}{outcome.pointer}"))
        else:
            accepted.append(outcome)
    chain = actors(inputs.materials)
    trace_digest, programme_digest = inputs.trace_digest, inputs.programme.digest
    counts = count_vectors(inputs.programme.sites)
    metrics_seen: dict[tuple[Any, ...], dict[str, float | None]] = {}
    results = {kind: _product(rulebook, ref, inputs, chain, accepted, trace_digest, programme_digest, counts,
                              metrics_seen)
               for kind, (rulebook, ref) in books.items()}
    digests = [a.digest for a in accepted] + [r.digest or "" for r in rejected]
    return IndicesResult(subject=inputs.subject, computed_at=inputs.computed_at,
                         inputs_digest=inputs_digest(inputs, trace_digest, programme_digest, sorted(digests)),
                         child_labour=results[IndexKind.child_labour], human_rights=results[IndexKind.human_rights],
                         rejected=tuple(rejected))


def _differences(published: Any, derived: Any, path: str = "") -> list[str]:
    if isinstance(published, dict) and isinstance(derived, dict):
        out = []
        for key in sorted(set(published) | set(derived)):
            out += _differences(published.get(key), derived.get(key), f"{path}/{key}")
        return out
    if isinstance(published, list) and isinstance(derived, list) and len(published) == len(derived):
        return [d for i, (p, q) in enumerate(zip(published, derived)) for d in _differences(p, q, f"{path}/{i}")]
    return [] if published == derived else [path or "/"]


def recompute(inputs: IndexInputs, published: Mapping[str, Any], *, rulebooks: Mapping[str, Rulebook] | None = None,
              verifier: Verifier | None = None) -> tuple[IndicesResult, list[str]]:
    """Re-derive from the disclosed inputs (every credential verified again) and list the JSON pointers where
    the published result differs; an empty list means it matches."""
    derived = derive_indices(inputs, rulebooks=rulebooks, verifier=verifier)
    return derived, _differences(dict(published), derived.model_dump(mode="json"))


def index_results(result: IndicesResult) -> list[dict[str, Any]]:
    """The passport's `indexResults` (Annex XIII 1(d), `passport.model.due_diligence.IndexResult`, JSON form):
    one entry per index with at least one assessed company."""
    kinds = {IndexKind.child_labour: SustainabilityIndex.CHILD_LABOUR, IndexKind.human_rights: SustainabilityIndex.HUMAN_RIGHTS}
    out = []
    for product in (result.child_labour, result.human_rights):
        if product.score is None or product.applicable == 0:
            continue
        entry = IndexResult.model_validate({
            "indexType": kinds[product.index], "rulebookVersion": f"{product.rulebook.id} {product.rulebook.version}",
            **({"score": f"{product.score:.2f}"} if product.rated else {}), "scoreLabel": product.label,
            "minimumCoveragePercent": f"{100 * product.min_coverage_to_rate:.2f}", "indicatorsMet": product.met,
            "indicatorsApplicable": product.applicable, "companiesAssessed": product.companies,
            "coveragePercent": f"{100 * product.coverage:.2f}", "tracedMassPercent": f"{100 * product.traced:.2f}",
            "verificationLevel": product.verification_level, "traceabilityLevel": product.traceability_level,
            "calculatedAt": result.computed_at.isoformat(),
            "sourceEvidence": [{"evidenceId": f"urn:battery-passport:evidence:{d}", "evidenceDigest": d}
                               for d in product.evidence]})
        out.append(entry.model_dump(mode="json", exclude_none=True))
    return out


WITHDRAWN_CODES = ("CREDENTIAL_REVOKED", "CREDENTIAL_SUSPENDED")
"""The status codes that make evidence withdrawn: its issuer revoked or suspended it."""


def withdrawn_since(published: Mapping[str, Any], derived: IndicesResult) -> list[RejectedEvidence]:
    """The evidence the published result relied on (it was not rejected then) that is revoked or suspended now:
    `passport indices recompute` reports each (EVIDENCE_WITHDRAWN_SINCE, naming its digest)."""
    refused_then = {r.get("digest") for r in published.get("rejected", []) if isinstance(r, Mapping)}
    return [r for r in derived.rejected if r.code in WITHDRAWN_CODES and r.digest not in refused_then]

