"""JSON pointers and `selectJsonLd`: the part of a compact JSON-LD document that some pointers name.

Spec: VC-DI-ECDSA §3.4.13 (jsonPointerToPaths), §3.4.14 (createInitialSelection),
§3.4.15 (selectPaths), §3.4.16 (selectJsonLd).
"""

from __future__ import annotations

import copy
from typing import Any

from passport.errors import InputError

Path = list[str | int]


class PointerError(InputError):
    """A JSON pointer that is malformed or names nothing in the document."""

    code = "INVALID_JSON_POINTER"


def json_pointer_to_paths(pointer: str) -> Path:
    """RFC 6901 pointer -> path segments; all-digit segments become array indexes (spec §3.4.13)."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise PointerError(f"a JSON pointer starts with '/': {pointer!r}", details={"pointer": pointer})
    paths: Path = []
    for segment in pointer.split("/")[1:]:
        if "~" in segment:
            paths.append(segment.replace("~1", "/").replace("~0", "~"))
        elif segment.isdigit():
            paths.append(int(segment))
        else:
            paths.append(segment)
    return paths


def _is_blank_node_id(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("_:")


def create_initial_selection(source: dict[str, Any]) -> dict[str, Any]:
    """Spec §3.4.14: a selected node keeps its (non-blank) `id` and its `type`, so it stays the same node."""
    selection: dict[str, Any] = {}
    if "id" in source and not _is_blank_node_id(source["id"]):
        selection["id"] = source["id"]
    if "type" in source:
        selection["type"] = source["type"]
    return selection


class _Sparse(dict):
    """An array under construction: index -> selected value; holes are dropped at the end (spec §3.4.16 step 5)."""


def _get(container: Any, key: str | int, pointer: str) -> Any:
    try:
        if isinstance(container, list):
            if not isinstance(key, int):
                raise KeyError(key)
            return container[key]
        if isinstance(container, dict) and isinstance(key, str):
            return container[key]
        raise KeyError(key)
    except (KeyError, IndexError):
        raise PointerError(f"JSON pointer {pointer} does not match the document", details={"pointer": pointer}) from None


def _select_paths(pointer: str, document: dict[str, Any], selection: dict[str, Any]) -> None:
    """Spec §3.4.15 selectPaths."""
    paths = json_pointer_to_paths(pointer)
    if not paths:
        raise PointerError("the empty pointer selects the whole document; name its parts", details={"pointer": pointer})
    value: Any = document
    selected_parent: Any = selection
    selected_value: Any = selection
    for path in paths:
        selected_parent = selected_value
        value = _get(value, path, pointer)
        selected_value = selected_parent.get(path)
        if selected_value is None:
            selected_value = _Sparse() if isinstance(value, list) else (
                create_initial_selection(value) if isinstance(value, dict) else None)
            selected_parent[path] = selected_value
    if isinstance(value, dict):
        merged = dict(selected_value) if isinstance(selected_value, dict) else {}
        merged.update(copy.deepcopy(value))
        selected_parent[paths[-1]] = merged
    else:
        selected_parent[paths[-1]] = copy.deepcopy(value)


def _finish(value: Any) -> Any:
    if isinstance(value, _Sparse):
        return [_finish(value[i]) for i in sorted(value)]
    if isinstance(value, dict):
        return {k: _finish(v) for k, v in value.items()}
    return value


def select_json_ld(pointers: list[str], document: dict[str, Any]) -> dict[str, Any] | None:
    """Spec §3.4.16: a new document holding only what `pointers` name (plus the ids and types around it)."""
    if not pointers:
        return None
    selection: dict[str, Any] = {}
    if "@context" in document:
        selection["@context"] = copy.deepcopy(document["@context"])
    selection.update(create_initial_selection(document))
    for pointer in pointers:
        _select_paths(pointer, document, selection)
    return _finish(selection)
