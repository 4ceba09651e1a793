"""The fast JCS path writes exactly what the rfc8785 package writes."""

from __future__ import annotations

import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from indices.evidence.digest import _es_from_repr, canonical_json, es_number, json_digest

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2 ** 60, 2 ** 60) | st.floats(allow_nan=False, allow_infinity=False)
    | st.floats(1e-12, 1e25) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=25)

_ASCII_TEXT = st.text(st.characters(max_codepoint=127))
ASCII_JSON = st.recursive(                    # what the all-in-C path takes: ASCII text, digit runs in strings
    st.none() | st.booleans() | st.integers(-2 ** 60, 2 ** 60) | st.floats(allow_nan=False, allow_infinity=False)
    | st.floats(1e-12, 1e25) | _ASCII_TEXT | st.from_regex(r"[a-z:]{0,3}-?[0-9]{14,20}(\.[0-9]{1,3})?", fullmatch=True),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_ASCII_TEXT.filter(lambda k: len(k) < 7), inner,
                                                                max_size=4),
    max_leaves=25)


@settings(max_examples=400, deadline=None)
@given(JSON)
def test_canonical_json_is_rfc8785(document):
    try:
        expected = rfc8785.dumps(document)
    except rfc8785.CanonicalizationError:      # e.g. integers beyond I-JSON: not ours to decide
        return
    assert canonical_json(document) == expected


@settings(max_examples=400, deadline=None)
@given(ASCII_JSON)
def test_the_ascii_path_is_rfc8785(document):
    try:
        expected = rfc8785.dumps(document)
    except rfc8785.CanonicalizationError:
        return
    assert canonical_json(document) == expected


@settings(max_examples=2000, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False) | st.floats(-1e-4, 1e-4))
def test_ecmascript_form_from_repr_agrees(value):
    assert _es_from_repr(repr(value)) == es_number(value)


def test_numbers_in_ecmascript_form():
    cases = {1.0: "1", 0.1: "0.1", 1e-7: "1e-7", 1.5e-6: "0.0000015", 1e21: "1e+21", 1e20: "100000000000000000000",
             -2.5e-8: "-2.5e-8", 123456.789: "123456.789", 0.0: "0", 2.0 ** 60: "1152921504606847000"}
    assert {k: es_number(k) for k in cases} == cases


def test_digest_ignores_key_order_and_whitespace():
    assert json_digest({"b": [1, 2.5], "a": "x"}) == json_digest({"a": "x", "b": [1.0, 2.5]})
    assert json_digest({"a": 1}).startswith("uEi") and len(json_digest({"a": 1})) == 47


_TEXT = st.text(max_size=12)                  # any Unicode, control characters and quotes included
FLOWS = st.builds(
    lambda site, programme, monitored, companies, share: {"site": site, "programme": programme,
                                                          "monitored": monitored, "companies": companies,
                                                          "share": share},
    _TEXT, st.none() | _TEXT, st.booleans(), st.lists(_TEXT, min_size=1, max_size=4).map(tuple),
    st.floats(1e-12, 1.0) | st.sampled_from([1.0, 0.5, 1e-5, 1.5e-6, 1e-7, 0.1 + 0.2]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_TEXT, st.integers(0, 2 ** 53 - 1), st.lists(FLOWS, max_size=5)), max_size=3))
def test_the_trace_writer_is_jcs(materials):
    from indices.evidence.canonical import traces_jcs
    from indices.evidence.inputs import Flow, MaterialTrace

    traces = []
    for material, mass, flows in materials:
        scale = sum(f["share"] for f in flows) or 1.0       # shares of a material add up to at most 1
        traces.append(MaterialTrace(material=material, mass_mg=mass, flows=tuple(
            Flow(**{**f, "share": max(f["share"] / max(scale, 1.0), 1e-12)}) for f in flows)))
    expected = rfc8785.dumps([t.model_dump(mode="json") for t in traces])
    assert traces_jcs(traces) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_TEXT, st.lists(st.integers(0, 10 ** 9), min_size=13, max_size=13)), max_size=5),
       st.none() | st.dates(), st.none() | st.dates(), _TEXT)
def test_the_programme_writer_is_jcs(sites, start, end, source):
    from indices.bettermining.site_counts import COUNT_FIELDS, SiteCounts
    from indices.evidence.canonical import programme_jcs
    from indices.evidence.inputs import ProgrammeData

    programme = ProgrammeData(source=source, period_from=start, period_to=end, sites=tuple(
        SiteCounts(site=site, **dict(zip(COUNT_FIELDS, counts, strict=True))) for site, counts in sites))
    assert programme_jcs(programme) == rfc8785.dumps(programme.model_dump(mode="json"))
