"""The rulebook format, our shipped GBA-aligned rulebooks, and the generated JSON Schema."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import pytest

from indices.rulebook import (
    IndexKind,
    default_rulebooks,
    load_path,
    load_rulebook,
    parse_rulebook,
    rulebook_digest,
)
from indices.rulebook.loader import RULEBOOK_DIR
from indices.rulebook.model import Level, Pillar
from indices.rulebook.schema import SCHEMA_FILE, render, rulebook_schema
from passport.errors import InputError, NotFoundError

SHIPPED = sorted(RULEBOOK_DIR.glob("*.json"))


def test_committed_schema_is_regenerated_identically():
    committed = (files("schemas") / "json" / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == render(rulebook_schema()), "run `python -m indices.rulebook.schema` and commit"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_rulebooks_validate_against_the_schema_and_are_named_by_id_and_version(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, rulebook_schema())
    rulebook = load_path(path)
    assert path.name == f"{rulebook.id}-{rulebook.version}.json"


def test_at_least_two_rulebooks_ship():
    assert len(SHIPPED) >= 2


def test_our_rulebooks_say_they_are_our_authorship_not_the_official_gba_text():
    for rulebook in default_rulebooks().values():
        assert rulebook.id.startswith("gba-aligned-")
        assert "own authorship" in rulebook.authorship and "NOT the Global Battery Alliance" in rulebook.authorship


@pytest.mark.parametrize(("kind", "topics"), [
    (IndexKind.child_labour, ["minimum age", "C138", "C182", "worst forms", "school", "living wage", "grievance",
                              "remediation", "artisanal", "third party", "reports publicly"]),
    (IndexKind.human_rights, ["UN Guiding Principles", "Voluntary Principles", "bribery", "grievance", "remedy",
                              "transparency", "artisanal", "living wage", "indigenous peoples"]),
])
def test_rulebooks_cover_the_topics_the_index_needs(kind, topics):
    rulebook = default_rulebooks()[kind]
    text = " ".join(i.text for i in rulebook.indicators).lower()
    missing = [t for t in topics if t.lower() not in text]
    assert not missing
    assert len(rulebook.indicators) >= 15
    assert {i.pillar for i in rulebook.indicators} == set(Pillar)
    assert {i.level for i in rulebook.indicators} == set(Level)
    assert {e.kind for e in rulebook.equivalencies} == {"certification", "audit", "upstream_mechanism"}


def test_site_certifications_exclude_asm_and_the_upstream_mechanism_covers_it():
    for rulebook in default_rulebooks().values():
        by_id = {e.id: e for e in rulebook.equivalencies}
        assert not by_id["irma-75"].covers_asm and by_id["better-mining"].covers_asm


def test_the_digest_changes_with_any_edit():
    rulebook = load_rulebook("gba-aligned-child-labour", "1.0.0")
    edited = rulebook.model_copy(update={"indicators": (rulebook.indicators[0].model_copy(update={"points": 6}),
                                                        *rulebook.indicators[1:])})
    assert rulebook_digest(rulebook) != rulebook_digest(edited)
    assert rulebook_digest(rulebook) == rulebook_digest(load_path(RULEBOOK_DIR / "gba-aligned-child-labour-1.0.0.json"))


def _document() -> dict:
    return json.loads((RULEBOOK_DIR / "gba-aligned-human-rights-1.0.0.json").read_text(encoding="utf-8"))


def test_an_equivalency_naming_an_unknown_indicator_is_refused():
    document = _document()
    document["equivalencies"][0]["satisfies"].append("HR-99")
    with pytest.raises(InputError) as caught:
        parse_rulebook(document, source="official.json")
    assert caught.value.code == "INVALID_RULEBOOK" and caught.value.details["file"] == "official.json"


def test_a_bad_value_is_refused_with_its_json_pointer():
    document = _document()
    document["indicators"][3]["points"] = 0
    with pytest.raises(InputError) as caught:
        parse_rulebook(document)
    assert caught.value.details["pointer"] == "/indicators/3/points"


def test_duplicate_indicator_ids_are_refused():
    document = _document()
    document["indicators"][1]["id"] = document["indicators"][0]["id"]
    with pytest.raises(InputError):
        parse_rulebook(document)


def test_an_official_rulebook_in_the_same_format_loads_from_a_file(tmp_path):
    document = _document()
    document.update(id="gba-human-rights-official", version="2.1.0", authorship="Global Battery Alliance")
    path = tmp_path / "official.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    rulebook = load_path(path)
    assert (rulebook.id, rulebook.version, rulebook.index) == ("gba-human-rights-official", "2.1.0",
                                                               IndexKind.human_rights)


def test_an_unknown_shipped_rulebook_is_not_found():
    with pytest.raises(NotFoundError):
        load_rulebook("gba-aligned-child-labour", "9.9.9")
