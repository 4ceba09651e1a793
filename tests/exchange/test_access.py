"""Property: an export at a level never carries an attribute above that level, in any model.

Oracle independent of the projection code: every value of the generated passport that sits under an attribute
above the level is replaced by a unique marker string; no marker may appear anywhere in the export (document,
or the list of values it could not represent).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from passport.exchange import export_passport
from passport.exchange.untp_dpp import dpp_credential
from passport.model.access import AccessGroup
from passport.model.passport import Passport
from passport.model.tree import field_specs
from tests.model.strategies import passports

MARK = "RESTRICTED-VALUE-"


def _mark(node: Any, model: type, level: AccessGroup, inherited: AccessGroup, counter: list[int]) -> Any:
    specs = field_specs(model)
    out = {}
    for key, value in node.items():
        spec = specs[key]
        group = AccessGroup.max(inherited, spec.group)
        if not level.can_read(group):
            out[key] = _replace(value, counter)
        elif spec.nested is not None:
            out[key] = [_mark(v, spec.nested, level, group, counter) for v in value] if spec.is_list \
                else _mark(value, spec.nested, level, group, counter)
        else:
            out[key] = value
    return out


def _replace(value: Any, counter: list[int]) -> Any:
    if isinstance(value, dict):
        return {k: _replace(v, counter) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, counter) for v in value]
    counter[0] += 1
    return f"{MARK}{counter[0]}"


FORMATS = ("batterypass-1.2", "catenax-6.1", "aas-idta-02035")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(passport=passports)
def test_no_attribute_above_the_level_reaches_an_export(passport):
    document = passport.model_dump(mode="json", by_alias=True, exclude_none=True)
    for level in (AccessGroup.PUBLIC, AccessGroup.LEGITIMATE_INTEREST):
        marked = _mark(document, Passport, level, AccessGroup.PUBLIC, [0])
        for fmt in FORMATS:
            export = export_passport(marked, fmt, level)
            assert MARK not in json.dumps(export.document) + json.dumps(export.not_representable), (fmt, level)
        dpp = dpp_credential(marked, level, issuer="did:example:maker", issuer_name="Maker",
                             credential_id="urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427",
                             valid_from="2026-01-01T00:00:00Z", base_url="https://passports.example")
        assert MARK not in json.dumps(dpp), ("untp-dpp", level)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_markers_would_be_seen(fmt):
    """The oracle can fail: the same marked example exported without the cut shows its markers."""
    from tests.exchange.helpers import example
    marked = _mark(example("nmc811-ev-pack"), Passport, AccessGroup.PUBLIC, AccessGroup.PUBLIC, [0])
    export = export_passport(marked, fmt, AccessGroup.AUTHORITY)
    assert MARK in json.dumps(export.document) + json.dumps(export.not_representable)
