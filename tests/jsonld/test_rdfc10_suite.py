"""The whole W3C RDFC-1.0 test suite, one test id per manifest entry (rdf-canon-tests/manifest.jsonld).

The guard below pins the number of entries of the vendored suite (w3c/rdf-canon@15619df2fda7) and checks that
each one is a selected test of this run, so a lost entry, an empty discovery or a partial selection fails,
with or without pytest-xdist.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from passport.errors import CanonicalizationError
from passport.jsonld import canonicalize_quads, parse_nquads
from tests.conftest import VECTORS
from tests.guards import assert_every_entry_selected

SUITE = VECTORS / "rdf-canon-tests"


def _entries() -> list[dict[str, Any]]:
    manifest = SUITE / "manifest.jsonld"
    if not manifest.is_file():
        return []
    return json.loads(manifest.read_text(encoding="utf-8"))["entries"]


ENTRIES = _entries()
ENTRIES_AT_COMMIT = 86  # entries of tests/manifest.jsonld at w3c/rdf-canon@15619df2fda7 (the vendored copy)


def _hash(entry: dict[str, Any]) -> str:
    return {"SHA256": "sha256", "SHA384": "sha384"}[entry.get("hashAlgorithm", "SHA256")]


def _id(entry: dict[str, Any]) -> str:
    return entry["id"].lstrip("#")


@pytest.mark.parametrize("entry", ENTRIES, ids=[_id(e) for e in ENTRIES])
def test_rdf_canon(entry: dict[str, Any], rdf_canon_dir: Path) -> None:
    quads = parse_nquads((rdf_canon_dir / entry["action"]).read_text(encoding="utf-8"))
    kind = entry["type"]
    if kind == "rdfc:RDFC10NegativeEvalTest":
        with pytest.raises(CanonicalizationError) as info:
            canonicalize_quads(quads, hash_algorithm=_hash(entry))
        assert info.value.code == "MAX_WORK_EXCEEDED"
    elif kind == "rdfc:RDFC10EvalTest":
        result = canonicalize_quads(quads, hash_algorithm=_hash(entry))
        assert result.nquads == (rdf_canon_dir / entry["result"]).read_text(encoding="utf-8")
    elif kind == "rdfc:RDFC10MapTest":
        result = canonicalize_quads(quads, hash_algorithm=_hash(entry))
        expected = json.loads((rdf_canon_dir / entry["result"]).read_text(encoding="utf-8"))
        assert result.issued == expected
        assert set(result.issued) == {label for q in quads for label in q.blank_nodes()}
    else:
        pytest.fail(f"unknown test type {kind}")


def test_every_manifest_entry_ran(request: pytest.FixtureRequest, rdf_canon_dir: Path) -> None:
    """An empty, partial or shrunken discovery cannot pass (each selected entry's own outcome says it passed)."""
    manifest = json.loads((rdf_canon_dir / "manifest.jsonld").read_text(encoding="utf-8"))
    assert len(manifest["entries"]) == ENTRIES_AT_COMMIT
    assert_every_entry_selected(request, "test_rdf_canon", [_id(e) for e in manifest["entries"]])


def test_poison_graph_fails_within_a_small_work_budget(rdf_canon_dir: Path) -> None:
    quads = parse_nquads((rdf_canon_dir / "rdfc10/test074-in.nq").read_text(encoding="utf-8"))
    with pytest.raises(CanonicalizationError) as info:
        canonicalize_quads(quads, max_work=500)
    assert info.value.code == "MAX_WORK_EXCEEDED"
    assert info.value.details == {"max_work": 500}


def test_hard_case_needs_work_and_a_tight_limit_stops_it(rdf_canon_dir: Path) -> None:
    quads = parse_nquads((rdf_canon_dir / "rdfc10/test044-in.nq").read_text(encoding="utf-8"))
    expected = (rdf_canon_dir / "rdfc10/test044-rdfc10.nq").read_text(encoding="utf-8")
    assert canonicalize_quads(quads).nquads == expected
    with pytest.raises(CanonicalizationError):
        canonicalize_quads(quads, max_work=100)


def test_unsupported_hash_is_refused() -> None:
    with pytest.raises(CanonicalizationError) as info:
        canonicalize_quads([], hash_algorithm="md5")
    assert info.value.code == "UNSUPPORTED_HASH"
