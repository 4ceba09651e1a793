"""The one reader of untrusted JSON: every API body, CLI file and importer goes through `read_json`.

Why one reader: the standard parser recurses (a document nested ~1,000 levels deep raises RecursionError), keeps
the last of two equal keys (a verifier that keeps the first would show another value than the one signed) and
accepts `NaN`/`Infinity` (not JSON, RFC 8259 §6). Here nesting is measured by a flat scan *before* parsing, so
no depth can exhaust the stack, and each refusal is an `InputError` with its own code:

    INVALID_JSON          not JSON (details: line, column, reason) or not UTF-8
    JSON_TOO_DEEP         nested deeper than `max_depth` (details: maxDepth, line, column)
    JSON_DUPLICATE_KEY    an object names a member twice (details: key, line, column)
    JSON_NOT_A_NUMBER     NaN, Infinity or -Infinity (details: value)
    JSON_ARRAY_TOO_LONG   an array holds more than `max_array_items` (details: pointer, maxItems) — opt-in
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from pathlib import Path
from typing import Any

from passport.errors import InputError
from passport.settings import get_settings

DEFAULT_MAX_DEPTH = 100

__all__ = ["DEFAULT_MAX_DEPTH", "check_array_lengths", "read_json", "read_json_file"]

# A JSON string (escapes included) or one structural bracket; everything else cannot change the depth.
_TOKENS = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]', re.S)
_STRINGS = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.S)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]++")


class _Duplicate(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return obj


def _refuse_constant(value: str) -> Any:
    raise InputError(f"{value} is not a JSON number", code="JSON_NOT_A_NUMBER", details={"value": value})


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _check_depth(text: str, max_depth: int, where: dict[str, Any]) -> None:
    # Fast path: strings out, everything but brackets out, then the running depth (C loops but for the brackets).
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    if max(accumulate(1 if c in "[{" else -1 for c in brackets), default=0) <= max_depth:
        return
    depth = 0  # refused: find where, for the error
    for match in _TOKENS.finditer(text):
        char = match.group()[0]
        if char in "[{":
            depth += 1
            if depth > max_depth:
                line, column = _position(text, match.start())
                raise InputError(f"JSON nested deeper than {max_depth} levels (line {line} column {column})",
                                 code="JSON_TOO_DEEP",
                                 details={**where, "maxDepth": max_depth, "line": line, "column": column})
        elif char in "]}":
            depth -= 1
    raise InputError(f"JSON nested deeper than {max_depth} levels", code="JSON_TOO_DEEP",
                     details={**where, "maxDepth": max_depth})


def _duplicate_position(text: str, key: str) -> tuple[int, int] | tuple[None, None]:
    """Line and column of the second occurrence of `"key":` (best effort: the error names the key either way)."""
    needle = re.compile(re.escape(json.dumps(key)) + r"\s*:")
    found = list(needle.finditer(text))
    return _position(text, found[1].start()) if len(found) > 1 else (None, None)


def read_json(data: str | bytes, *, max_depth: int | None = None, source: str | None = None) -> Any:
    """Parse one JSON document from untrusted input, or raise `InputError` naming what is wrong and where.

    `max_depth` defaults to the `max_json_depth` setting. `source` (a file name) is added to the error's details
    so a CLI or an importer can say which file failed.
    """
    if max_depth is None:
        max_depth = _configured_depth()
    where: dict[str, Any] = {"file": source} if source else {}
    if isinstance(data, (bytes, bytearray)):
        try:
            text = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError("the JSON is not UTF-8 text", code="INVALID_JSON",
                             details={**where, "reason": "not UTF-8", "byte": exc.start}) from None
    else:
        text = data
    _check_depth(text, max_depth, where)
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_refuse_constant)
    except _Duplicate as dup:
        line, column = _duplicate_position(text, dup.key)
        raise InputError("a JSON object names the same member twice", code="JSON_DUPLICATE_KEY",
                         details={**where, "key": dup.key[:200], "line": line, "column": column}) from None
    except InputError as exc:
        exc.details.update(where)
        raise
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg} (line {exc.lineno} column {exc.colno})", code="INVALID_JSON",
                         details={**where, "line": exc.lineno, "column": exc.colno, "reason": exc.msg}) from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer longer than Python converts
        raise InputError("not JSON: a value cannot be read", code="INVALID_JSON",
                         details={**where, "reason": type(exc).__name__}) from None


def read_json_file(path: str | Path, *, max_depth: int | None = None) -> Any:
    """`read_json` on a file's bytes; an unreadable file is `FILE_NOT_READABLE` naming it."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}", code="FILE_NOT_READABLE",
                         details={"file": str(path)}) from None
    return read_json(data, max_depth=max_depth, source=str(path))


def _configured_depth() -> int:
    return get_settings().max_json_depth


def check_array_lengths(value: Any, max_items: int, *, pointer: str = "") -> None:
    """Refuse any array in `value` holding more than `max_items` (an iterative walk: no recursion)."""
    stack: list[tuple[str, Any]] = [(pointer, value)]
    while stack:
        at, node = stack.pop()
        if isinstance(node, list):
            if len(node) > max_items:
                raise InputError(f"an array holds more than {max_items} items", code="JSON_ARRAY_TOO_LONG",
                                 details={"pointer": at, "maxItems": max_items, "items": len(node)})
            stack.extend((f"{at}/{i}", item) for i, item in enumerate(node))
        elif isinstance(node, dict):
            stack.extend((f"{at}/{_escape(str(k))}", item) for k, item in node.items())


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")
