"""The direct JSON-LD -> RDF path against pyld's full algorithm: same dataset, same errors, on every vector."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import passport.jsonld.rdf as to_rdf_module
from passport.errors import JsonLdError
from passport.jsonld import DocumentLoader, canonicalize_quads, to_rdf
from passport.jsonld.rdf import to_rdf_reference
from tests.conftest import VECTORS
from tests.guards import assert_every_entry_selected

V2 = "https://www.w3.org/ns/credentials/v2"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _jsonld_files() -> list[str]:
    found = []
    for path in sorted(VECTORS.glob("vc-*/**/*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(document, dict) and "@context" in document:
            found.append(str(path.relative_to(VECTORS)))
    return found


FILES = _jsonld_files()


def _outcome(function: Any, document: Any, loader: DocumentLoader) -> str:
    """The canonical N-Quads, or the error code: the two paths must agree on one or the other."""
    try:
        return canonicalize_quads(function(document, loader=loader)).nquads
    except JsonLdError as error:
        return f"error {error.code} {error.details.get('pointer', error.details.get('url', ''))}"


# JSON-LD documents among the vendored vc-* vectors (tests/vectors/SOURCES.md): 46 at the commits vendored.
DOCUMENTS_VENDORED = 46


def test_every_vector_document_was_found(request: pytest.FixtureRequest) -> None:
    """A lost vector file or an empty discovery fails here, also when the cases run on other xdist workers."""
    assert len(FILES) == DOCUMENTS_VENDORED
    assert_every_entry_selected(request, "test_vector_documents_give_the_same_dataset", FILES)


@pytest.mark.parametrize("name", FILES, ids=FILES)
def test_vector_documents_give_the_same_dataset(name: str, test_loader: DocumentLoader) -> None:
    document = json.loads((VECTORS / name).read_text(encoding="utf-8"))
    ours = _outcome(to_rdf, document, test_loader)
    assert ours == _outcome(to_rdf_reference, document, test_loader)


@pytest.mark.parametrize("name", [
    "vc-di-eddsa/TestVectors/eddsa-rdfc-2022/signedDataInt.json",
    "vc-di-eddsa/TestVectors/eddsa-rdfc-2022/employ/signedDataInt.json",
    "vc-di-eddsa/TestVectors/proof-set-chain/signedProofChain2.json",
    "vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p384/employ/signedECDSAP384.json",
    "vc-di-ecdsa/TestVectors/prCredUnsigned.json",
    "vc-bitstring-status-list/examples/example04-A-Revocable-Verifiable-Credential.json",
])
def test_credentials_take_the_direct_path(name: str, test_loader: DocumentLoader,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Signed credentials (type-scoped contexts, `proof` @graph containers, lists) never need the slow path."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("fell back to pyld's full algorithm")

    monkeypatch.setattr(to_rdf_module, "_pyld_to_rdf", refuse)
    assert len(to_rdf(json.loads((VECTORS / name).read_text(encoding="utf-8")), loader=test_loader)) > 5


CTX = {"@version": 1.1, "ex": "https://example.org/vocab#", "id": "@id", "type": "@type",
       "name": "ex:name", "tag": {"@id": "ex:tag", "@language": "EN"}, "link": {"@id": "ex:link", "@type": "@id"},
       "kind": {"@id": "ex:kind", "@type": "@vocab"}, "when": {"@id": "ex:when", "@type": f"{XSD}dateTime"},
       "items": {"@id": "ex:items", "@container": "@list"}, "bag": {"@id": "ex:bag", "@container": "@set"},
       "claims": {"@id": "ex:claims", "@container": "@graph"},
       "labels": {"@id": "ex:labels", "@container": "@language"},
       "byKey": {"@id": "ex:byKey", "@container": "@index"},
       "parent": {"@reverse": "ex:child"},
       "data": {"@id": "ex:data", "@type": "@json"},
       "ratio": {"@id": "ex:ratio", "@type": f"{XSD}double"},
       "Thing": "ex:Thing",
       "Scoped": {"@id": "ex:Scoped", "@context": {"inner": "ex:inner", "name": "ex:scopedName"}},
       "wrapper": {"@id": "ex:wrapper", "@context": {"name": "ex:wrappedName"}}}

DOCUMENTS: dict[str, Any] = {
    "plain": {"@context": CTX, "id": "urn:a", "type": "Thing", "name": "A", "tag": "x", "link": "urn:b",
              "kind": "Thing", "when": "2026-01-01T00:00:00Z"},
    "value objects": {"@context": CTX, "id": "urn:a", "name": [{"@value": "A", "@language": "EN-gb"},
                                                               {"@value": "5", "@type": "ex:num"},
                                                               {"@value": None}, {"@value": True},
                                                               {"@value": "r", "@direction": "rtl"}]},
    "nulls and blanks": {"@context": CTX, "name": None, "link": "_:x",
                         "bag": [{"id": "_:x", "name": "same"}, {}, None]},
    "lists": {"@context": CTX, "id": "urn:a", "items": ["a", {"name": "b"}, 3, 0.5],
              "name": {"@list": []}, "bag": {"@set": ["s", "t"]}},
    "single list value": {"@context": CTX, "id": "urn:a", "items": "only"},
    "list of lists": {"@context": CTX, "id": "urn:a", "items": [["a"], ["b", "c"]]},
    "graph container": {"@context": CTX, "id": "urn:a", "claims": [{"id": "urn:c", "name": "in a graph"},
                                                                   {"name": "anonymous"}]},
    "top-level graph": {"@context": CTX, "@graph": [{"id": "urn:a", "name": "A"}, {"id": "urn:b"}, "free"]},
    "named graph": {"@context": CTX, "id": "urn:g", "@graph": [{"id": "urn:a", "name": "A"}]},
    "type-scoped": {"@context": CTX, "id": "urn:a", "type": ["Scoped", "Thing"], "inner": "i", "name": "n",
                    "link": {"id": "urn:b", "name": "not scoped here"}},
    "type-scoped value": {"@context": CTX, "type": "Scoped", "name": {"@value": "v"}},
    "property-scoped": {"@context": CTX, "wrapper": {"name": "w", "link": {"id": "urn:z", "name": "deep"}}},
    "embedded context": {"@context": CTX, "link": {"@context": {"name": "ex:other"}, "id": "urn:b", "name": "o"}},
    "base": {"@context": [CTX, {"@base": "https://example.org/things/"}], "id": "a1", "link": "b2"},
    "language map": {"@context": CTX, "id": "urn:a", "labels": {"en": "Hello", "de": ["Hallo"]}},
    "index map": {"@context": CTX, "id": "urn:a", "byKey": {"k1": {"name": "one"}}},
    "reverse": {"@context": CTX, "id": "urn:a", "parent": {"id": "urn:p"}},
    "json literal": {"@context": CTX, "id": "urn:a", "data": {"b": [1, 2.5, True], "a": None}},
    "double strings": {"@context": CTX, "id": "urn:a", "ratio": ["0.1", 3, "x"]},
    "base direction": {"@context": [CTX, {"rtl": {"@id": "ex:rtl", "@direction": "rtl", "@language": "AR"},
                                          "ltr": {"@id": "ex:ltr", "@direction": "ltr"}}],
                       "id": "urn:a", "rtl": "x", "ltr": ["y", 1],
                       "name": [{"@value": "z", "@direction": "rtl"}, {"@value": "w", "@language": "de", "@direction": "ltr"}]},
    "default direction": {"@context": [CTX, {"@direction": "rtl"}], "id": "urn:a", "name": "x", "tag": "y"},
    "bad direction": {"@context": CTX, "id": "urn:a", "name": {"@value": "z", "@direction": "up"}},
    "numbers": {"@context": CTX, "id": "urn:a", "name": [0.088, 1e21, 5.0, -0.0, 12345678901234567890]},
    "array document": [{"@context": CTX, "id": "urn:a", "name": "A"}, {"@context": CTX, "id": "urn:b", "name": "B"}],
    "undefined property": {"@context": CTX, "id": "urn:a", "nope": 1},
    "undefined nested type": {"@context": CTX, "link": {"type": "Nope"}},
    "relative id": {"@context": CTX, "id": "relative"},
    "relative link": {"@context": CTX, "id": "urn:a", "link": "relative"},
    "protected redefinition": {"@context": [V2, {"VerifiableCredential": "https://example.org/mine"}],
                               "type": "VerifiableCredential"},
    "unknown context": {"@context": "https://example.org/unknown/v1", "name": "x"},
}


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_feature_documents_give_the_same_dataset_or_error(name: str, test_loader: DocumentLoader) -> None:
    document = DOCUMENTS[name]
    assert _outcome(to_rdf, document, test_loader) == _outcome(to_rdf_reference, document, test_loader)


def test_repeated_conversion_reuses_cached_contexts(test_loader: DocumentLoader) -> None:
    document = DOCUMENTS["type-scoped"]
    first = canonicalize_quads(to_rdf(document, loader=test_loader)).nquads
    for _ in range(3):
        assert canonicalize_quads(to_rdf(document, loader=test_loader)).nquads == first


_KEYS = st.sampled_from(["@id", "@type", "@value", "@language", "@list", "@set", "@graph", "@direction", "@index",
                         "id", "type", "name", "tag", "link", "kind", "when", "items", "bag", "claims", "inner",
                         "wrapper", "labels", "ratio", "ex:free", "undefined"])
_SCALARS = (st.none() | st.booleans() | st.integers(-10**22, 10**22) | st.floats(allow_nan=False, allow_infinity=False)
            | st.text(max_size=4) | st.sampled_from(["urn:x", "_:b1", "Thing", "Scoped", "en", "rtl", "ex:Thing"]))
_VALUES = st.recursive(_SCALARS, lambda c: st.lists(c, max_size=3) | st.dictionaries(_KEYS, c, max_size=4),
                       max_leaves=12)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.dictionaries(_KEYS, _VALUES, max_size=6), with_v2=st.booleans())
def test_random_documents_agree_with_pyld(body: dict[str, Any], with_v2: bool) -> None:
    """Whatever the direct path accepts, it converts exactly as pyld does; the rest it leaves to pyld."""
    document = {**body, "@context": [V2, CTX] if with_v2 else CTX}
    loader = DocumentLoader()
    assert _outcome(to_rdf, document, loader) == _outcome(to_rdf_reference, document, loader)
