"""Supplier-specific footprints arriving as signed credentials, accepted only with a proven custody link.

A `SupplierCarbonFootprintCredential` (context `CARBON_CONTEXT`) states the cradle-to-gate footprint of a
product (pCAM, CAM, anode material...) in kg CO2e per kg for named lots. It is used for a bill-of-materials
line only when, in this order:
1. every proof verifies (`passport.verify`, offline, with our shipped context) and was made with the
   issuer's own key (not someone else's key naming them as issuer);
2. its subject is a well-formed footprint for a product category the bill of materials has;
3. the battery has a custody trace and the line names the ledger material that traces it;
4. each named lot is upstream of the battery in that trace (a physical link), and
5. the credential's issuer is the operator of the site that made each lot (the contractual link).
Otherwise it is rejected with a stable code and a reason; rejection never raises (verifiers return results).
The share a credential covers is the custody share of its lots; the rest of the line keeps its secondary factor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.alias_generators import to_camel

from indices.carbon.inputs import CarbonInput, MaterialCategory
from indices.carbon.links import CustodyLinks
from passport import verify
from passport.citation import json_digest_sri
from passport.credentials.issuer import issuer_id, signed_by_issuer
from passport.credentials.status import withdrawn
from passport.credentials.unsigned import unsigned_credential
from passport.jsonld import DocumentLoader
from passport.jsonld.loader import shipped_context

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
CARBON_CONTEXT = "https://w3id.org/battery-passport/carbon/v1"
CREDENTIAL_TYPE = "SupplierCarbonFootprintCredential"
SUBJECT_TYPE = "SupplierCarbonFootprint"

Verifier = Callable[[dict[str, Any]], Any]


class SupplierFootprint(BaseModel):
    """The credentialSubject of a supplier footprint credential."""

    model_config = ConfigDict(alias_generator=to_camel, validate_by_alias=True, validate_by_name=True,
                              serialize_by_alias=True, extra="forbid", frozen=True)

    id: str | None = None
    type: Literal["SupplierCarbonFootprint"] | list[str]
    product: MaterialCategory = Field(description="The product category the footprint is for (pcam, cam, anode...).")
    product_name: str | None = None
    kg_co2e_per_kg: float = Field(alias="kgCo2ePerKg", ge=0,
                                  description="Cradle-to-gate footprint, kg CO2e per kg of product.")
    lots: list[str] = Field(min_length=1, description="The lots the footprint covers.")
    site: str | None = None
    reporting_period: str = Field(min_length=1)
    rulebook: str | None = None
    primary_data_share: float | None = Field(default=None, ge=0, le=1)
    data_quality_rating: float = Field(default=2.0, ge=1, le=5)

    @field_validator("lots")
    @classmethod
    def _distinct(cls, lots: list[str]) -> list[str]:
        if len(set(lots)) != len(lots):
            raise ValueError("each lot is named once")
        return lots

    @field_validator("kg_co2e_per_kg", "primary_data_share", "data_quality_rating", mode="before")
    @classmethod
    def _decimal_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return float(Decimal(value))
            except InvalidOperation as exc:
                raise ValueError("not a decimal number") from exc
        return value


@dataclass(frozen=True)
class AcceptedFootprint:
    pointer: str
    digest: str
    issuer: str
    line: str
    product: str
    kg_co2e_per_kg: float
    share: float
    lots: tuple[str, ...]
    reporting_period: str
    data_quality_rating: float


@dataclass(frozen=True)
class RejectedFootprint:
    pointer: str
    digest: str | None
    code: str
    reason: str


@dataclass(frozen=True)
class SupplierEvidence:
    """The outcome of checking every supplier credential of an input."""

    accepted: tuple[AcceptedFootprint, ...] = ()
    rejected: tuple[RejectedFootprint, ...] = ()
    by_line: dict[str, tuple[AcceptedFootprint, ...]] = field(default_factory=dict)


def carbon_context() -> dict[str, Any]:
    """Our supplier-footprint context, shipped in `schemas/contexts/` like every other."""
    return shipped_context(CARBON_CONTEXT)


def loader() -> Any:
    """The shipped-contexts loader (our carbon context is one of them; nothing is fetched)."""
    return DocumentLoader()


def default_verifier(credential: dict[str, Any]) -> Any:
    return verify(credential, loader=loader())


def footprint_credential(subject: dict[str, Any], *, issuer: str, credential_id: str | None = None,
                         valid_from: str = "2026-01-01T00:00:00Z") -> dict[str, Any]:
    """An unsigned supplier footprint credential, ready for `passport.sign(..., loader=loader())`."""
    return unsigned_credential(CARBON_CONTEXT, CREDENTIAL_TYPE, SUBJECT_TYPE, subject, issuer=issuer,
                               valid_from=valid_from, credential_id=credential_id)


def credential_digest(credential: dict[str, Any]) -> str:
    """sha384 SRI of the credential's JCS (RFC 8785) bytes: how the result cites it."""
    return json_digest_sri(credential)


def _reasons(result: Any) -> str:
    """The failed checks, then those that could not run (by their flags and codes, never their wording)."""
    errors = [f"{c.name} [{c.code}]: {c.reason}" for c in getattr(result, "errors", [])]
    unchecked = [f"{c.name} not checked [{c.code}]: {c.reason}" for c in getattr(result, "unchecked", [])]
    return "; ".join(errors + unchecked) or "the credential does not verify"


def check_credential(credential: Any, index: int, inp: CarbonInput, links: CustodyLinks | None,
                     verifier: Verifier) -> AcceptedFootprint | RejectedFootprint:
    """Accept or reject one credential (see the module docstring for the order of the checks)."""
    pointer = f"/supplierFootprints/{index}"
    if not isinstance(credential, dict):
        return RejectedFootprint(pointer, None, "NOT_A_CREDENTIAL", "a credential must be a JSON object")
    try:
        digest = credential_digest(credential)
    except Exception as exc:  # rfc8785 refuses NaN, infinities and non-JSON values
        return RejectedFootprint(pointer, None, "NOT_A_CREDENTIAL", f"not canonical JSON: {exc.__class__.__name__}")

    def reject(code: str, reason: str, where: str = "") -> RejectedFootprint:
        return RejectedFootprint(pointer + where, digest, code, reason)

    try:
        result = verifier(credential)
    except Exception as exc:  # a verifier must not raise; a faulty one must not stop the calculation
        return reject("SIGNATURE_INVALID", f"verification failed: {exc.__class__.__name__}")
    if not getattr(result, "verified", False):
        return reject(withdrawn(result) or "SIGNATURE_INVALID", _reasons(result))
    issuer = issuer_id(credential) or ""
    if not issuer or not signed_by_issuer(credential).passed:
        return reject("ISSUER_MISMATCH", "the credential must be signed by its issuer's own key", "/proof")
    types = credential.get("type", [])
    if CREDENTIAL_TYPE not in (types if isinstance(types, list) else [types]):
        return reject("NOT_A_SUPPLIER_FOOTPRINT", f"the credential is not a {CREDENTIAL_TYPE}", "/type")
    try:
        subject = SupplierFootprint.model_validate(credential.get("credentialSubject"))
    except ValidationError as exc:
        loc = "/".join(str(p) for p in exc.errors()[0]["loc"])
        return reject("NOT_A_SUPPLIER_FOOTPRINT", "the credentialSubject is not a supplier footprint",
                      f"/credentialSubject/{loc}".rstrip("/"))
    lines = [line for line in inp.bill_of_materials if line.category == subject.product]
    if not lines:
        return reject("NO_MATCHING_MATERIAL", f"the bill of materials has no {subject.product.value} line",
                      "/credentialSubject/product")
    if links is None:
        return reject("NO_CUSTODY_TRACE", "the battery has no custody trace (battery.custodyLot), so no "
                      "physical link can be proven")
    traced = [line for line in lines if line.traced_material is not None]
    if not traced:
        return reject("NO_TRACED_MATERIAL", f"no {subject.product.value} line of the bill of materials names a "
                      "tracedMaterial")
    line = next((line for line in traced if all(links.link(line.traced_material or "", lot) for lot in subject.lots)),
                None)
    if line is None:
        first = traced[0].traced_material or ""
        missing = next(i for i, lot in enumerate(subject.lots) if links.link(first, lot) is None)
        return reject("NO_CUSTODY_LINK", f"lot {subject.lots[missing]} is not upstream of battery lot "
                      f"{links.battery_lot} in its custody trace", f"/credentialSubject/lots/{missing}")
    share = 0.0
    for i, lot in enumerate(subject.lots):
        link = links.link(line.traced_material or "", lot)
        if link is None or link.operator_did != issuer:
            return reject("ISSUER_NOT_OPERATOR", f"lot {lot} was made at a site its issuer does not operate",
                          f"/credentialSubject/lots/{i}")
        share += link.share
    return AcceptedFootprint(pointer, digest, issuer, line.id, subject.product.value, subject.kg_co2e_per_kg,
                             min(share, 1.0), tuple(subject.lots), subject.reporting_period,
                             subject.data_quality_rating)


def accept_supplier_footprints(inp: CarbonInput, links: CustodyLinks | None, *,
                               verifier: Verifier = default_verifier) -> SupplierEvidence:
    """Check every supplier credential of `inp`; overlapping claims on the same lots keep the first."""
    accepted: list[AcceptedFootprint] = []
    rejected: list[RejectedFootprint] = []
    claimed: dict[str, set[str]] = {}
    covered: dict[str, float] = {}
    for i, credential in enumerate(inp.supplier_footprints):
        outcome = check_credential(credential, i, inp, links, verifier)
        if isinstance(outcome, AcceptedFootprint):
            seen = claimed.setdefault(outcome.line, set())
            if seen & set(outcome.lots):
                rejected.append(RejectedFootprint(outcome.pointer, outcome.digest, "OVERLAPPING_CLAIM",
                                                  "another accepted credential already covers these lots"))
                continue
            if covered.get(outcome.line, 0.0) + outcome.share > 1.0 + 1e-9:
                rejected.append(RejectedFootprint(outcome.pointer, outcome.digest, "OVERLAPPING_CLAIM",
                                                  "the accepted footprints would cover more than the whole line"))
                continue
            seen |= set(outcome.lots)
            covered[outcome.line] = covered.get(outcome.line, 0.0) + outcome.share
            accepted.append(outcome)
        else:
            rejected.append(outcome)
    by_line: dict[str, tuple[AcceptedFootprint, ...]] = {}
    for a in accepted:
        by_line[a.line] = by_line.get(a.line, ()) + (a,)
    return SupplierEvidence(tuple(accepted), tuple(rejected), by_line)
