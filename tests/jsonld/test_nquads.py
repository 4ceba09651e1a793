"""N-Quads parsing and canonical serialization (RDFC-1.0 escaping)."""

from __future__ import annotations

from pathlib import Path

import pytest

from passport.jsonld import Quad, canonicalize, parse_nquads, serialize_nquads
from passport.jsonld.nquads import NQuadsError
from passport.jsonld.quads import escape_literal, literal


def test_control_characters_are_escaped_as_rdfc10_requires() -> None:
    assert escape_literal("\x00\x07\b\t\n\x0b\f\r\x1f\x7f\"\\") == \
        '\\u0000\\u0007\\b\\t\\n\\u000B\\f\\r\\u001F\\u007F\\"\\\\'
    assert escape_literal("plain ü ∞ 🔋") == "plain ü ∞ 🔋"


def test_literal_forms() -> None:
    assert literal("a") == '"a"'
    assert literal("a", "http://www.w3.org/2001/XMLSchema#string") == '"a"'
    assert literal("1", "http://www.w3.org/2001/XMLSchema#integer") == '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert literal("a", language="en-GB") == '"a"@en-GB'


def test_escapes_in_input_are_decoded_and_rewritten_canonically() -> None:
    quads = parse_nquads('<urn:s> <urn:p\\u0041> "\\u0022x\\U0001F50B\\t" <urn:g> .\n')
    assert quads == [Quad("<urn:s>", "<urn:pA>", '"\\"x🔋\\t"', "<urn:g>")]
    assert serialize_nquads(quads) == '<urn:s> <urn:pA> "\\"x🔋\\t" <urn:g> .\n'


def test_test060_escaping_round_trips(rdf_canon_dir: Path) -> None:
    source = (rdf_canon_dir / "rdfc10/test060-in.nq").read_text(encoding="utf-8")
    expected = (rdf_canon_dir / "rdfc10/test060-rdfc10.nq").read_text(encoding="utf-8")
    assert canonicalize(source, input_format="nquads") == expected


def test_comments_blank_lines_and_duplicates() -> None:
    text = "# comment\n\n_:x <urn:p> \"v\"@en . # trailing\r\n_:x <urn:p> \"v\"@en .\n"
    assert parse_nquads(text) == [Quad("_:x", "<urn:p>", '"v"@en')]


@pytest.mark.parametrize(("text", "line"), [
    ("<urn:s> <urn:p> <urn:o> .\n<urn:s> <urn:p> .\n", 2),
    ('<urn:s> <urn:p> "unterminated .\n', 1),
    ("\n\n<urn:s> _:p <urn:o> .\n", 3),
    ("<urn:s> <urn:p> <urn:o>\n", 1),
    ('<urn:s> <urn:p> "bad \\q escape" .\n', 1),
    ("<s> <urn:p> <urn:o> .\n", 1),
])
def test_malformed_input_names_the_line(text: str, line: int) -> None:
    with pytest.raises(NQuadsError) as info:
        parse_nquads(text)
    assert info.value.code == "INVALID_NQUADS"
    assert info.value.details == {"line": line}


@pytest.mark.parametrize("text", [
    '<urn:s> <urn:p> <urn:a\\u0020b> .\n',
    '<urn:s> <urn:p> "v"^^<urn:a\\u003Eb> .\n',
])
def test_iris_that_cannot_be_written_back_are_refused(text: str) -> None:
    with pytest.raises(NQuadsError) as info:
        parse_nquads(text)
    assert info.value.details == {"line": 1}
