"""`passport custody event new`: lots typed or read from a CSV become EPCIS events in an unsigned UNTP DTE
credential; every bad lot or row is named."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from passport.custody.credential import events_from_credential
from passport.custody.drafting import EventDraft, draft_credential, parse_lot_spec, read_lots_csv
from passport.errors import InputError

WHEN = datetime(2026, 3, 1, 8, tzinfo=timezone.utc)
SITE = "urn:epc:id:sgln:9520003.00001.0"


def test_a_lot_spec_keeps_colons_in_the_lot_id():
    spec = parse_lot_spec("urn:epc:class:lgtin:9520003.0400001.RF-1=1250.5:Co=0.21,Ni=0.02", field_name="--lot 1")
    assert (spec.lot, spec.kg, spec.grades) == ("urn:epc:class:lgtin:9520003.0400001.RF-1", 1250.5,
                                                {"Co": 0.21, "Ni": 0.02})


@pytest.mark.parametrize("text", ["no-uri=5", "urn:x:y=-1", "urn:x:y=5:Co=1.5", "urn:x:y=5:Unobtainium=0.1",
                                  "urn:x:y=heavy"])
def test_bad_lot_specs_name_the_option(text):
    with pytest.raises(InputError) as info:
        parse_lot_spec(text, field_name="--lot 2")
    assert info.value.code == "INVALID_LOT_SPEC" and info.value.details["field"] == "--lot 2"


def test_a_csv_names_every_bad_row_at_once():
    text = "lot,kg,role,Co\nurn:a:1,100,input,0.3\nurn:a:2,x,input,\nurn:a:3,5,sideways,\nnot-a-uri,5,output,0.1\n"
    with pytest.raises(InputError) as info:
        read_lots_csv(text, source="lots.csv")
    assert info.value.code == "INVALID_LOTS_CSV"
    assert [p["row"] for p in info.value.details["problems"]] == [3, 4, 5]


def test_a_transformation_from_a_csv_is_a_dte_credential_whose_events_read_back():
    lots = read_lots_csv("lot,kg,role,Co\nurn:a:in,500,input,\nurn:a:out,300,output,0.4\n", source="lots.csv")
    credential = draft_credential([EventDraft(type="transformation", site=SITE, when=WHEN, lots=lots,
                                              recorder="urn:epc:id:pgln:9520003.00001")],
                                  issuer="did:web:refiner.example", issuer_name="Refiner X Oy")
    assert credential["type"] == ["VerifiableCredential", "DigitalTraceabilityEvent"] and "proof" not in credential
    assert credential["issuer"]["name"] == "Refiner X Oy"
    (event,) = events_from_credential(credential)
    assert [(q.epc_class, q.quantity) for q in event.input_quantity_list] == [("urn:a:in", 500.0)]
    assert [(q.epc_class, q.quantity) for q in event.output_quantity_list] == [("urn:a:out", 300.0)]
    assert event.ilmd.lot_content[0].materials[0].mass_fraction == 0.4


def test_a_transaction_needs_its_parties():
    with pytest.raises(InputError) as info:
        draft_credential([EventDraft(type="transaction", site=SITE, when=WHEN,
                                     lots=[parse_lot_spec("urn:a:1=5", field_name="--lot 1")])],
                         issuer="did:web:x.example", issuer_name=None)
    assert info.value.code == "INVALID_EVENT_DRAFT" and info.value.details["option"] == "--source"
