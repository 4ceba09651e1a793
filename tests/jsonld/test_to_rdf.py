"""JSON-LD -> RDF: nothing the reader sees may be left out of what gets signed; numbers as jsonld.js writes them."""

from __future__ import annotations

from typing import Any

import pytest

from passport.errors import JsonLdError
from passport.jsonld import DocumentLoader, Quad, canonicalize, to_rdf

V2 = "https://www.w3.org/ns/credentials/v2"
EXAMPLES = "https://www.w3.org/ns/credentials/examples/v2"
XSD = "http://www.w3.org/2001/XMLSchema#"


def credential(**subject: Any) -> dict[str, Any]:
    return {"@context": [V2], "id": "urn:uuid:0b0c", "type": ["VerifiableCredential"], "issuer": "did:example:i",
            "credentialSubject": {"id": "did:example:s", **subject}}


def _error(document: Any, loader: DocumentLoader | None = None) -> JsonLdError:
    with pytest.raises(JsonLdError) as info:
        to_rdf(document, loader=loader)
    return info.value


def test_defined_credential_converts() -> None:
    quads = to_rdf(credential())
    assert Quad("<urn:uuid:0b0c>", "<https://www.w3.org/2018/credentials#issuer>", "<did:example:i>") in quads
    assert all(isinstance(q, Quad) for q in quads) and len(set(quads)) == len(quads) == 3


def test_undefined_property_is_refused_with_a_pointer() -> None:
    error = _error(credential(foo="bar"))
    assert error.code == "UNDEFINED_TERM"
    assert error.details == {"pointer": "/credentialSubject/foo", "term": "foo"}


def test_undefined_property_inside_an_array_and_escaped_key() -> None:
    document = credential()
    document["credentialSubject"] = [{"id": "did:example:a"}, {"id": "did:example:b", "a/b~c": 1}]
    assert _error(document).details["pointer"] == "/credentialSubject/1/a~1b~0c"


def test_undefined_type_is_refused_with_a_pointer() -> None:
    document = {**credential(), "type": ["VerifiableCredential", "BatteryPassport"]}
    error = _error(document)
    assert error.code == "UNDEFINED_TERM"
    assert error.details == {"pointer": "/type/1", "term": "BatteryPassport"}


def test_undefined_type_of_a_nested_node() -> None:
    error = _error(credential(type="Battery"))
    assert error.details["pointer"] == "/credentialSubject/type"


def test_relative_id_is_refused() -> None:
    error = _error({**credential(), "id": "passport-1"})
    assert (error.code, error.details) == ("RELATIVE_IRI", {"pointer": "/id"})


def test_relative_iri_value_is_refused() -> None:
    error = _error({**credential(), "issuer": "issuer-1"})
    assert (error.code, error.details) == ("RELATIVE_IRI", {"pointer": "/issuer"})


def test_term_defined_in_an_extra_context_is_accepted(test_loader: DocumentLoader) -> None:
    document = {**credential(alumniOf="Example University"), "@context": [V2, EXAMPLES]}
    assert any(q.predicate == f"<{EXAMPLES.replace('/v2', '#')}alumniOf>" for q in to_rdf(document, loader=test_loader))


def test_plain_pyld_would_have_dropped_the_term() -> None:
    """The reason safe mode exists: the same document canonicalizes without `foo` in plain JSON-LD."""
    from pyld import jsonld

    nquads = jsonld.normalize(credential(foo="bar"), {"algorithm": "URDNA2015", "format": "application/n-quads",
                                                      "documentLoader": DocumentLoader()})
    assert "bar" not in nquads


def test_unknown_keyword_like_key_is_refused() -> None:
    assert _error(credential(**{"@foo": 1})).code == "UNDEFINED_TERM"


def test_invalid_json_ld_is_translated() -> None:
    error = _error({"@context": {"a": {"@id": 5}}, "a": 1})
    assert isinstance(error, JsonLdError) and error.code == "INVALID_IRI_MAPPING"


def _number_literals(values: list[Any], datatype: str | None = None) -> list[str]:
    term: dict[str, Any] = {"@id": "urn:n"} if datatype is None else {"@id": "urn:n", "@type": datatype}
    document = {"@context": {"n": term}, "@graph": [{"@id": f"urn:s{i}", "n": v} for i, v in enumerate(values)]}
    return [q.object for q in sorted(to_rdf(document), key=lambda q: int(q.subject[6:-1]))]


def test_numbers_are_written_as_jsonld_js_writes_them() -> None:
    """Expected values produced by jsonld.js 9.0.0 (Node 20) from the same JSON text."""
    values = [0.088, 5.0, 1e21, 12345678901234567890, 9007199254740993, -0.0, 1.5e-7, 1e-7, -1e-300, 123456.789,
              100, 1.7976931348623157e308, 5e-324, 2.5, 0.30000000000000004, 3014606535077436.5, 99999999999999999999]
    expected = ["8.799999999999999E-2", "5", "1.0E21", "12345678901234567168", "9007199254740992", "0", "1.5E-7",
                "0", "-0", "1.23456789E5", "100", "1.797693134862316E308", "0", "2.5E0",
                "3.0E-1", "3.014606535077437E15", "100000000000000000000"]
    kinds = ["double", "integer", "double", "integer", "integer", "integer", "double", "integer", "integer",
             "double", "integer", "double", "integer", "double", "double", "double", "integer"]
    assert _number_literals(values) == [f'"{v}"^^<{XSD}{k}>' for v, k in zip(expected, kinds, strict=True)]


def test_numbers_coerced_to_a_datatype() -> None:
    assert _number_literals([-0.0, 5, 12345678901234567890], f"{XSD}double") == [
        f'"0.0E0"^^<{XSD}double>', f'"5.0E0"^^<{XSD}double>', f'"1.234567890123457E19"^^<{XSD}double>']
    assert _number_literals([0.5, 7], f"{XSD}decimal") == [f'"5.0E-1"^^<{XSD}decimal>', f'"7"^^<{XSD}decimal>']


def test_non_finite_number_is_refused() -> None:
    error = _error({"@context": {"n": "urn:n"}, "@id": "urn:s", "n": float("inf")})
    assert (error.code, error.details) == ("INVALID_NUMBER", {"pointer": "/n"})


def test_float_values_change_the_canonical_form() -> None:
    assert canonicalize({"@context": {"n": "urn:n"}, "@id": "urn:s", "n": 0.088}) == \
        f'<urn:s> <urn:n> "8.799999999999999E-2"^^<{XSD}double> .\n'


VOCAB = "https://w3id.org/battery-passport/vocab#"


@pytest.mark.parametrize(("document", "code", "pointer"), [
    ({"@context": {"@vocab": VOCAB}, "@id": "urn:x", "status": {"@value": "ok", "@language": "not a tag!"}},
     "INVALID_LANGUAGE_TAG", "/status/@language"),
    ({"@context": {"@vocab": VOCAB}, "@id": "urn:x",
      "status": {"@value": "ok", "@language": f'en .\n<urn:x> <{VOCAB}status> "recalled"@en'}},
     "INVALID_LANGUAGE_TAG", "/status/@language"),
    ({"@context": {"@vocab": VOCAB}, "@id": f'urn:x> <{VOCAB}status> "a" .\n<urn:x', "status": "z"},
     "INVALID_IRI", "/@id"),
    ({"@context": {"@vocab": VOCAB, "ref": {"@type": "@id"}}, "@id": "urn:x", "ref": "urn:a b"},
     "INVALID_IRI", "/ref"),
    ({"@context": {"@vocab": VOCAB, "t": {"@id": "urn:t", "@language": "en us"}}, "@id": "urn:x", "t": "v"},
     "INVALID_LANGUAGE_TAG", "/t"),
    ({"@context": {"@vocab": VOCAB}, "@id": "urn:x", "@type": "urn:a>b"}, "INVALID_IRI", "/@type"),
])
def test_terms_that_n_quads_cannot_carry_are_refused(document: dict[str, Any], code: str, pointer: str) -> None:
    """A language tag or IRI that could end its N-Quads term early would let a value smuggle in a statement."""
    error = _error(document)
    assert (error.code, error.details) == (code, {"pointer": pointer})
