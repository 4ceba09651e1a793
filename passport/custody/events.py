"""GS1 EPCIS 2.0 events (JSON-LD binding), one model per event type, plus our lot master data extension.

Spec: EPCIS 2.0 §7.4 (event types), §7.3.5 (what/where/why/how dimensions), CBV 2.0 §7 (values).
Field names are the JSON-LD names of EPCIS 2.0 (`eventTime`, `bizStep`, `inputQuantityList`...). Extensions
live under our namespace prefix `bp:` (https://w3id.org/battery-passport/vocab#); other namespaced keys
(`prefix:name`) are kept as they came, un-namespaced unknown keys are refused.

Our profile tightens EPCIS where custody needs it: `eventID` is required (findings and the ledger name events),
and identifiers (EPCs, lot classes, locations, parties) are URIs: GS1 Digital Link or `urn:` forms.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    field_validator,
    model_validator,
)

from passport.custody.vocab import BIZ_STEPS, COC_MODELS, DISPOSITIONS, SOURCE_DEST_TYPES, Material, cbv_bare

BP = "https://w3id.org/battery-passport/vocab#"
EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"

#: Extension keys: namespaced, `prefix:name` (EPCIS 2.0 §7.5 user extensions in JSON-LD).
EXTENSION_KEY = r"^[A-Za-z][A-Za-z0-9_.\-]*:[^/]"

Uri = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$", max_length=500)]
UomCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2,3}$")]
TimeZoneOffset = Annotated[str, StringConstraints(pattern=r"^[+-]([01]\d|2[0-3]):[0-5]\d$")]


class _Model(BaseModel):
    """EPCIS objects: JSON-LD names as aliases; namespaced extensions kept, anything else refused."""

    model_config = ConfigDict(populate_by_name=True, extra="allow", frozen=True, serialize_by_alias=True,
                              json_schema_extra=lambda schema: schema.update(
                                  additionalProperties=False, patternProperties={EXTENSION_KEY: {}}))

    @model_validator(mode="before")
    @classmethod
    def _only_namespaced_extensions(cls, data: Any) -> Any:
        if isinstance(data, dict):
            known = {f.alias or n for n, f in cls.model_fields.items()} | set(cls.model_fields)
            unknown = sorted(k for k in data if k not in known and ":" not in k and k != "@context")
            if unknown:
                raise ValueError(f"unknown field(s) {unknown}: extensions must be namespaced (e.g. 'bp:...')")
        return data


class QuantityElement(_Model):
    """A quantity of a class of objects: for custody, a lot (`epcClass` is the lot's URI, e.g. an LGTIN)."""

    epc_class: Uri = Field(alias="epcClass", description="The lot or product class, as a URI (LGTIN, Digital Link).")
    quantity: float = Field(ge=0, description="How much of it.")
    uom: UomCode | None = Field(default=None, description="UN/CEFACT Rec. 20 unit code (KGM, TNE, EA...).")


class Location(_Model):
    """A read point or business location (an SGLN, a Digital Link with AI 414, or another URI)."""

    id: Uri = Field(description="The location's URI.")


class SourceDestination(_Model):
    """One entry of `sourceList` or `destinationList` (CBV §7.5 types)."""

    type: str = Field(description="owning_party, possessing_party or location.")
    source: Uri | None = Field(default=None, description="The party or location the goods come from.")
    destination: Uri | None = Field(default=None, description="The party or location the goods go to.")

    @field_validator("type")
    @classmethod
    def _cbv_type(cls, value: str) -> str:
        bare = cbv_bare(value, "type")
        if bare not in SOURCE_DEST_TYPES:
            raise ValueError(f"not a CBV source/destination type: {value!r}")
        return bare


class BizTransaction(_Model):
    """A business transaction (order, despatch advice) the event belongs to."""

    type: str | None = Field(default=None, description="CBV business transaction type (po, desadv, inv...).")
    biz_transaction: Uri = Field(alias="bizTransaction", description="The transaction's URI.")


class SensorMetadata(_Model):
    """Who measured, with what, how (EPCIS 2.0 §7.3.8)."""

    time: AwareDatetime | None = Field(default=None, description="When the reading was taken.")
    device_id: Uri | None = Field(default=None, alias="deviceID", description="The measuring device.")
    device_metadata: Uri | None = Field(default=None, alias="deviceMetadata", description="Device data (calibration).")
    raw_data: Uri | None = Field(default=None, alias="rawData", description="Where the raw data is.")
    data_processing_method: Uri | None = Field(default=None, alias="dataProcessingMethod", description="Method.")
    biz_rules: Uri | None = Field(default=None, alias="bizRules", description="Rules applied to the readings.")


class SensorReport(_Model):
    """One reading (EPCIS 2.0 §7.3.8): e.g. the scale's mass reading of a bag."""

    type: str | None = Field(default=None, description="Measurement type (gs1:Mass, Temperature...).")
    device_id: Uri | None = Field(default=None, alias="deviceID", description="Device that produced this reading.")
    time: AwareDatetime | None = Field(default=None, description="When.")
    value: float | None = Field(default=None, description="The reading.")
    min_value: float | None = Field(default=None, alias="minValue", description="Minimum over the interval.")
    max_value: float | None = Field(default=None, alias="maxValue", description="Maximum over the interval.")
    mean_value: float | None = Field(default=None, alias="meanValue", description="Mean over the interval.")
    s_dev: float | None = Field(default=None, alias="sDev", description="Standard deviation.")
    uom: UomCode | None = Field(default=None, description="UN/CEFACT Rec. 20 unit code.")
    string_value: str | None = Field(default=None, alias="stringValue", description="A textual reading.")
    boolean_value: bool | None = Field(default=None, alias="booleanValue", description="A yes/no reading.")
    uri_value: Uri | None = Field(default=None, alias="uriValue", description="A reading that is a URI.")
    component: str | None = Field(default=None, description="Component measured (x, y, z...).")
    chemical_substance: Uri | None = Field(default=None, alias="chemicalSubstance", description="Assayed substance.")
    exception: str | None = Field(default=None, description="ALARM_CONDITION or ERROR_CONDITION.")


class SensorElement(_Model):
    """A set of readings with their metadata."""

    sensor_metadata: SensorMetadata | None = Field(default=None, alias="sensorMetadata", description="Metadata.")
    sensor_report: list[SensorReport] = Field(alias="sensorReport", min_length=1, description="The readings.")


class MaterialContent(_Model):
    """How much of one traced material a lot holds: a grade/purity (mass fraction) or a mass."""

    material: Material = Field(description="Co, Li, Ni, graphite (natural), Sn, Ta, W or mica.")
    mass_fraction: float | None = Field(default=None, alias="massFraction", gt=0, le=1,
                                        description="Grade or purity: kg of the material per kg of lot.")
    mass_kg: float | None = Field(default=None, alias="massKg", gt=0, description="kg of the material in the lot.")
    monitored_mass_kg: float | None = Field(
        default=None, alias="monitoredMassKg", ge=0,
        description="Mass-balance claim: kg of monitored-origin material booked to this lot (drawn from credits).")

    @model_validator(mode="after")
    def _one_measure(self) -> MaterialContent:
        if (self.mass_fraction is None) == (self.mass_kg is None):
            raise ValueError("give exactly one of massFraction and massKg")
        return self


class LotContent(_Model):
    """Lot master data (our ILMD extension): what a new lot is, its tag, mass and material content."""

    lot: Uri = Field(description="The lot this describes: an epcClass of the quantity lists, or an EPC.")
    product: str | None = Field(default=None, max_length=200, description="Mineral or product (heterogenite ore...).")
    tag_id: Uri | None = Field(default=None, alias="tagId", description="The pre-issued tag on the bag (origin lots).")
    net_mass_kg: float | None = Field(default=None, alias="netMassKg", gt=0,
                                      description="Mass of a serialised item (counted in EA), in kg.")
    materials: list[MaterialContent] = Field(default_factory=list, description="Traced material content.")


class Ilmd(_Model):
    """Instance/lot master data (EPCIS 2.0 §7.3.6), holding our lot contents."""

    lot_content: list[LotContent] = Field(default_factory=list, alias="bp:lotContent",
                                          description="One entry per lot created by the event.")


class DeclaredYield(_Model):
    """The yield a processor declares for one material: output material mass over input material mass."""

    material: Material = Field(description="The material.")
    yield_: float = Field(alias="yield", gt=0, le=1.05, description="Declared yield (0-1).")


class _Event(_Model):
    """Fields common to all EPCIS event types (EPCIS 2.0 §7.4.1) and our `bp:` extensions."""

    context: Any = Field(default=None, alias="@context", exclude=True, description="JSON-LD context (ignored).")
    event_id: Uri = Field(alias="eventID", description="The event's URI (urn:uuid:... or ni:///sha-256;...).")
    event_time: AwareDatetime = Field(alias="eventTime", description="When it happened, with its offset.")
    event_time_zone_offset: TimeZoneOffset = Field(alias="eventTimeZoneOffset", description="Local offset, ±hh:mm.")
    record_time: AwareDatetime | None = Field(default=None, alias="recordTime", description="When it was recorded.")
    biz_step: str | None = Field(default=None, alias="bizStep", description="CBV business step.")
    disposition: str | None = Field(default=None, description="CBV disposition.")
    read_point: Location | None = Field(default=None, alias="readPoint", description="Where it was observed.")
    biz_location: Location | None = Field(default=None, alias="bizLocation", description="Where the goods are now.")
    biz_transaction_list: list[BizTransaction] = Field(default_factory=list, alias="bizTransactionList",
                                                       description="Business transactions.")
    source_list: list[SourceDestination] = Field(default_factory=list, alias="sourceList", description="From whom.")
    destination_list: list[SourceDestination] = Field(default_factory=list, alias="destinationList",
                                                      description="To whom.")
    sensor_element_list: list[SensorElement] = Field(default_factory=list, alias="sensorElementList",
                                                     description="Sensor readings (scales, assays).")
    recorder: Uri | None = Field(default=None, alias="bp:recorder",
                                 description="The person or device that recorded the event (pseudonymous URI).")
    chain_of_custody: Literal["identity_preserved", "segregated", "mass_balance"] | None = Field(
        default=None, alias="bp:chainOfCustody", description="Chain-of-custody model of the lots this event creates.")

    @field_validator("biz_step")
    @classmethod
    def _biz_step(cls, value: str | None) -> str | None:
        if value is None:
            return None
        bare = cbv_bare(value, "bizStep")
        if bare not in BIZ_STEPS and ":" not in bare:
            raise ValueError(f"not a CBV business step: {value!r}")
        return bare

    @field_validator("disposition")
    @classmethod
    def _disposition(cls, value: str | None) -> str | None:
        if value is None:
            return None
        bare = cbv_bare(value, "disposition")
        if bare not in DISPOSITIONS and ":" not in bare:
            raise ValueError(f"not a CBV disposition: {value!r}")
        return bare

    def party(self, kind: Literal["source", "destination"]) -> str | None:
        """The owning party of `sourceList` or `destinationList`, if the event names one."""
        items = self.source_list if kind == "source" else self.destination_list
        for item in items:
            if item.type == "owning_party":
                return item.source if kind == "source" else item.destination
        return None


Action = Literal["ADD", "OBSERVE", "DELETE"]


class ObjectEvent(_Event):
    """Something happened to objects: commissioning of bags at a mine (ADD), a weighing (OBSERVE)..."""

    type: Literal["ObjectEvent"] = Field(default="ObjectEvent", description="Event type.")
    action: Action = Field(description="ADD (created), OBSERVE (seen), DELETE (ceased to exist).")
    epc_list: list[Uri] = Field(default_factory=list, alias="epcList", description="Serialised objects.")
    quantity_list: list[QuantityElement] = Field(default_factory=list, alias="quantityList", description="Lots.")
    ilmd: Ilmd | None = Field(default=None, description="Master data of lots created (action ADD).")


class AggregationEvent(_Event):
    """Objects packed into (ADD) or unpacked from (DELETE) a parent, e.g. bags into a container."""

    type: Literal["AggregationEvent"] = Field(default="AggregationEvent", description="Event type.")
    action: Action = Field(description="ADD (packed), OBSERVE, DELETE (unpacked).")
    parent_id: Uri | None = Field(default=None, alias="parentID", description="The container or parent lot.")
    child_epcs: list[Uri] = Field(default_factory=list, alias="childEPCs", description="Serialised children.")
    child_quantity_list: list[QuantityElement] = Field(default_factory=list, alias="childQuantityList",
                                                       description="Child lots.")
    lot_content: list[LotContent] = Field(default_factory=list, alias="bp:lotContent",
                                          description="Master data of lots created (the parent, or children on DELETE).")


class TransactionEvent(_Event):
    """Objects change hands in a business transaction: custody passes from source to destination party."""

    type: Literal["TransactionEvent"] = Field(default="TransactionEvent", description="Event type.")
    action: Action = Field(description="ADD (associated with the transaction), OBSERVE, DELETE.")
    parent_id: Uri | None = Field(default=None, alias="parentID", description="A container, if any.")
    epc_list: list[Uri] = Field(default_factory=list, alias="epcList", description="Serialised objects.")
    quantity_list: list[QuantityElement] = Field(default_factory=list, alias="quantityList", description="Lots.")

    @model_validator(mode="after")
    def _has_transaction(self) -> TransactionEvent:
        if not self.biz_transaction_list:
            raise ValueError("a TransactionEvent needs bizTransactionList (EPCIS 2.0 §7.4.5)")
        return self


class TransformationEvent(_Event):
    """Inputs consumed, outputs produced: refining, precursor and cathode synthesis, cell making."""

    type: Literal["TransformationEvent"] = Field(default="TransformationEvent", description="Event type.")
    transformation_id: Uri | None = Field(default=None, alias="transformationID",
                                          description="Links several events of one transformation.")
    input_epc_list: list[Uri] = Field(default_factory=list, alias="inputEPCList", description="Inputs consumed whole.")
    input_quantity_list: list[QuantityElement] = Field(default_factory=list, alias="inputQuantityList",
                                                       description="Input lots and how much of each.")
    output_epc_list: list[Uri] = Field(default_factory=list, alias="outputEPCList", description="Serialised outputs.")
    output_quantity_list: list[QuantityElement] = Field(default_factory=list, alias="outputQuantityList",
                                                        description="Output lots.")
    ilmd: Ilmd | None = Field(default=None, description="Master data of the outputs.")
    declared_yield: list[DeclaredYield] = Field(default_factory=list, alias="bp:declaredYield",
                                                description="Yields the processor declares, per material.")

    @model_validator(mode="after")
    def _has_inputs_and_outputs(self) -> TransformationEvent:
        if not (self.input_epc_list or self.input_quantity_list):
            raise ValueError("a TransformationEvent needs inputs")
        if not (self.output_epc_list or self.output_quantity_list):
            raise ValueError("a TransformationEvent needs outputs")
        return self


class AssociationEvent(_Event):
    """Components assembled into a composite (UNTP: cells into a pack); the parent carries their materials."""

    type: Literal["AssociationEvent"] = Field(default="AssociationEvent", description="Event type.")
    action: Action = Field(description="ADD (assembled), OBSERVE, DELETE (disassembled).")
    parent_id: Uri = Field(alias="parentID", description="The composite (e.g. the battery pack).")
    child_epcs: list[Uri] = Field(default_factory=list, alias="childEPCs", description="Serialised components.")
    child_quantity_list: list[QuantityElement] = Field(default_factory=list, alias="childQuantityList",
                                                       description="Component lots.")
    lot_content: list[LotContent] = Field(default_factory=list, alias="bp:lotContent",
                                          description="Master data of the composite (its net mass).")


Event = Annotated[
    Union[ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, AssociationEvent],
    Field(discriminator="type"),
]
EVENT_TYPES: tuple[type[_Event], ...] = (ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent,
                                         AssociationEvent)
event_adapter: TypeAdapter[Any] = TypeAdapter(Event)


class EpcisBody(_Model):
    event_list: list[Event] = Field(alias="eventList", description="The events.")


class EPCISDocument(_Model):
    """An EPCIS 2.0 document: the JSON-LD file trading partners exchange."""

    context: Any = Field(default=EPCIS_CONTEXT, alias="@context", description="JSON-LD context.")
    type: Literal["EPCISDocument"] = Field(default="EPCISDocument", description="Document type.")
    schema_version: str = Field(default="2.0", alias="schemaVersion", description="EPCIS version.")
    creation_date: datetime = Field(alias="creationDate", description="When the document was made.")
    epcis_body: EpcisBody = Field(alias="epcisBody", description="The events.")


def parse_event(data: dict[str, Any]) -> Any:
    """One event from its EPCIS 2.0 JSON-LD form (raises pydantic.ValidationError)."""
    return event_adapter.validate_python(data)


def dump_event(event: _Event) -> dict[str, Any]:
    """The EPCIS 2.0 JSON-LD form of an event (without empty lists or nulls)."""
    data = event.model_dump(mode="json", by_alias=True, exclude_none=True)
    return {k: v for k, v in data.items() if v != [] and k != "@context"}


__all__ = [
    "BP", "COC_MODELS", "AggregationEvent", "AssociationEvent", "BizTransaction", "EPCISDocument", "Event",
    "Ilmd", "Location", "LotContent", "MaterialContent", "ObjectEvent", "QuantityElement", "SensorElement",
    "SensorMetadata", "SensorReport", "SourceDestination", "TransactionEvent", "TransformationEvent",
    "dump_event", "parse_event",
]
