"""UNTP Digital Product Passport: a reader's view of our passport as a UNTP DPP credential, secured as `vc+jwt`.

Spec: uncefact/spec-untp `data-models/untp-dpp` (working version): `@context` is the VC 2.0 context then
`https://test.uncefact.org/vocabulary/untp/dpp/working/`; `type` holds DigitalProductPassport; `issuer` is a
CredentialIssuer with `id` and `name`; the subject is a ProductPassport whose `product` (id and name required)
names the battery, and whose claims, materials, circularity and due-diligence links carry what we can say in
UNTP's terms. The models below are ours, written from the UNTP data model (UNTP's artefacts are GPL-3.0 and are
not copied). The JSON-LD context the product ships for the DPP URL (`untp-dpp-working.jsonld`) is ours too: the
core terms are at the IRIs UNTP's DTE context gives them; the DPP-only terms are at `.../untp/dpp/working/<term>`
(not checked against UNTP's own DPP context, which this repository does not hold).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import AnyUrl, BaseModel, ConfigDict, Field, field_validator

from passport.credentials import sign_jwt
from passport.exchange.convert import passport_json
from passport.model.access import AccessGroup
from passport.model.projection import project_json

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
DPP_CONTEXT = "https://test.uncefact.org/vocabulary/untp/dpp/working/"
MEDIA_TYPE = "application/vc+jwt"
REGULATION = {"type": ["Regulation"], "id": "https://eur-lex.europa.eu/eli/reg/2023/1542/oj",
              "name": "Regulation (EU) 2023/1542 (Batteries Regulation)", "jurisdictionCountry": "EU",
              "administeredBy": {"id": "https://commission.europa.eu/", "name": "European Commission"}}


def _fraction(percent: str) -> float:
    return float(Decimal(percent) / 100)


def _link(url: str, name: str, kind: str) -> dict[str, Any]:
    return {"linkURL": url, "linkName": name, "linkType": kind}


def dpp_credential(document: dict[str, Any], level: AccessGroup | str, *, issuer: str, issuer_name: str,
                   credential_id: str, valid_from: str, base_url: str) -> dict[str, Any]:
    """The unsigned UNTP DPP credential of `document` (passport JSON or credential) at `level`; a draft without
    `id` is named by its unique identifier on `base_url` (the URL its QR code will encode)."""
    view = project_json(passport_json(document), level)
    general = view["generalProductInformation"]
    product_id = view.get("id") or base_url.rstrip("/") + general["uniqueIdentifier"]
    product: dict[str, Any] = {
        "type": ["Product"], "id": product_id, "name": general["batteryModel"],
        "productCategory": [{"type": ["Classification"], "code": general["batteryCategory"],
                             "name": f"{general['batteryCategory']} battery", "schemeID": "urn:eu:2023/1542:art3",
                             "schemeName": "Battery categories of Regulation (EU) 2023/1542, Art. 3"}],
        "productionDate": general["dateOfManufacture"],
        "countryOfProduction": general["placeOfManufacture"]["postalAddress"]["countryCode"],
        "producedByParty": {"type": ["Party"], "name": general["manufacturer"]["legalName"],
                            "registeredId": general["manufacturer"]["identifier"]},
        "dimensions": {"weight": {"value": float(Decimal(general["weightKg"])), "unit": "KGM"}},
    }
    for ours, theirs in (("serialNumber", "serialNumber"), ("batchNumber", "batchNumber")):
        if general.get(ours):
            product[theirs] = general[ours]
    facility = general["placeOfManufacture"]
    if facility.get("facilityName") or facility.get("facilityIdentifier"):
        product["producedAtFacility"] = {"type": ["Facility"], "name": facility.get("facilityName", ""),
                                         **({"registeredId": facility["facilityIdentifier"]}
                                            if facility.get("facilityIdentifier") else {})}
    subject: dict[str, Any] = {"type": ["ProductPassport"], "id": product["id"], "product": product,
                               "granularityLevel": "item", "conformityClaim": _claims(view, product["id"]),
                               "materialsProvenance": _materials(view)}
    circularity = view.get("circularity", {})
    recycling = circularity.get("endOfLifeInformation", {}).get("collectionPointsUrl")
    if recycling:
        subject["circularityScorecard"] = {"recyclingInformation": _link(recycling, "Collection points",
                                                                         "collectionPoints")}
    report = view.get("supplyChainDueDiligence", {}).get("dueDiligenceReportUrl")
    if report:
        subject["dueDiligenceDeclaration"] = _link(report, "Supply chain due diligence report", "dueDiligenceReport")
    return {"@context": [VC_CONTEXT, DPP_CONTEXT], "id": credential_id,
            "type": ["VerifiableCredential", "DigitalProductPassport"],
            "issuer": {"type": ["CredentialIssuer"], "id": issuer, "name": issuer_name},
            "validFrom": valid_from, "credentialSubject": subject}


def _claims(view: dict[str, Any], product_id: str) -> list[dict[str, Any]]:
    claims = []
    carbon = view.get("carbonFootprint")
    if carbon:
        claims.append({"type": ["Claim"], "id": f"{product_id}#carbon-footprint",
                       "conformityTopic": "environment.emissions", "referenceRegulation": REGULATION,
                       "declaredValue": [{"type": ["Metric"], "metricName": "carbon footprint in kg CO2e per kWh of total energy over the service life",
                                          "metricValue": {"value": float(Decimal(carbon["totalKgCo2ePerKwh"])),
                                                          "unit": "KGM"}}],
                       "conformityEvidence": _link(carbon["studyUrl"], "Carbon footprint study", "study")})
    declaration = view.get("labelsAndConformity", {}).get("declarationOfConformity")
    if declaration:
        claims.append({"type": ["Claim"], "id": f"{product_id}#declaration-of-conformity",
                       "conformityTopic": "social.safety", "referenceRegulation": REGULATION,
                       "conformityEvidence": _link(declaration["documentUrl"], "EU declaration of conformity",
                                                   "declarationOfConformity")})
    return claims


def _materials(view: dict[str, Any]) -> list[dict[str, Any]]:
    composition = view.get("materialComposition", {})
    materials = [{"type": ["Material"], "name": m["materialName"], "massFraction": _fraction(m["massFractionPercent"]),
                  "hazardous": False} for m in composition.get("criticalRawMaterials", [])]
    materials += [{"type": ["Material"], "name": s["substanceName"], "hazardous": True,
                   **({"massFraction": _fraction(s["concentrationPercent"])} if "concentrationPercent" in s else {})}
                  for s in composition.get("hazardousSubstances", [])]
    return materials


def sign_dpp(credential: dict[str, Any], key: Any) -> str:
    """The credential as a compact `vc+jwt` (VC-JOSE-COSE), the UNTP profile's securing mechanism."""
    return sign_jwt(credential, key)


# --- our model of a conformant UNTP DPP credential (from the UNTP DPP data model) -----------------------------

class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Measure(_Closed):
    type: list[str] | None = None
    value: float
    unit: str


class Link(_Closed):
    type: list[str] | None = None
    link_url: AnyUrl | None = Field(default=None, alias="linkURL")
    link_name: str | None = Field(default=None, alias="linkName")
    link_type: str | None = Field(default=None, alias="linkType")


class Metric(_Open):
    metric_name: str = Field(alias="metricName")
    metric_value: Measure = Field(alias="metricValue")


class Regulation(_Closed):
    type: list[str] | None = None
    id: AnyUrl | None = None
    name: str | None = None
    jurisdiction_country: str | None = Field(default=None, alias="jurisdictionCountry")
    administered_by: dict[str, Any] = Field(alias="administeredBy")


class Claim(_Open):
    id: AnyUrl
    conformity_topic: Literal["environment.energy", "environment.emissions", "environment.water",
                              "environment.waste", "environment.deforestation", "environment.biodiversity",
                              "circularity.content", "circularity.design", "social.labour", "social.rights",
                              "social.community", "social.safety"] = Field(alias="conformityTopic")
    reference_regulation: Regulation | None = Field(default=None, alias="referenceRegulation")
    declared_value: list[Metric] | None = Field(default=None, alias="declaredValue")
    conformity_evidence: Link | None = Field(default=None, alias="conformityEvidence")


class Material(_Open):
    name: str
    mass_fraction: float | None = Field(default=None, alias="massFraction", ge=0, le=1)
    hazardous: bool | None = None


class Product(_Open):
    id: AnyUrl
    name: str
    production_date: str | None = Field(default=None, alias="productionDate", pattern=r"^\d{4}-\d{2}-\d{2}$")


class ProductPassport(_Open):
    id: AnyUrl | None = None
    product: Product
    granularity_level: Literal["item", "batch", "model"] | None = Field(default=None, alias="granularityLevel")
    conformity_claim: list[Claim] | None = Field(default=None, alias="conformityClaim")
    materials_provenance: list[Material] | None = Field(default=None, alias="materialsProvenance")
    due_diligence_declaration: Link | None = Field(default=None, alias="dueDiligenceDeclaration")


class CredentialIssuer(_Closed):
    type: list[str] | None = None
    id: AnyUrl
    name: str


class DigitalProductPassport(_Open):
    context: list[str] = Field(alias="@context", min_length=2)
    id: AnyUrl
    type: list[str]
    issuer: CredentialIssuer
    credential_subject: ProductPassport = Field(alias="credentialSubject")

    @field_validator("context")
    @classmethod
    def _contexts_first(cls, value: list[str]) -> list[str]:
        if value[:2] != [VC_CONTEXT, DPP_CONTEXT]:
            raise ValueError(f"@context must start with {VC_CONTEXT} and {DPP_CONTEXT}")
        return value

    @field_validator("type")
    @classmethod
    def _types(cls, value: list[str]) -> list[str]:
        if not {"VerifiableCredential", "DigitalProductPassport"} <= set(value):
            raise ValueError("type must contain VerifiableCredential and DigitalProductPassport")
        return value


def check_dpp(credential: dict[str, Any]) -> DigitalProductPassport:
    """The credential as a UNTP DPP; raises pydantic.ValidationError naming what does not conform."""
    return DigitalProductPassport.model_validate(credential)
