"""UNTP Digital Traceability Event export/import: the shape UNTP documents, and a lossless round trip."""

from __future__ import annotations

import pytest

from passport.custody.credential import event_credential, events_from_credential
from passport.custody.untp import from_untp_event, to_untp_event
from passport.errors import InputError
from tests.custody.test_schema import _examples


@pytest.mark.parametrize("event", _examples(), ids=lambda e: e.type)
def test_export_then_import_gives_the_same_event(event):
    assert from_untp_event(to_untp_event(event)) == event


def test_export_uses_untp_names_and_cbv_uris():
    shipped = to_untp_event(_examples()[2])
    assert shipped["type"] == ["TransactionEvent", "Event"]
    assert shipped["bizStep"] == "https://ref.gs1.org/cbv/BizStep-shipping"
    assert shipped["disposition"] == "https://ref.gs1.org/cbv/Disp-in_transit"
    assert shipped["quantityList"] == [{"productId": "urn:example:tag:1", "quantity": 48.5, "uom": "KGM"}]
    assert (shipped["sourcePartyId"], shipped["destinationPartyId"]) == ("urn:example:a", "urn:example:b")
    assert shipped["bizTransaction"] == "urn:example:desadv:1"
    made = to_untp_event(_examples()[5])
    assert made["parentEPC"] == {"type": ["Item"], "id": "https://id.gs1.org/01/09506000134376/21/P1"}


def test_imports_the_untp_specification_sample():
    """The transformation event of the UNTP DTE page (v0.5), with its offset-less eventTime read as UTC."""
    sample = {
        "type": ["TransformationEvent", "Event"],
        "id": "https://events.sample.com/b681df10-c682-454a-b11b-d0b9374c01bd",
        "processType": "Cell Manufacture", "eventTime": "2024-09-01T12:00:00", "action": "Add",
        "disposition": "https://ref.gs1.org/cbv/Disp-active",
        "bizStep": "https://ref.gs1.org/cbv/BizStep-commissioning", "bizLocation": "https://plus.codes/8CGRC78W+MM",
        "outputEPCList": [{"type": ["Item"], "id": "https://id.gs1.org/01/09520123456788/21/12345",
                           "name": "EV battery 300Ah."}],
        "inputEPCList": [{"type": ["Item"], "id": "https://id.gs1.org/01/09520123456788/21/99876"}],
        "inputQuantityList": [{"productId": "https://id.gs1.org/01/095201299876", "productName": "Lithium electrolyte",
                               "quantity": 2, "uom": "KGM"}],
    }
    event = from_untp_event(sample)
    assert event.type == "TransformationEvent"
    assert event.biz_step == "commissioning" and event.event_time_zone_offset == "+00:00"
    assert event.input_quantity_list[0].epc_class == "https://id.gs1.org/01/095201299876"
    assert event.output_epc_list == ["https://id.gs1.org/01/09520123456788/21/12345"]


def test_credential_carries_several_events_in_order():
    credential = event_credential(_examples(), issuer="did:example:issuer")
    assert credential["type"] == ["VerifiableCredential", "DigitalTraceabilityEvent"]
    assert events_from_credential(credential) == _examples()


def test_a_bad_event_is_named_by_its_pointer():
    credential = event_credential(_examples()[:2], issuer="did:example:issuer")
    del credential["credentialSubject"][1]["eventTime"]
    with pytest.raises(InputError) as info:
        events_from_credential(credential)
    assert info.value.code == "INVALID_EVENT"
    assert info.value.details["pointer"] == "/credentialSubject/1"
