"""The UNTP Digital Traceability Event credential as pydantic models: what a conformant DTE credential must
hold, written by us from the UNTP DTE data model (working version), so exports and intake can be checked
against it without shipping UNTP's own (GPL-3.0) schema files.

Spec: uncefact/spec-untp `data-models/untp-dte` (working version): `@context` starts with the VC 2.0 context
and the UNTP DTE context; `issuer` is a CredentialIssuer with `id` and `name`; `Item` has `id` and `name` and
nothing else; a QuantityElement has `productId`, `productName`, `quantity` (and optionally `uom`) and nothing
else; `action` is one of observe, add, delete; a TransactionEvent names `sourceParty` and `destinationParty`.
Events may carry further (namespaced) properties, as UNTP allows.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import AnyUrl, AwareDatetime, BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter, field_validator

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
DTE_CONTEXT = "https://test.uncefact.org/vocabulary/untp/dte/working/"


def _has(*names: str) -> Any:
    def check(value: list[str]) -> list[str]:
        missing = [n for n in names if n not in value]
        if missing:
            raise ValueError(f"type must contain {missing}")
        return value
    return field_validator("type")(classmethod(lambda cls, v: check(v)))


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class CredentialIssuer(_Closed):
    type: list[str] = Field(default_factory=lambda: ["CredentialIssuer"], description="Contains CredentialIssuer.")
    id: AnyUrl = Field(description="The issuer's DID.")
    name: str = Field(description="The issuer's name.")
    issuer_also_known_as: list[dict[str, Any]] | None = Field(default=None, alias="issuerAlsoKnownAs")
    _type = _has("CredentialIssuer")


class Item(_Closed):
    type: list[str] | None = None
    id: AnyUrl = Field(description="The item's identifier.")
    name: str = Field(description="The item's name.")


class QuantityElement(_Closed):
    type: list[str] | None = None
    product_id: AnyUrl = Field(alias="productId", description="The product class (a URI).")
    product_name: str = Field(alias="productName", description="The product's name.")
    quantity: float = Field(description="How much.")
    uom: str | None = Field(default=None, description="UN/CEFACT Rec. 20 unit code.")


class SensorData(_Closed):
    type: list[str] | None = None
    time: AwareDatetime | None = None
    sensor_type: AnyUrl | None = Field(default=None, alias="sensorType")
    value: float | None = None
    uom: str | None = None


class Sensor(_Closed):
    type: list[str] | None = None
    device: Item | None = None
    data_processing_method: AnyUrl | None = Field(default=None, alias="dataProcessingMethod")


class SensorElement(_Closed):
    type: list[str] | None = None
    sensor_metadata: Sensor | None = Field(default=None, alias="sensorMetadata")
    sensor_report: list[SensorData] | None = Field(default=None, alias="sensorReport")
    sensor_integrity_proof: AnyUrl | None = Field(default=None, alias="sensorIntegrityProof")


class _Event(_Open):
    type: list[str]
    id: AnyUrl | None = None
    process_type: str | None = Field(default=None, alias="processType")
    event_time: AwareDatetime | None = Field(default=None, alias="eventTime")
    action: Literal["observe", "add", "delete"] | None = None
    disposition: str | None = None
    biz_step: str | None = Field(default=None, alias="bizStep")
    biz_location: AnyUrl | None = Field(default=None, alias="bizLocation")
    sensor_element_list: list[SensorElement] | None = Field(default=None, alias="sensorElementList")


class ObjectEvent(_Event):
    epc_list: list[Item] | None = Field(default=None, alias="epcList")
    quantity_list: list[QuantityElement] | None = Field(default=None, alias="quantityList")
    _type = _has("ObjectEvent", "Event")


class TransactionEvent(_Event):
    source_party: str = Field(alias="sourceParty")
    destination_party: str = Field(alias="destinationParty")
    biz_transaction: str | None = Field(default=None, alias="bizTransaction")
    epc_list: list[Item] | None = Field(default=None, alias="epcList")
    quantity_list: list[QuantityElement] | None = Field(default=None, alias="quantityList")
    _type = _has("TransactionEvent", "Event")


class TransformationEvent(_Event):
    input_epc_list: list[Item] | None = Field(default=None, alias="inputEPCList")
    output_epc_list: list[Item] | None = Field(default=None, alias="outputEPCList")
    input_quantity_list: list[QuantityElement] | None = Field(default=None, alias="inputQuantityList")
    output_quantity_list: list[QuantityElement] | None = Field(default=None, alias="outputQuantityList")
    _type = _has("TransformationEvent", "Event")


class AggregationEvent(_Event):
    parent_epc: Item | None = Field(default=None, alias="parentEPC")
    child_epc_list: list[Item] | None = Field(default=None, alias="childEPCList")
    child_quantity_list: list[QuantityElement] | None = Field(default=None, alias="childQuantityList")
    _type = _has("AggregationEvent", "Event")


class AssociationEvent(AggregationEvent):
    _type = _has("AssociationEvent", "Event")


_KINDS = ("ObjectEvent", "TransactionEvent", "TransformationEvent", "AggregationEvent", "AssociationEvent")


def _kind(value: Any) -> str | None:
    types = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    kinds = [t for t in types or [] if t in _KINDS]
    return kinds[0] if len(kinds) == 1 else None


#: One of the five UNTP event types, chosen by the one event type its `type` names.
Event = Annotated[Union[
    Annotated[ObjectEvent, Tag("ObjectEvent")], Annotated[TransactionEvent, Tag("TransactionEvent")],
    Annotated[TransformationEvent, Tag("TransformationEvent")],
    Annotated[AggregationEvent, Tag("AggregationEvent")], Annotated[AssociationEvent, Tag("AssociationEvent")],
], Discriminator(_kind, custom_error_type="untp_event_type",
                 custom_error_message="an event's type must name exactly one UNTP event type")]


class DigitalTraceabilityEvent(_Open):
    """A UNTP DTE credential (the envelope; the proof and status are VC 2.0's)."""

    context: list[str] = Field(alias="@context", min_length=2)
    id: AnyUrl
    type: list[str]
    issuer: CredentialIssuer
    valid_from: AwareDatetime | None = Field(default=None, alias="validFrom")
    credential_subject: list[Event] = Field(alias="credentialSubject")
    _type = _has("DigitalTraceabilityEvent", "VerifiableCredential")

    @field_validator("context")
    @classmethod
    def _contexts_first(cls, value: list[str]) -> list[str]:
        if value[:2] != [VC_CONTEXT, DTE_CONTEXT]:
            raise ValueError(f"@context must start with {VC_CONTEXT} and {DTE_CONTEXT}")
        if len(set(value)) != len(value):
            raise ValueError("@context entries must be unique")
        return value


dte_adapter: TypeAdapter[DigitalTraceabilityEvent] = TypeAdapter(DigitalTraceabilityEvent)


def check_dte(credential: dict[str, Any]) -> DigitalTraceabilityEvent:
    """The credential as a UNTP DTE; raises pydantic.ValidationError naming what does not conform."""
    return DigitalTraceabilityEvent.model_validate(credential)
