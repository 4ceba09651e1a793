"""EN 18222 data elements: one attribute of a passport addressed by its path, with its access group.

An element path is a JSON pointer into the passport content (`generalProductInformation/batteryStatus`, with or
without the leading `/`; list items by index; `~1` and `~0` as in RFC 6901). Its access group is the most
restrictive group on the path from the root (`passport.model.access`), read from the model alone, so whether a
caller may read an element is decided before any value is looked at: a refused caller learns nothing about it.
"""

from __future__ import annotations

import copy
from typing import Any

from passport.errors import InputError, NotFoundError
from passport.model import AccessGroup, Passport
from passport.model.tree import field_specs

MAX_DEPTH = 12


def parse_element_path(text: str) -> tuple[str, ...]:
    """The reference tokens of an element path (InputError INVALID_ELEMENT_PATH when it has none)."""
    tokens = tuple(t.replace("~1", "/").replace("~0", "~") for t in text.strip().strip("/").split("/"))
    if not text.strip().strip("/") or any(not t for t in tokens) or len(tokens) > MAX_DEPTH:
        raise InputError("an element path is a JSON pointer into the passport content, e.g. "
                         "generalProductInformation/batteryStatus", code="INVALID_ELEMENT_PATH",
                         details={"field": "elementPath"})
    return tokens


def pointer_of(tokens: tuple[str, ...]) -> str:
    return "".join("/" + t.replace("~", "~0").replace("/", "~1") for t in tokens)


def element_group(tokens: tuple[str, ...]) -> AccessGroup:
    """The access group a reader needs for the element (NotFoundError ELEMENT_NOT_FOUND: not an attribute)."""
    model: Any = Passport
    group = AccessGroup.PUBLIC
    in_list = False
    for token in tokens:
        if in_list:
            if not token.isdigit():
                raise _unknown(tokens)
            in_list = False
            continue
        spec = field_specs(model).get(token) if model is not None else None
        if spec is None:
            raise _unknown(tokens)
        group = AccessGroup.max(group, spec.group)
        model, in_list = spec.nested, spec.is_list
    return group


def read_element(content: dict[str, Any], tokens: tuple[str, ...]) -> Any:
    """The element's value in `content` (a reader's view); NotFoundError ELEMENT_NOT_FOUND when absent."""
    node: Any = content
    for token in tokens:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise _unknown(tokens, absent=True)
    return node


def set_element(content: dict[str, Any], tokens: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A copy of `content` with the element set to `value` (`None` removes it); parents are created as
    objects. A list index must exist (InputError ELEMENT_INDEX_OUT_OF_RANGE)."""
    result = copy.deepcopy(content)
    node: Any = result
    for depth, token in enumerate(tokens[:-1]):
        if isinstance(node, list):
            node = node[_index(node, token, tokens)]
        else:
            node = node.setdefault(token, [] if token.isdigit() else {})
        if not isinstance(node, (dict, list)):
            raise InputError("a parent of the element is not an object", code="INVALID_ELEMENT_PATH",
                             details={"pointer": pointer_of(tokens[: depth + 1])})
    last = tokens[-1]
    if isinstance(node, list):
        index = _index(node, last, tokens)
        if value is None:
            node.pop(index)
        else:
            node[index] = value
    elif value is None:
        node.pop(last, None)
    else:
        node[last] = value
    return result


def _index(node: list[Any], token: str, tokens: tuple[str, ...]) -> int:
    if not token.isdigit() or int(token) >= len(node):
        raise InputError("no such list item", code="ELEMENT_INDEX_OUT_OF_RANGE",
                         details={"pointer": pointer_of(tokens)})
    return int(token)


def _unknown(tokens: tuple[str, ...], absent: bool = False) -> NotFoundError:
    return NotFoundError("the passport has no such element" if absent else "not a passport data element",
                         code="ELEMENT_NOT_FOUND", details={"pointer": pointer_of(tokens)})
