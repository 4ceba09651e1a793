"""The registration data of one passport version, read from its public fields."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from passport.dpp.header import build_header, DppStatus
from passport.dpp_record.identity import dpp_id_for, dpp_urn
from passport.registry import StoredVersion

#: Combined Nomenclature codes of heading 8507 (electric accumulators) by chemistry keyword, most specific first.
_COMMODITY_CODES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("lithium", "li-ion", "lfp", "nmc", "nca", "lto", "lifepo4", "limn"), "85076000"),
    (("nickel-metal hydride", "nimh", "ni-mh"), "85075000"),
    (("nickel-cadmium", "nicd", "ni-cd"), "85073000"),
    (("lead",), "85072000"),
)
OTHER_ACCUMULATORS = "85078000"


def commodity_code(chemistry: str | None) -> str:
    """The CN code of a battery from its chemistry (Annex XIII 1(b)): 8507 60 00 for lithium-ion, …,
    8507 80 00 (other accumulators) when no keyword matches."""
    text = (chemistry or "").lower()
    for keywords, code in _COMMODITY_CODES:
        if any(k in text for k in keywords):
            return code
    return OTHER_ACCUMULATORS


class RegistrationData(BaseModel):
    """What the registry receives for one passport (Reg. (EU) 2026/1778 registration data)."""

    uniqueProductIdentifier: str = Field(description="The battery's GS1 Digital Link URI.")
    digitalProductPassportId: str = Field(description="The DPP id (urn:uuid:…).")
    economicOperatorId: str = Field(description="The responsible economic operator, `{scheme}:{identifier}`.")
    facilityId: str | None = Field(default=None, description="The place of manufacture's facility identifier.")
    commodityCode: str = Field(pattern=r"^[0-9]{8}$", description="Combined Nomenclature code (8 digits).")
    backupProviderUrl: str | None = Field(default=None, description="Where the back-up copy is served (EN 18221).")
    passportVersion: int = Field(ge=1, description="The version registered.")
    passportDigest: str = Field(pattern=r"^sha256:[0-9a-f]{64}$",
                                description="SHA-256 of that version's signed credential bytes (its ETag).")


def registration_data(stored: StoredVersion, base_url: str, backup_url: str | None) -> RegistrationData:
    subject: dict[str, Any] = stored.document["credentialSubject"]
    header = build_header(subject, dpp_id=dpp_urn(dpp_id_for(stored.identifier)),
                          product_url=base_url + stored.identifier, status=DppStatus.ACTIVE,
                          last_update=stored.created_at)
    chemistry = (subject.get("materialComposition") or {}).get("chemistry")
    return RegistrationData(uniqueProductIdentifier=header.uniqueProductIdentifier,
                            digitalProductPassportId=header.digitalProductPassportId,
                            economicOperatorId=header.economicOperatorId or "", facilityId=header.facilityId,
                            commodityCode=commodity_code(chemistry), backupProviderUrl=backup_url,
                            passportVersion=stored.version, passportDigest=f"sha256:{stored.etag}")
