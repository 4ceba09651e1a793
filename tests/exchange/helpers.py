"""Shared helpers of the exchange tests: the example passports, and the values a table maps, leaf by leaf."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from passport.exchange.table import Table, leaves

EXAMPLES = Path(__file__).resolve().parents[2] / "passport" / "application" / "demo" / "passports"
EXAMPLE_NAMES = ("nmc811-ev-pack", "lfp-industrial-storage")
LEVELS = ("public", "legitimate_interest", "authority")


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def _normal(value: Any) -> Any:
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        try:
            return Decimal(str(value)).normalize()
        except InvalidOperation:
            return value
    return value


def _collect(node: Any, parts: list[str]) -> list[Any]:
    if not parts:
        return [node]
    head, rest = parts[0], parts[1:]
    is_list = head.endswith("[]")
    key = head.removesuffix("[]")
    if not isinstance(node, dict) or key not in node:
        return []
    value = node[key]
    if is_list:
        return [v for item in value for v in _collect(item, rest)]
    return _collect(value, rest)


def mapped_values(document: dict[str, Any], table: Table, skip: set[str] = frozenset()) -> dict[str, list[Any]]:
    """Our mapped leaf path (`a.b[].c`) -> the values it holds in `document`, in order, numbers compared exactly."""
    out: dict[str, list[Any]] = {}
    for ours, _theirs, _annex, _rule in leaves(table):
        values = _collect(document, ours.replace("[].", "[]|").replace(".", "|").split("|"))
        out[ours] = [_normal(v) for v in values]
    return {k: v for k, v in out.items() if k not in skip}
