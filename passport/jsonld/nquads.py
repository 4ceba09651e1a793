"""N-Quads text <-> `Quad` lists: a strict line parser (errors name the line) and the canonical writer.

Parsing decodes escapes (ECHAR, UCHAR) and re-writes every term in canonical form, so two spellings of
the same literal become the same term before canonicalization.
"""

from __future__ import annotations

import re

from passport.errors import InputError
from passport.jsonld.quads import Quad, blank, iri, is_valid_iri, literal, serialize_nquads

__all__ = ["NQuadsError", "parse_nquads", "serialize_nquads"]

_IRI = r'<((?:[^\x00-\x20<>"{}|^`\\]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*)>'
_BNODE = r'_:([^\s<>"]*[^\s<>".])'
_LITERAL = r'"((?:[^"\\\n\r]|\\.)*)"(?:@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)|\^\^' + _IRI + r")?"
_LINE = re.compile(
    r"[ \t]*(?:" + _IRI + "|" + _BNODE + r")[ \t]*"           # subject: groups 1-2
    + _IRI + r"[ \t]*"                                       # predicate: group 3
    + r"(?:" + _IRI + "|" + _BNODE + "|" + _LITERAL + r")[ \t]*"  # object: groups 4-8
    + r"(?:(?:" + _IRI + "|" + _BNODE + r")[ \t]*)?"          # graph: groups 9-10
    + r"\.[ \t]*(?:#.*)?"
)
_BLANK_OR_COMMENT = re.compile(r"[ \t]*(?:#.*)?")
_ESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([tbnrf"\'\\]))|\\(.?)')
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


class NQuadsError(InputError):
    """Malformed N-Quads input; `details["line"]` is the 1-based line number."""

    code = "INVALID_NQUADS"


def _unescape(text: str, line_number: int) -> str:
    if "\\" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        short, long_, echar, bad = match.groups()
        if echar is not None:
            return _ECHAR[echar]
        if bad is not None:
            raise NQuadsError(f"invalid escape sequence on line {line_number}", details={"line": line_number})
        code_point = int(short or long_, 16)
        if code_point > 0x10FFFF or 0xD800 <= code_point <= 0xDFFF:
            raise NQuadsError(f"escape outside Unicode scalar values on line {line_number}",
                              details={"line": line_number})
        return chr(code_point)

    return _ESCAPE.sub(replace, text)


def _iri(text: str, line_number: int) -> str:
    value = _unescape(text, line_number)
    if ":" not in value or not is_valid_iri(value):
        raise NQuadsError(f"invalid or relative IRI on line {line_number}", details={"line": line_number})
    return iri(value)


def parse_nquads(text: str) -> list[Quad]:
    """Parse N-Quads (or N-Triples) text into quads, in document order, duplicates removed."""
    quads: list[Quad] = []
    seen: set[Quad] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        match = _LINE.fullmatch(line)
        if match is None:
            if _BLANK_OR_COMMENT.fullmatch(line):
                continue
            raise NQuadsError(f"malformed N-Quads statement on line {number}", details={"line": number})
        g = match.groups()
        subject = _iri(g[0], number) if g[0] is not None else blank(g[1])
        predicate = _iri(g[2], number)
        if g[3] is not None:
            obj = _iri(g[3], number)
        elif g[4] is not None:
            obj = blank(g[4])
        else:
            datatype = _iri(g[7], number)[1:-1] if g[7] is not None else None
            obj = literal(_unescape(g[5], number), datatype, g[6])
        graph = _iri(g[8], number) if g[8] is not None else blank(g[9]) if g[9] is not None else ""
        quad = Quad(subject, predicate, obj, graph)
        if quad not in seen:
            seen.add(quad)
            quads.append(quad)
    return quads
