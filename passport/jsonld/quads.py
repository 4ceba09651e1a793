"""RDF quads as small immutable tuples of terms written in canonical N-Quads form.

Each term is the string N-Quads uses for it: `<iri>`, `_:label`, or a literal `"escaped"`, `"v"@lang`,
`"v"^^<datatype>` (xsd:string is implicit), escaped as RDFC-1.0 requires. The graph is `""` for the
default graph. Canonical text forms are unique, so equal terms are equal strings: quads hash, sort and
serialize without a separate term model, and canonicalization relabels blank nodes by string work alone.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from passport.errors import JsonLdError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
DEFAULT_GRAPH = ""

# RDFC-1.0 canonical N-Quads: ECHAR for \b \t \n \f \r " \\, UCHAR (upper-case hex) for other C0 controls and DEL.
_ECHAR = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
_ESCAPES = {c: _ECHAR.get(c, f"\\u{c:04X}") for c in [*range(0x20), 0x22, 0x5C, 0x7F]}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')
# N-Quads IRIREF and LANGTAG: anything else would end the term early and let a value write extra statements.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANGUAGE_TAG = re.compile(r"[a-zA-Z]+(?:-[a-zA-Z0-9]+)*")


def is_valid_iri(value: str) -> bool:
    """Whether `value` can be written as an N-Quads IRI (no space, <, >, ", {, }, |, ^, `, \\ or controls)."""
    return _IRI_FORBIDDEN.search(value) is None


def is_valid_language_tag(tag: str) -> bool:
    """Whether `tag` has the form of a BCP 47 tag, as N-Quads (LANGTAG) and JSON-LD 1.1 require."""
    return _LANGUAGE_TAG.fullmatch(tag) is not None


def escape_literal(value: str) -> str:
    """The lexical form escaped for canonical N-Quads (RDFC-1.0 §4.3, canonical N-Quads)."""
    if _NEEDS_ESCAPE.search(value) is None:
        return value
    return value.translate(_ESCAPES)


def iri(value: str) -> str:
    """An IRI term, written as is; JsonLdError INVALID_IRI for one N-Quads cannot carry."""
    if _IRI_FORBIDDEN.search(value) is not None:
        raise JsonLdError("an IRI contains a character RDF does not allow", code="INVALID_IRI")
    return f"<{value}>"


def blank(label: str) -> str:
    """A blank node term; `label` is without the `_:` prefix."""
    return f"_:{label}"


def literal(value: str, datatype: str | None = None, language: str | None = None) -> str:
    """A literal term: language-tagged when `language` is given, else typed (xsd:string left implicit)."""
    escaped = escape_literal(value)
    if language is not None:
        if _LANGUAGE_TAG.fullmatch(language) is None:
            raise JsonLdError("a language tag is not well-formed", code="INVALID_LANGUAGE_TAG")
        return f'"{escaped}"@{language}'
    if datatype is None or datatype == XSD_STRING:
        return f'"{escaped}"'
    return f'"{escaped}"^^{iri(datatype)}'


def is_blank(term: str) -> bool:
    return term.startswith("_:")


def is_iri(term: str) -> bool:
    return term.startswith("<")


def is_literal(term: str) -> bool:
    return term.startswith('"')


class Quad(NamedTuple):
    """One RDF quad; each position holds a canonical N-Quads term, `graph` is "" for the default graph."""

    subject: str
    predicate: str
    object: str
    graph: str = DEFAULT_GRAPH

    def to_nquad(self) -> str:
        """The quad as one canonical N-Quads line, ending in "\\n"."""
        if self.graph:
            return f"{self.subject} {self.predicate} {self.object} {self.graph} .\n"
        return f"{self.subject} {self.predicate} {self.object} .\n"

    def blank_nodes(self) -> tuple[str, ...]:
        """Labels (without `_:`) of the blank nodes in subject, object and graph position."""
        return tuple(t[2:] for t in (self.subject, self.object, self.graph) if t.startswith("_:"))


def serialize_nquads(quads: list[Quad] | tuple[Quad, ...]) -> str:
    """The quads as N-Quads text, in the given order, one line each."""
    return "".join(q.to_nquad() for q in quads)
