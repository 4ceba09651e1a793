"""Naming nodes in the compact form gives exactly what the spec's expand/re-compact skolemization gives."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from importlib.resources import files

import pytest

from passport.disclosure import groups, skolemize
from passport.disclosure.groups import canonicalize_and_group, hmac_label_map_factory
from passport.model import parse_passport, to_credential

HMAC_KEY = bytes(range(32))


def _passport_credential() -> dict:
    data = json.loads((files("passport.application.demo") / "passports" / "nmc811-ev-pack.json").read_text())
    data["id"] = "https://passports.example.com" + data["generalProductInformation"]["uniqueIdentifier"]
    return to_credential(parse_passport(data), issuer="did:example:maker", id="urn:uuid:1",
                         valid_from=datetime(2025, 1, 1, tzinfo=timezone.utc))


def _spec_path(monkeypatch) -> list[int]:
    """Force the spec's path and count its uses."""
    calls: list[int] = []
    original = skolemize.skolemize_compact

    def spec(document, **kw):
        calls.append(1)
        return original(document, **kw)

    monkeypatch.setattr(skolemize, "skolemize_compact", spec)
    return calls


def _grouped(document, pointers, loader=None):
    return canonicalize_and_group(document, hmac_label_map_factory(HMAC_KEY),
                                  {"mandatory": pointers["mandatory"], "selective": pointers["selective"]},
                                  loader=loader)


CASES = {
    "passport": (_passport_credential, {"mandatory": ["/issuer", "/credentialSubject/generalProductInformation"],
                                        "selective": ["/credentialSubject/materialComposition/chemistry"]}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_fast_path_groups_exactly_like_the_spec_path(monkeypatch, case):
    build, pointers = CASES[case]
    document = build()
    fast = _grouped(document, pointers)
    with monkeypatch.context() as m:
        m.setattr(skolemize, "_objects_are_nodes", lambda _: False)
        spec = _grouped(document, pointers)
    assert fast.nquads == spec.nquads
    for name in pointers:
        assert fast.groups[name].matching == spec.groups[name].matching
        assert fast.groups[name].non_matching == spec.groups[name].non_matching


def test_fast_path_is_taken_for_the_passport(monkeypatch):
    calls = _spec_path(monkeypatch)
    _grouped(_passport_credential(), CASES["passport"][1])
    assert calls == []


def test_value_objects_take_the_spec_path(monkeypatch):
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:maker",
        "credentialSubject": {"name": {"@value": "Pack", "@language": "en"}, "description": "a battery"},
    }
    calls = _spec_path(monkeypatch)
    grouped = _grouped(document, {"mandatory": ["/issuer"], "selective": ["/credentialSubject/name"]})
    assert calls == [1]
    assert any('"Pack"@en' in line for line in grouped.groups["selective"].matching.values())


def test_documents_not_built_on_vc2_take_the_spec_path(monkeypatch, test_loader):
    document = {"@context": {"@vocab": "https://example.org/#", "id": "@id"}, "name": "x", "part": {"name": "y"}}
    calls = _spec_path(monkeypatch)
    grouped = _grouped(document, {"mandatory": ["/name"], "selective": ["/part/name"]}, loader=test_loader)
    assert calls == [1]
    assert len(grouped.groups["selective"].matching) == 2  # the link to the part, and its name


def test_nodes_without_an_id_alias_are_a_clear_error(test_loader):
    from passport.errors import InputError

    document = {"@context": {"@vocab": "https://example.org/#"}, "name": "x", "part": {"name": "y"}}
    with pytest.raises(InputError) as info:
        _grouped(document, {"mandatory": ["/name"], "selective": ["/part/name"]}, loader=test_loader)
    assert info.value.code == "UNLABELLED_BLANK_NODE"


def test_groups_module_uses_the_checked_skolemization():
    assert groups.skolemize is skolemize.skolemize
