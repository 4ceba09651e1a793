"""General product information: identification, manufacturer, operator, manufacture, category, weight, status.

Annex XIII 1(a) (the Annex VI part A label data) is public; the battery status of Annex XIII 4(c) belongs to
the individual battery and is readable by persons with a legitimate interest.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from passport.model.access import AccessGroup, annex_field, value_field
from passport.model.base import PassportModel
from passport.model.types import CountryCode, Email, NonEmptyStr, PositiveQuantity, ShortStr, Telephone, Url, WebLink

PUBLIC = AccessGroup.PUBLIC


class BatteryCategory(StrEnum):
    """Battery categories of Art. 3 (the passport is mandatory for LMT, EV and industrial > 2 kWh)."""

    LMT = "lmt"
    EV = "ev"
    INDUSTRIAL = "industrial"
    SLI = "sli"
    PORTABLE = "portable"


class BatteryStatus(StrEnum):
    """Annex XIII 4(c): original, repurposed, re-used, remanufactured or waste."""

    ORIGINAL = "original"
    REPURPOSED = "repurposed"
    REUSED = "reused"
    REMANUFACTURED = "remanufactured"
    WASTE = "waste"


class PartyIdentifierScheme(StrEnum):
    """How an economic operator is identified."""

    LEI = "lei"
    EORI = "eori"
    GLN = "gln"
    VAT = "vat"
    DUNS = "duns"
    OTHER = "other"


class PostalAddress(PassportModel):
    """A postal address (value type)."""

    street_address: NonEmptyStr = value_field(description="Street and number.")
    postal_code: ShortStr | None = value_field(description="Postal code.", default=None)
    locality: ShortStr = value_field(description="City or town.")
    region: ShortStr | None = value_field(description="Region or state.", default=None)
    country_code: CountryCode = value_field(description="ISO 3166-1 alpha-2 country code.")


class Party(PassportModel):
    """An economic operator or other organisation with its contact details (value type)."""

    identifier: ShortStr = value_field(description="Registered identifier of the organisation (see identifierScheme).")
    identifier_scheme: PartyIdentifierScheme = value_field(
        description="Scheme of `identifier`: lei, eori, gln, vat, duns or other.")
    legal_name: ShortStr = value_field(description="Registered legal name.")
    postal_address: PostalAddress = value_field(description="Postal address.")
    email: Email | None = value_field(description="Contact e-mail address.", default=None)
    telephone: Telephone | None = value_field(
        description="Contact telephone number in international format.", default=None)
    website: WebLink | None = value_field(description="Web site.", default=None)


class ManufacturingPlace(PassportModel):
    """The plant where the battery was manufactured (value type)."""

    facility_identifier: ShortStr | None = value_field(
        description="Identifier of the plant (e.g. a GLN).", default=None)
    facility_name: ShortStr | None = value_field(description="Name of the plant.", default=None)
    postal_address: PostalAddress = value_field(description="Address of the plant.")


class GeneralProductInformation(PassportModel):
    """Who made which battery, where and when, and what it is (Annex VI part A label data)."""

    unique_identifier: ShortStr = annex_field(
        PUBLIC, reference="Art. 77(3), Art. 13(6): ISO/IEC 15459 unique identifier",
        description="Unique identifier of the battery (ISO/IEC 15459, e.g. a GS1 Digital Link path).")
    manufacturer: Party = annex_field(PUBLIC, "1(a)", description="Manufacturer identification.")
    operator: Party = annex_field(
        PUBLIC, reference="Art. 77(4): economic operator placing the battery on the market",
        description="Economic operator responsible for the passport.")
    place_of_manufacture: ManufacturingPlace = annex_field(PUBLIC, "1(a)", description="Place of manufacture.")
    date_of_manufacture: date = annex_field(PUBLIC, "1(a)", description="Date of manufacture (ISO 8601 date).")
    date_of_placing_on_market: date | None = annex_field(
        PUBLIC, reference="Art. 77(1)", description="Date the battery was placed on the market.", default=None)
    battery_category: BatteryCategory = annex_field(PUBLIC, "1(a)",
        description="Battery category: lmt, ev, industrial, sli or portable.")
    battery_model: ShortStr = annex_field(PUBLIC, "1(a)", description="Battery model identification.")
    batch_number: ShortStr | None = annex_field(PUBLIC, "1(a)", description="Batch number.", default=None)
    serial_number: ShortStr | None = annex_field(PUBLIC, "1(a)", description="Serial number.", default=None)
    weight_kg: PositiveQuantity = annex_field(PUBLIC, "1(a)", unit="KGM", description="Weight of the battery in kg.")
    battery_status: BatteryStatus = annex_field(
        AccessGroup.LEGITIMATE_INTEREST, "4(c)",
        description="Battery status: original, repurposed, reused, remanufactured or waste.")
    predecessor_passports: list[Url] | None = annex_field(
        PUBLIC, reference="Art. 77(7): a repurposed, re-used or remanufactured battery links to the original passports",
        description="Identifiers of the passports of the original batteries.", default=None, min_length=1)

    @model_validator(mode="after")
    def _batch_or_serial(self) -> GeneralProductInformation:
        if self.batch_number is None and self.serial_number is None:
            raise PydanticCustomError("passport_rule", "a batch number or a serial number is required",
                                      {"field": "serialNumber"})
        return self
