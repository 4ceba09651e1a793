"""Generated artefacts: the committed JSON Schemas and JSON-LD context equal what the model generates, the
context defines every field, and a full credential becomes RDF with every value typed and no term dropped."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import pytest

from passport.jsonld import DocumentLoader, to_rdf
from passport.model import CONTEXT_URL, VOCAB, Passport, build_context, to_credential
from passport.model.context import CONTEXT_FILE, vc2_terms
from passport.model.schema import CREATE_SCHEMA_FILE, CREDENTIAL_SCHEMA_FILE, PASSPORT_SCHEMA_FILE, artefacts
from passport.model.tree import models, walk

from tests.model.conftest import load_example

SCHEMAS = files("schemas")
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize("relative", sorted(artefacts()))
def test_committed_artefact_equals_the_generated_one(relative):
    committed = (SCHEMAS / relative).read_text(encoding="utf-8")
    assert committed == artefacts()[relative], f"regenerate with `python -m passport.model` ({relative})"


def test_context_is_registered_in_the_shipped_index():
    index = json.loads((SCHEMAS / "contexts" / "index.json").read_text(encoding="utf-8"))
    assert index[CONTEXT_URL] == CONTEXT_FILE


def test_every_model_field_has_a_protected_term_in_our_namespace():
    context = build_context()["@context"]
    assert context["@protected"] is True and "@vocab" not in context
    for node in walk(Passport):
        alias = node.spec.alias
        if alias == "id":
            continue
        assert context[alias]["@id"] == VOCAB + alias
    terms = {k for k in context if not k.startswith("@")}
    assert {"evidence", "name", "issuer"} <= vc2_terms() and terms.isdisjoint(vc2_terms())
    assert all(definition["@id"].startswith(VOCAB) for key, definition in context.items() if not key.startswith("@"))


def test_terms_are_typed_from_the_model():
    context = build_context()["@context"]
    assert context["ratedCapacityAh"]["@type"] == XSD + "decimal"
    assert context["expectedLifetimeCycles"]["@type"] == XSD + "integer"
    assert context["dateOfManufacture"]["@type"] == XSD + "date"
    assert context["measuredAt"]["@type"] == XSD + "dateTime"
    assert context["studyUrl"]["@type"] == "@id"
    assert "@type" not in context["chemistry"] and "@type" not in context["generalProductInformation"]


def test_examples_validate_against_the_generated_json_schemas():
    create = json.loads((SCHEMAS / "json" / CREATE_SCHEMA_FILE).read_text(encoding="utf-8"))
    full = json.loads((SCHEMAS / "json" / PASSPORT_SCHEMA_FILE).read_text(encoding="utf-8"))
    for name in ("nmc811-ev-pack", "lfp-industrial-storage"):
        data = load_example(name)
        jsonschema.Draft202012Validator(create).validate(data)
        errors = list(jsonschema.Draft202012Validator(full).iter_errors(data))
        assert [e.message for e in errors] == ["'id' is a required property"]


def test_a_credential_validates_against_the_credential_schema(example_passport):
    from datetime import UTC, datetime
    schema = json.loads((SCHEMAS / "json" / CREDENTIAL_SCHEMA_FILE).read_text(encoding="utf-8"))
    credential = to_credential(example_passport, issuer="did:example:maker", id="urn:uuid:1",
                               valid_from=datetime(2026, 11, 25, tzinfo=UTC))
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(credential)
    credential["credentialSubject"]["performanceAndDurability"]["ratedCapacityAh"] = 214.0
    assert not validator.is_valid(credential)


def test_schema_fields_carry_access_group_and_annex_point():
    schema = json.loads((SCHEMAS / "json" / PASSPORT_SCHEMA_FILE).read_text(encoding="utf-8"))
    status = schema["$defs"]["GeneralProductInformation"]["properties"]["batteryStatus"]
    assert (status["accessGroup"], status["annexXIII"]) == ("legitimate_interest", ["4(c)"])
    assert schema["properties"]["testReports"]["accessGroup"] == "authority"


def test_a_full_credential_becomes_rdf_with_every_attribute_and_typed_values(example_passport):
    from datetime import UTC, datetime
    credential = to_credential(example_passport, issuer="did:example:maker", id="urn:uuid:1",
                               valid_from=datetime(2026, 11, 25, tzinfo=UTC))
    quads = to_rdf(credential, loader=DocumentLoader())
    predicates = {q.predicate for q in quads}
    present = {node.spec.alias for node in walk(Passport) if node.spec.alias != "id"} & _keys(credential["credentialSubject"])
    assert {f"<{VOCAB}{alias}>" for alias in present} <= predicates
    text = "\n".join(str(q.object) for q in quads)
    assert f'"214"^^<{XSD}decimal>' in text or f'"280"^^<{XSD}decimal>' in text
    assert f"^^<{XSD}double>" not in text


def _keys(node) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for value in node.values() for k in _keys(value)}
    if isinstance(node, list):
        return {k for value in node for k in _keys(value)}
    return set()


def test_every_model_is_reachable_and_small_enough_to_read():
    assert len(models(Passport)) >= 30


def test_no_list_may_be_empty():
    """An empty JSON array has no RDF triple, so it would escape the signature: 'none' is an absent list."""
    lists = [node for node in walk(Passport) if node.spec.is_list]
    assert len(lists) > 20
    for node in lists:
        info = node.spec.model.model_fields[node.spec.name]
        assert any(getattr(m, "min_length", 0) >= 1 for m in info.metadata), "/".join(node.path)


def test_write_artefacts_writes_every_generated_file(tmp_path):
    from passport.model.schema import write_artefacts
    written = write_artefacts(tmp_path)
    assert sorted(str(p.relative_to(tmp_path)) for p in written) == sorted(artefacts())
    assert all(p.read_text(encoding="utf-8") == artefacts()[str(p.relative_to(tmp_path))] for p in written)
