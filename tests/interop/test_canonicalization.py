"""Our RDFC-1.0 canonical N-Quads equal jsonld.js + rdf-canonize's, byte for byte.

Every `-rdfc-` signature hashes these bytes, so any difference is a credential one side signs and the other
rejects. The hazards: JSON numbers (JSON-LD 1.1 API, "Object to RDF Conversion": a number with a
non-zero fractional part or |n| ≥ 10^21 is an xsd:double in canonical form `d.dddE±n`, every other number an
xsd:integer — so 5.0 is "5" and -0.0 is "0"), N-Quads string escaping (RDFC-1.0 §3.2; rdf-canon test060),
`@json` literals (JCS) and blank-node labelling.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

import passport
from passport.errors import PassportError
from passport.jsonld import DocumentLoader
from passport.jsonld.loader import shipped_index
from tests.interop.peer import JsPeer, JsPeerError

pytestmark = pytest.mark.node

VOCAB = "https://w3id.org/battery-passport/vocab#"
XSD = "http://www.w3.org/2001/XMLSchema#"

# JSON numbers as JSON text, with what JSON-LD makes of them (for the reader; the test compares both sides).
NUMBERS: dict[str, str] = {
    "0.088": "xsd:double 8.799999999999999E-2 (shortest round-trip is 8.8E-2; JSON-LD uses 15 fraction digits)",
    "1e21": "xsd:double 1.0E21 (the first integer-valued double)",
    "1e20": "xsd:integer 100000000000000000000",
    "5.0": "xsd:integer 5 (JSON has one number type; 5.0 == 5)",
    "-0.0": "xsd:integer 0",
    "-17": "xsd:integer -17",
    "0.1": "xsd:double 1.0E-1",
    "0.30000000000000004": "xsd:double 3.0000000000000004E-1",
    "123456789.123": "xsd:double 1.23456789123E8",
    "2.5e-5": "xsd:double 2.5E-5",
    "1.7976931348623157e308": "xsd:double, the largest double",
    "2.5e-7": "xsd:double 2.5E-7 (below 1e-6 but two digits: JavaScript writes \"2.5e-7\", with a dot)",
    "3.3333333333333335": "xsd:double 3.3333333333333335E0",
}

STRINGS: dict[str, str] = {
    "c0-controls": "".join(chr(c) for c in range(0x00, 0x20)),
    "delete": "a\x7fb",
    "quotes-backslash": 'say "hi" \\ bye',
    "tab-newline-cr": "col1\tcol2\nline2\rend",
    "non-ascii": "Ni–Mn–Co 811 · 電池 · 🔋",
    "line-separators": "a\u2028b\u2029c\u0085d",
    "backspace-formfeed": "\b\f",
}

DOCUMENTS: dict[str, dict[str, Any]] = {
    "nested-blank-nodes-and-lists": {
        "@context": {"@vocab": VOCAB, "stages": {"@container": "@list"}, "tags": {"@container": "@set"}},
        "@id": "urn:uuid:6f1f4c2e-1b1e-4d43-9c53-0d2f8a0d3b11",
        "@type": "Battery",
        "stages": [{"name": "raw material", "share": 0.6}, {"name": "production", "share": 0.4}, "end"],
        "tags": ["b", "a", "b"],
        "cell": {"chemistry": "NMC811", "supplier": {"name": "S1"}},
        "module": [{"cell": {"chemistry": "NMC811"}}, {"cell": {"chemistry": "NMC811"}}],
    },
    "typed-and-language-literals": {
        "@context": {"@vocab": VOCAB, "xsd": XSD,
                     "date": {"@type": "xsd:date"}, "mass": {"@type": "xsd:decimal"},
                     "label": {"@language": "de"}},
        "@id": "urn:x:typed",
        "date": "2024-02-18",
        "mass": "412.50",
        "label": "Batteriepass",
        "forced": {"@value": 5, "@type": "xsd:double"},
        "boolean": True,
        "english": {"@value": "battery", "@language": "en-GB"},
    },
    "json-literal": {
        "@context": {"@vocab": VOCAB, "raw": {"@type": "@json"}},
        "@id": "urn:x:json",
        "raw": {"z": [1, 0.088, 1e21, 5.0, "é\u0001"], "a": {"c": None, "b": True}},
    },
    "named-graph": {
        "@context": {"@vocab": VOCAB},
        "@id": "urn:x:graph",
        "@graph": [{"@id": "urn:x:a", "knows": {"@id": "urn:x:b"}}, {"knows": {"name": "anonymous"}}],
    },
}

RDF_CANON_TESTS = {"test020": "sha256", "test022": "sha256", "test060": "sha256", "test070": "sha256",
                   "test075": "sha384"}

UNSIGNED_VECTORS = {
    "vc-di-eddsa-unsigned": "vc-di-eddsa/TestVectors/unsigned.json",
    "vc-di-eddsa-employment": "vc-di-eddsa/TestVectors/employmentAuth.json",
    "vc-di-ecdsa-pr-credential": "vc-di-ecdsa/TestVectors/prCredUnsigned.json",
}


def _assert_same(js: JsPeer, document: Any, loader: DocumentLoader, *, hash: str = "sha256") -> str:
    theirs = js.canonize(document, hash=hash)
    ours = passport.canonicalize(document, hash_algorithm=hash, loader=loader)
    assert ours == theirs
    return ours


# Non-zero numbers below 1e-6 with one significant digit: JavaScript writes them without a "." ("1e-7"), and
# jsonld.js 9.0.0 decides "double" by looking for a "." in String(v) (lib/types.js isDouble), so it writes them
# as the integer v.toFixed(0) == "0" where the JSON-LD 1.1 API ("Object to RDF Conversion") says xsd:double
# "1.0E-7". Our side reproduces it so signatures interoperate; it also means 1e-7, 3e-7 and 0 sign alike.
JS_QUIRK_NUMBERS = ("1e-7", "3e-7", "-5e-8", "5e-324")


@pytest.mark.parametrize("text", list(NUMBERS))
def test_json_number_canonicalizes_as_reference(js: JsPeer, loader: DocumentLoader, text: str) -> None:
    value = json.loads(text)
    document = {"@context": {"@vocab": VOCAB}, "@id": "urn:x:number", "value": value}
    nquads = _assert_same(js, document, loader)
    datatype = "double" if (value % 1 != 0 or abs(value) >= 1e21) else "integer"
    assert f"^^<{XSD}{datatype}>" in nquads


@pytest.mark.parametrize("text", JS_QUIRK_NUMBERS)
def test_tiny_number_canonicalizes_as_reference_not_as_spec(js: JsPeer, loader: DocumentLoader, text: str) -> None:
    document = {"@context": {"@vocab": VOCAB}, "@id": "urn:x:number", "value": json.loads(text)}
    nquads = _assert_same(js, document, loader)
    zero = "-0" if text.startswith("-") else "0"  # v.toFixed(0) keeps the sign of a negative
    assert f'"{zero}"^^<{XSD}integer>' in nquads  # the reference's reading; the spec's would be an xsd:double


def test_reference_writes_doubles_in_json_ld_canonical_form(js: JsPeer) -> None:
    """The expected strings themselves, so a change on either side is caught even when both change."""
    got = {text: js.canonize({"@context": {"@vocab": VOCAB}, "@id": "urn:x", "v": json.loads(text)}).split('"')[1]
           for text in ("0.088", "1e21", "5.0", "-0.0", "1e20")}
    assert got == {"0.088": "8.799999999999999E-2", "1e21": "1.0E21", "5.0": "5", "-0.0": "0",
                   "1e20": "100000000000000000000"}


@pytest.mark.parametrize("name", list(STRINGS))
def test_string_escaping_matches_reference(js: JsPeer, loader: DocumentLoader, name: str) -> None:
    document = {"@context": {"@vocab": VOCAB}, "@id": "urn:x:string", "text": STRINGS[name]}
    nquads = _assert_same(js, document, loader)
    assert nquads.count("\n") == 1  # control characters are escaped, never written raw


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_document_canonicalizes_as_reference(js: JsPeer, loader: DocumentLoader, name: str) -> None:
    _assert_same(js, DOCUMENTS[name], loader)


@pytest.mark.parametrize("name", list(UNSIGNED_VECTORS))
@pytest.mark.parametrize("hash", ["sha256", "sha384"])
def test_w3c_credential_canonicalizes_as_reference(js: JsPeer, loader: DocumentLoader, vectors_dir: Path,
                                                   name: str, hash: str) -> None:
    document = json.loads((vectors_dir / UNSIGNED_VECTORS[name]).read_text(encoding="utf-8"))
    _assert_same(js, document, loader, hash=hash)


@pytest.mark.parametrize("test", list(RDF_CANON_TESTS))
def test_nquads_dataset_canonicalizes_as_reference(js: JsPeer, vectors_dir: Path, test: str) -> None:
    nquads = (vectors_dir / "rdf-canon-tests" / "rdfc10" / f"{test}-in.nq").read_text(encoding="utf-8")
    hash = RDF_CANON_TESTS[test]
    theirs = js.canonize(nquads, input_format="nquads", hash=hash, max_work_factor=3)
    assert passport.canonicalize(nquads, input_format="nquads", hash_algorithm=hash) == theirs
    assert theirs == (vectors_dir / "rdf-canon-tests" / "rdfc10" / f"{test}-rdfc10.nq").read_text(encoding="utf-8")


def test_base_direction_canonicalizes_as_reference(js: JsPeer, loader: DocumentLoader) -> None:
    document = {"@context": {"@vocab": VOCAB}, "@id": "urn:x:direction",
                "label": {"@value": "بطارية", "@language": "ar", "@direction": "rtl"},
                "code": {"@value": "NMC811", "@direction": "ltr"}}
    nquads = _assert_same(js, document, loader)
    assert '"بطارية"^^<https://www.w3.org/ns/i18n#ar_rtl>' in nquads


REFUSED: dict[str, Any] = {
    "undefined-term": {"@context": {"name": "https://schema.org/name"}, "@id": "urn:x", "name": "a", "other": 1},
    "undefined-type": {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential", "X"],
                       "issuer": "did:example:1", "credentialSubject": {"id": "urn:x"}},
    "relative-id": {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                    "issuer": "did:example:1", "credentialSubject": {"id": "bob"}},
    "relative-iri-value": {"@context": {"@vocab": VOCAB, "ref": {"@type": "@id"}}, "@id": "urn:x", "ref": "a/b"},
    "language-tag-not-well-formed":
        {"@context": {"@vocab": VOCAB}, "@id": "urn:x", "status": {"@value": "ok", "@language": "not a tag!"}},
    "language-tag-smuggling-a-statement":
        {"@context": {"@vocab": VOCAB}, "@id": "urn:x",
         "status": {"@value": "ok", "@language": f'en .\n<urn:x> <{VOCAB}status> "recalled"@en'}},
    "iri-smuggling-a-statement":
        {"@context": {"@vocab": VOCAB}, "@id": f'urn:x> <{VOCAB}status> "a" .\n<urn:x', "status": "z"},
    "iri-with-space": {"@context": {"@vocab": VOCAB}, "@id": "urn:x y", "status": "z"},
    "datatype-iri-smuggling": {"@context": {"@vocab": VOCAB}, "@id": "urn:x",
                               "status": {"@value": "z", "@type": f'urn:t> .\n<urn:x> <{VOCAB}status> "a'}},
}


@pytest.mark.parametrize("document", list(REFUSED.values()), ids=list(REFUSED))
def test_both_refuse_what_rdf_cannot_carry(js: JsPeer, loader: DocumentLoader, document: dict[str, Any]) -> None:
    """Safe mode on both sides: a document whose statements would be dropped or garbled is not canonicalized."""
    with pytest.raises(JsPeerError):
        js.canonize(document)
    with pytest.raises(PassportError):
        passport.canonicalize(document, loader=loader)


def test_shipped_contexts_are_the_vectors_contexts(js: JsPeer, vector_contexts: dict[str, dict[str, Any]],
                                                   loader: DocumentLoader) -> None:
    """Both sides must read identical contexts: where our shipped set and the vectors' overlap, they agree."""
    overlap = sorted(set(shipped_index()) & set(vector_contexts))
    assert len(overlap) >= 5
    for url in overlap:
        assert loader.document(url) == vector_contexts[url], url
    assert set(shipped_index()) <= set(js.urls())


def test_numbers_table_covers_both_datatypes() -> None:
    kinds = {(json.loads(t) % 1 != 0 or abs(json.loads(t)) >= 1e21) for t in NUMBERS}
    assert kinds == {True, False}
    assert any(math.copysign(1, json.loads(t)) < 0 and json.loads(t) == 0 for t in NUMBERS)
