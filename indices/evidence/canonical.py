"""JCS (RFC 8785) bytes of the two large disclosed parts — the material traces and the programme counts —
written directly from the models instead of through a generic JSON round trip.

At 10,000 sites these are megabytes that every derivation digests; writing them field by field with the C
string encoder is several times faster. The layout is checked against the objects' models: should a model
gain or lose a field, these writers step aside and `canonical_json` does the work. A property test holds both
byte-equal.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from operator import attrgetter
from typing import Any

from indices.bettermining.site_counts import COUNT_FIELDS
from indices.evidence.digest import _es_from_repr, canonical_json

_string = json.encoder.encode_basestring  # type: ignore[attr-defined]  # the C encoder json.dumps uses
_SAFE_INT = 2 ** 53 - 1

_FLOW_FIELDS = ("companies", "monitored", "programme", "share", "site")
_TRACE_FIELDS = ("flows", "mass_mg", "material")
_PROGRAMME_FIELDS = ("period_from", "period_to", "sites", "source")


def _layout(model: Any, expected: Iterable[str]) -> bool:
    return sorted(type(model).model_fields) == sorted(expected)


def traces_jcs(materials: Iterable[Any]) -> bytes:
    """JCS of `[m.model_dump(mode="json") for m in materials]` (`MaterialTrace`s)."""
    materials = list(materials)
    if not all(_layout(m, _TRACE_FIELDS) and all(_layout(f, _FLOW_FIELDS) for f in m.flows[:1]) for m in materials[:1]
               ) or any(abs(m.mass_mg) > _SAFE_INT for m in materials):
        return canonical_json([m.model_dump(mode="json") for m in materials])
    paths: dict[tuple[str, ...], str] = {}
    parts = []
    for m in materials:
        flows = []
        for f in m.flows:
            path = paths.get(f.companies)
            if path is None:
                path = paths[f.companies] = "[" + ",".join(map(_string, f.companies)) + "]"
            flows.append('{"companies":%s,"monitored":%s,"programme":%s,"share":%s,"site":%s}' % (
                path, "true" if f.monitored else "false", "null" if f.programme is None else _string(f.programme),
                _es_from_repr(repr(float(f.share))), _string(f.site)))
        parts.append('{"flows":[%s],"mass_mg":%d,"material":%s}' % (",".join(flows), m.mass_mg, _string(m.material)))
    try:
        return ("[" + ",".join(parts) + "]").encode("utf-8")
    except UnicodeEncodeError:                     # a lone surrogate: the general path says what JCS makes of it
        return canonical_json([m.model_dump(mode="json") for m in materials])


def programme_jcs(programme: Any) -> bytes:
    """JCS of `programme.model_dump(mode="json")` (`ProgrammeData`)."""
    names = sorted((*COUNT_FIELDS, "site"))
    counts = attrgetter(*COUNT_FIELDS)
    if not (_layout(programme, _PROGRAMME_FIELDS) and all(_layout(s, names) for s in programme.sites[:1])) or max(
            (max(v) for v in map(counts, programme.sites)), default=0) > _SAFE_INT:   # counts are never negative
        return canonical_json(programme.model_dump(mode="json"))
    row = "{" + ",".join(f'"{n}":%s' if n == "site" else f'"{n}":%d' for n in names) + "}"
    values, at = attrgetter(*names), names.index("site")
    sites = ",".join(row % (v[:at] + (_string(v[at]),) + v[at + 1:]) for v in map(values, programme.sites))

    def day(value: Any) -> str:
        return "null" if value is None else _string(value.isoformat())

    text = '{"period_from":%s,"period_to":%s,"sites":[%s],"source":%s}' % (
        day(programme.period_from), day(programme.period_to), sites, _string(programme.source))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return canonical_json(programme.model_dump(mode="json"))
