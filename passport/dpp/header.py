"""The EN 18223 passport header: the fields every DPP carries beside its content, mapped from our passport.

The header is built only from the reader's own view of the passport plus facts every reader may know (its DPP
id, state and dates), and the fields it reads (`operator`, `placeOfManufacture`) are public, so it can be sent
at every access level. Where the published standard's text was not available to us, the field names follow the
drafts the issue lists; the status values are ours (see `DppStatus`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

#: The content specification our battery content follows (its JSON Schema `$id`): content is keyed by it.
BATTERY_CONTENT_SPECIFICATION = "https://w3id.org/battery-passport/schema/v1/battery-passport.schema.json"
#: The version of the header layout this service writes.
DPP_SCHEMA_VERSION = "1.0.0"


class Granularity(StrEnum):
    """EN 18223 granularity: a passport per model, per batch or per item. Battery passports are per item
    (Regulation (EU) 2023/1542, Art. 77(3))."""

    MODEL = "Model"
    BATCH = "Batch"
    ITEM = "Item"


class DppStatus(StrEnum):
    """Where the passport stands: from its issuer's status lists (revoked, suspended) and its end (archived)."""

    ACTIVE = "Active"
    SUSPENDED = "Suspended"
    REVOKED = "Revoked"
    ARCHIVED = "Archived"


class DppHeader(BaseModel):
    """The EN 18223 header fields."""

    model_config = ConfigDict(frozen=True)

    digitalProductPassportId: str = Field(description="The DPP id (urn:uuid:…), stable across versions.")
    uniqueProductIdentifier: str = Field(description="The battery's GS1 Digital Link URI (or /id/, /iso15459/).")
    granularity: Granularity = Field(default=Granularity.ITEM, description="Item: one passport per battery.")
    dppSchemaVersion: str = Field(default=DPP_SCHEMA_VERSION, description="Version of this header layout.")
    dppStatus: DppStatus = Field(description="Active, Suspended, Revoked or Archived (the passport ended).")
    lastUpdate: datetime = Field(description="When the version served was issued.")
    economicOperatorId: str | None = Field(description="The responsible economic operator (Art. 77(4)), "
                                           "`{identifierScheme}:{identifier}`.")
    facilityId: str | None = Field(description="The place of manufacture's facility identifier, when given.")
    contentSpecificationIds: list[str] = Field(description="The content specifications of the content members.")


def _party_id(party: Any) -> str | None:
    if not isinstance(party, dict) or not isinstance(party.get("identifier"), str):
        return None
    scheme = party.get("identifierScheme")
    return f"{scheme}:{party['identifier']}" if isinstance(scheme, str) else party["identifier"]


def build_header(subject: dict[str, Any], *, dpp_id: str, product_url: str, status: DppStatus,
                 last_update: datetime) -> DppHeader:
    """The header of a passport whose reader's `credentialSubject` is `subject`."""
    general = subject.get("generalProductInformation") or {}
    place = general.get("placeOfManufacture") or {}
    facility = place.get("facilityIdentifier") if isinstance(place, dict) else None
    return DppHeader(digitalProductPassportId=dpp_id, uniqueProductIdentifier=product_url, dppStatus=status,
                     lastUpdate=last_update, economicOperatorId=_party_id(general.get("operator")),
                     facilityId=facility if isinstance(facility, str) else None,
                     contentSpecificationIds=[BATTERY_CONTENT_SPECIFICATION])
