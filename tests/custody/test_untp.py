"""UNTP Digital Traceability Event export/import: the shape UNTP documents, and a lossless round trip."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

import passport
from passport.application.demo.custody.chains import all_contributions
from passport.custody.credential import event_credential, events_from_credential
from passport.custody.untp import from_untp_event, to_untp_event
from passport.custody.untp_model import check_dte
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
    assert shipped["action"] == "add"
    assert shipped["quantityList"] == [{"productId": "urn:example:tag:1", "productName": "urn:example:tag:1",
                                        "quantity": 48.5, "uom": "KGM"}]
    assert (shipped["sourceParty"], shipped["destinationParty"]) == ("urn:example:a", "urn:example:b")
    assert shipped["bizTransaction"] == "urn:example:desadv:1"
    made = to_untp_event(_examples()[5])
    assert made["parentEPC"] == {"type": ["Item"], "id": "https://id.gs1.org/01/09506000134376/21/P1",
                                 "name": "https://id.gs1.org/01/09506000134376/21/P1"}


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


# --- conformance to the UNTP DTE data model (working version) ------------------------------------------------

UNTP_DTE = "https://test.uncefact.org/vocabulary/untp/dte/working/"
UNTP_CORE = "https://test.uncefact.org/vocabulary/untp/core/working/"


def _credential() -> dict:
    return event_credential(_examples(), issuer="did:example:issuer", issuer_name="Example Refining Ltd",
                            credential_id="urn:uuid:0c6d5a3e-2b7e-4d3b-9b0a-5f2f1d8f0c11")


def test_credential_has_untp_context_first_and_our_extensions_after_it():
    credential = _credential()
    assert credential["@context"] == ["https://www.w3.org/ns/credentials/v2", UNTP_DTE,
                                      "https://w3id.org/battery-passport/custody/v2"]
    assert credential["issuer"] == {"type": ["CredentialIssuer"], "id": "did:example:issuer",
                                    "name": "Example Refining Ltd"}
    check_dte(credential)


def test_every_example_custody_contribution_conforms_to_untp_dte():
    contributions = all_contributions()
    assert len(contributions) >= 20
    for contribution in contributions:
        check_dte(event_credential(contribution.events, issuer="did:example:issuer", issuer_name="Actor"))


@pytest.mark.parametrize(("change", "where"), [
    (lambda c: c.__setitem__("issuer", "did:example:issuer"), ("issuer",)),
    (lambda c: c["issuer"].pop("name"), ("issuer", "name")),
    (lambda c: c.__setitem__("@context", [c["@context"][0], c["@context"][2], c["@context"][1]]), ("@context",)),
    (lambda c: c["credentialSubject"][1].__setitem__("action", "OBSERVE"), ("credentialSubject", 1, "ObjectEvent", "action")),
    (lambda c: c["credentialSubject"][2].pop("sourceParty"), ("credentialSubject", 2, "TransactionEvent", "sourceParty")),
    (lambda c: c["credentialSubject"][2]["quantityList"][0].pop("productName"),
     ("credentialSubject", 2, "TransactionEvent", "quantityList", 0, "productName")),
    (lambda c: c["credentialSubject"][5]["parentEPC"].__setitem__("bp:x", 1), ("credentialSubject", 5, "AssociationEvent", "parentEPC", "bp:x")),
])
def test_the_untp_model_names_what_does_not_conform(change, where):
    credential = _credential()
    change(credential)
    with pytest.raises(ValidationError) as info:
        check_dte(credential)
    assert [e["loc"] for e in info.value.errors()] == [where]


def test_untp_terms_expand_to_untp_iris_and_only_extensions_to_ours():
    """The shipped DTE context puts UNTP's terms at UNTP's IRIs (expected IRIs written from the UNTP vocabulary)."""
    nquads = passport.canonicalize(_credential())
    predicates = {line.split(" ")[1] for line in nquads.splitlines()}
    for term in ("eventTime", "bizStep", "disposition", "action", "quantityList", "quantity", "uom",
                 "parentEPC", "childQuantityList", "inputQuantityList", "outputQuantityList", "processType"):
        assert f"<{UNTP_DTE}{term}>" in predicates, term
    assert f"<{UNTP_CORE}sourceParty>" in predicates and f"<{UNTP_CORE}productId>" in predicates
    assert "<https://schema.org/productName>" in predicates
    ours = {p for p in predicates if "battery-passport/vocab#" in p}
    assert ours == {f"<https://w3id.org/battery-passport/vocab#{t}>" for t in (
        "readPoint", "recorder", "lotContent", "lot", "product", "materials", "material", "massFraction",
        "chainOfCustody", "declaredYield", "yield", "bizTransactionType", "netMassKg")}
    assert f"<{UNTP_DTE}TransactionEvent>" in nquads
    assert f"<{UNTP_DTE}actionCode#add>" in nquads
    assert "<https://ref.gs1.org/cbv/BizStep-shipping>" in nquads
    assert "<https://vocabulary.uncefact.org/UnitMeasureCode#KGM>" in nquads


def test_credentials_in_the_untp_05_spelling_still_import():
    event = to_untp_event(_examples()[2])
    event["sourcePartyId"], event["destinationPartyId"] = event.pop("sourceParty"), event.pop("destinationParty")
    event["action"] = "Add"
    assert from_untp_event(event) == _examples()[2]
