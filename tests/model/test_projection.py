"""Projections and JSON pointers: a reader sees exactly its groups, never an attribute of a higher one."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel

from passport.errors import InputError
from passport.model import AccessGroup, Passport, pointers_for, project, to_credential
from passport.model.tree import field_specs, walk

from tests.model.access_table import RESTRICTED, group_of, oracle_view
from tests.model.strategies import passports

LEVELS = list(AccessGroup)
PROPERTY = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def groups_in(view: dict[str, Any], model: type[BaseModel] = Passport,
              inherited: AccessGroup = AccessGroup.PUBLIC) -> set[AccessGroup]:
    """The effective group of every attribute present in `view`."""
    found: set[AccessGroup] = set()
    specs = field_specs(model)
    for key, value in view.items():
        spec = specs[key]
        group = AccessGroup.max(inherited, spec.group)
        found.add(group)
        if spec.nested is not None:
            for item in value if spec.is_list else [value]:
                found |= groups_in(item, spec.nested, group)
    return found


def select(document: Any, pointers: list[str]) -> Any:
    """A copy of `document` holding only what `pointers` select (parents created on the way, lists kept dense)."""
    result: dict[str, Any] = {}
    for pointer in pointers:
        tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
        source, target = document, result
        for i, token in enumerate(tokens):
            key: Any = int(token) if isinstance(source, list) else token
            last = i == len(tokens) - 1
            if last:
                value = copy.deepcopy(source[key])
            else:
                value = target[key] if _has(target, key) else ([] if isinstance(source[key], list) else {})
            if isinstance(target, list):
                while len(target) <= key:
                    target.append(None)
            target[key] = value
            source, target = source[key], value
    return result


def _has(target: Any, key: Any) -> bool:
    return key < len(target) and target[key] is not None if isinstance(target, list) else key in target


@PROPERTY
@given(passports)
def test_no_attribute_of_a_higher_group_appears_in_a_lower_view(passport):
    for level in LEVELS:
        assert all(level.can_read(group) for group in groups_in(project(passport, level)))


def test_every_field_has_the_group_the_written_out_annex_table_gives_it():
    """The model's tags against the table (tests/model/access_table.py): a field moved or re-tagged fails here."""
    wrong = {"/".join(node.path): (node.effective_group.value, group_of("/".join(node.path)))
             for node in walk(Passport) if node.effective_group.value != group_of("/".join(node.path))}
    assert wrong == {}
    paths = {"/".join(node.path) for node in walk(Passport)}
    assert set(RESTRICTED) <= paths, set(RESTRICTED) - paths


@PROPERTY
@given(passports)
def test_projection_equals_the_written_out_table_view(passport):
    document = passport.model_dump(mode="json", by_alias=True, exclude_none=True)
    for level in LEVELS:
        assert project(passport, level) == oracle_view(document, level.value)


def test_example_projection_equals_the_written_out_table_view(ev_passport):
    document = ev_passport.model_dump(mode="json", by_alias=True, exclude_none=True)
    for level in LEVELS:
        view = oracle_view(document, level.value)
        assert project(ev_passport, level) == view
        assert ("testReports" in view) is (level is AccessGroup.AUTHORITY)


@PROPERTY
@given(passports)
def test_pointers_select_exactly_the_projection(passport):
    document = passport.model_dump(mode="json", by_alias=True, exclude_none=True)
    for level in LEVELS:
        assert select(document, pointers_for(document, level)) == project(passport, level)


@PROPERTY
@given(passports)
def test_views_grow_with_the_level_and_the_highest_is_the_whole_passport(passport):
    whole = passport.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert project(passport, AccessGroup.AUTHORITY) == whole
    public, legitimate = project(passport, "public"), project(passport, "legitimate_interest")
    assert _contained(public, legitimate) and _contained(legitimate, whole)


def _contained(small: Any, big: Any) -> bool:
    if isinstance(small, dict):
        return isinstance(big, dict) and all(k in big and _contained(v, big[k]) for k, v in small.items())
    if isinstance(small, list):
        return isinstance(big, list) and len(small) == len(big) and all(map(_contained, small, big))
    return small == big


def test_example_views_hold_what_each_reader_needs(ev_passport):
    public = project(ev_passport, AccessGroup.PUBLIC)
    legitimate = project(ev_passport, AccessGroup.LEGITIMATE_INTEREST)
    authority = project(ev_passport, AccessGroup.AUTHORITY)
    assert public["performanceAndDurability"]["ratedCapacityAh"] == "214"
    assert "batteryStatus" not in public["generalProductInformation"]
    assert "detailedComposition" not in public["materialComposition"]
    assert {"spareParts", "dismantlingInformation", "safetyMeasures"}.isdisjoint(public["circularity"])
    assert "batteryCondition" not in public["performanceAndDurability"]
    assert "testReports" not in public and "testReports" not in legitimate
    assert legitimate["generalProductInformation"]["batteryStatus"] == "original"
    assert legitimate["performanceAndDurability"]["batteryCondition"]["stateOfHealthPercent"] == "99.4"
    assert authority["testReports"][0]["reportId"] == "TR-2026-0412"


def test_credential_pointers_carry_the_envelope_and_prefix_the_subject(ev_passport):
    from datetime import UTC, datetime
    credential = to_credential(ev_passport, issuer="did:example:maker", id="urn:uuid:4f0e",
                               valid_from=datetime(2026, 11, 25, tzinfo=UTC))
    public = pointers_for(credential, AccessGroup.PUBLIC)
    assert public[:6] == ["/id", "/type", "/issuer", "/validFrom", "/credentialSubject/id", "/credentialSubject/type"]
    assert all(p.startswith("/credentialSubject/") for p in public[4:])
    assert "/credentialSubject/generalProductInformation/batteryStatus" not in public
    assert "/credentialSubject/generalProductInformation" in pointers_for(credential, "legitimate_interest")
    assert "/credentialSubject/testReports" in pointers_for(credential, AccessGroup.AUTHORITY)
    selected = select(credential, pointers_for(credential, AccessGroup.PUBLIC))
    assert selected["credentialSubject"] == {"type": "BatteryPassport", **project(ev_passport, "public")}


def test_lists_are_expanded_per_index_when_an_item_holds_a_higher_group(ev_passport):
    document = ev_passport.model_dump(mode="json", by_alias=True, exclude_none=True)
    public = pointers_for(document, AccessGroup.PUBLIC)
    assert "/generalProductInformation" not in public  # it holds batteryStatus
    assert "/generalProductInformation/manufacturer" in public
    assert "/materialComposition/hazardousSubstances" in public  # whole public list: one pointer
    legitimate = pointers_for(document, AccessGroup.LEGITIMATE_INTEREST)
    assert "/materialComposition" in legitimate


def test_unknown_attribute_in_a_document_is_an_error_with_its_pointer(ev_passport):
    document = ev_passport.model_dump(mode="json", by_alias=True, exclude_none=True)
    document["circularity"]["secretSauce"] = 1
    with pytest.raises(InputError) as caught:
        pointers_for(document, AccessGroup.PUBLIC)
    assert caught.value.code == "UNKNOWN_ATTRIBUTE"
    assert caught.value.details == {"pointer": "/circularity/secretSauce"}


def test_unknown_level_is_rejected(ev_passport):
    with pytest.raises(ValueError):
        project(ev_passport, "consumer")
