"""The committed custody JSON Schemas are what the models generate, and they accept what the models accept."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import pytest

from passport.custody.compose import (
    aggregate,
    associate,
    commission,
    content,
    each,
    kg,
    observe,
    ship,
    transform,
)
from passport.custody.events import dump_event, parse_event
from passport.custody.schema import custody_schemas
from schemas import render_json as render
from tests.custody.conftest import at

SCHEMAS = files("schemas") / "json"


@pytest.mark.parametrize("name", sorted(custody_schemas()))
def test_committed_schema_is_regenerated_identically(name):
    assert (SCHEMAS / name).read_text(encoding="utf-8") == render(custody_schemas()[name]), \
        "run `python -m passport.custody.schema` and commit"


def _examples():
    lot = "urn:epc:class:lgtin:9520003.000001.L1"
    return [
        commission("urn:example:1", at(1), "urn:example:site", [("urn:example:tag:1", 48.5, content(
            "urn:example:tag:1", {"Co": 0.12}, product="heterogenite ore"))], recorder="urn:example:person:3"),
        observe("urn:example:2", at(1), "urn:example:site", [("urn:example:tag:1", 48.4)]),
        ship("urn:example:3", at(2), [("urn:example:tag:1", 48.5)], source="urn:example:a", destination="urn:example:b",
             transaction="urn:example:desadv:1"),
        transform("urn:example:4", at(3), "urn:example:plant", [kg("urn:example:tag:1", 48.5)],
                  [(kg(lot, 27.0), content(lot, {"Co": 0.2}))], declared_yield={"Co": 0.93}, model="mass_balance"),
        aggregate("urn:example:5", at(3), "urn:example:plant", "urn:example:container", [(lot, 27.0)]),
        associate("urn:example:6", at(4), "urn:example:plant", "https://id.gs1.org/01/09506000134376/21/P1",
                  [each("urn:example:cells", 288)], net_mass_kg=445.0),
    ]


def _schema_for(event) -> dict:
    kind = "-".join(w.lower() for w in __import__("re").findall("[A-Z][a-z]+", event.type))
    return custody_schemas()[f"custody-{kind}.schema.json"]


@pytest.mark.parametrize("event", _examples(), ids=lambda e: e.type)
def test_events_validate_against_their_schema_and_round_trip(event):
    data = json.loads(json.dumps(dump_event(event)))
    jsonschema.Draft202012Validator(_schema_for(event)).validate(data)
    assert parse_event(data) == event


def test_schema_and_model_refuse_an_unnamespaced_extension():
    data = dump_event(_examples()[0]) | {"grade": 0.12}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(_schema_for(_examples()[0])).validate(data)
    with pytest.raises(ValueError):
        parse_event(data)
    assert parse_event(dump_event(_examples()[0]) | {"acme:grade": 0.12}).model_extra == {"acme:grade": 0.12}


def test_cbv_spellings_are_normalised():
    data = dump_event(_examples()[2]) | {"bizStep": "https://ref.gs1.org/cbv/BizStep-shipping",
                                         "disposition": "urn:epcglobal:cbv:disp:in_transit"}
    event = parse_event(data)
    assert (event.biz_step, event.disposition) == ("shipping", "in_transit")
    with pytest.raises(ValueError):
        parse_event(data | {"bizStep": "teleporting"})
