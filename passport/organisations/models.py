"""What an operator sends to create or change an organisation, and what is shown back (one source per schema)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

SLUG_FIELD = Field(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", examples=["acme-cells"],
                   description="The organisation's name in commands and URLs: lower-case letters, digits, hyphens.")
ROLES = ("manufacturer", "contributor", "operator", "notified_body", "market_surveillance", "commission",
         "legitimate_interest")
DID_WEB_FIELD = Field(default=None, min_length=1, max_length=300, examples=["cells.acme.example", "passports.example/orgs/acme"],
                      description="HOST[:PORT][/PATH] of its did:web (did:web:HOST%3APORT:PATH); the DID document is "
                      "served at https://HOST[:PORT]/PATH/did.json (by this service when HOST is its own).")
GS1_FIELD = Field(default_factory=list, max_length=50, examples=[["9506000"]],
                  description="GS1 company prefixes (4-12 digits, as in a GTIN-13) whose GTINs it may issue under.")
ISO_FIELD = Field(default_factory=list, max_length=50, examples=[["UN123456789"]],
                  description="ISO/IEC 15459 prefixes (issuing agency code + company identification number) whose "
                  "item identifiers it may issue under.")


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True,
                              extra="forbid")


class OrganisationCreate(_Model):
    slug: str = SLUG_FIELD
    legal_name: str = Field(min_length=1, max_length=200, description="Legal name, shown as the issuer's name.")
    role: str = Field(default="manufacturer", pattern="^(" + "|".join(ROLES) + ")$",
                      description="What it does here: " + ", ".join(ROLES) + ".")
    did_web: str | None = DID_WEB_FIELD
    did_key: bool = Field(default=False, description="Use the did:key of its issuer key instead of a did:web "
                          "(the DID changes when the key is rotated).")
    gs1_company_prefixes: list[str] = GS1_FIELD
    iso15459_prefixes: list[str] = ISO_FIELD

    @model_validator(mode="after")
    def _one_did(self) -> OrganisationCreate:
        if self.did_web and self.did_key:
            raise ValueError("give didWeb or didKey, not both")
        return self


class OrganisationUpdate(_Model):
    """Only what is given changes; prefixes are added (`remove...` takes them away)."""

    legal_name: str | None = Field(default=None, min_length=1, max_length=200)
    did_web: str | None = DID_WEB_FIELD
    add_gs1_company_prefixes: list[str] = GS1_FIELD
    remove_gs1_company_prefixes: list[str] = Field(default_factory=list, max_length=50)
    add_iso15459_prefixes: list[str] = ISO_FIELD
    remove_iso15459_prefixes: list[str] = Field(default_factory=list, max_length=50)


class OrganisationPublic(_Model):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True)

    slug: str
    legal_name: str
    role: str
    did: str | None = Field(description="Its DID; none yet for a did:key organisation without a key.")
    did_method: str | None
    did_document_url: str | None = Field(default=None, description="Where its did:web document is published.")
    gs1_company_prefixes: list[str]
    iso15459_prefixes: list[str]
    created_at: datetime
