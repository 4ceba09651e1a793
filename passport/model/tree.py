"""The passport's field tree read from the models: each field's JSON name, access group, Annex XIII points,
unit and value type. Projections, JSON pointers, the JSON-LD context and the tests all walk this one tree."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from passport.model.access import ANNEX_KEY, GROUP_KEY, REFERENCE_KEY, UNIT_KEY, UNIT_TEXT_KEY, AccessGroup


@dataclass(frozen=True)
class FieldSpec:
    """One field of one model, as the rest of the package sees it."""

    model: type[BaseModel]
    name: str
    alias: str
    group: AccessGroup
    annex: tuple[str, ...]
    reference: str | None
    unit: str | None
    unit_text: str | None
    value_type: Any
    """The scalar type, or the nested model class."""
    is_list: bool
    required: bool

    @property
    def nested(self) -> type[BaseModel] | None:
        """The nested model class, if this field holds objects."""
        return self.value_type if _is_model(self.value_type) else None


def escape_token(token: str) -> str:
    """RFC 6901 reference-token escaping of one JSON pointer segment."""
    return token.replace("~", "~0").replace("/", "~1")


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def unwrap(annotation: Any) -> tuple[Any, bool]:
    """(scalar or model type, is_list) of a field annotation, through Optional, Annotated and list."""
    is_list = False
    tp = annotation
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [arg for arg in typing.get_args(tp) if arg is not type(None)]
            if len(args) != 1:
                raise TypeError(f"unsupported union {tp!r}")
            tp = args[0]
        elif origin is list:
            if is_list:
                raise TypeError("nested lists are not supported")
            is_list = True
            tp = typing.get_args(tp)[0]
        else:
            return tp, is_list


def _spec(model: type[BaseModel], name: str, info: FieldInfo) -> FieldSpec:
    extra = info.json_schema_extra
    if not isinstance(extra, dict) or GROUP_KEY not in extra:
        raise TypeError(f"{model.__name__}.{name} has no access group")
    value_type, is_list = unwrap(info.annotation)
    return FieldSpec(
        model=model, name=name, alias=info.alias or name, group=AccessGroup(extra[GROUP_KEY]),
        annex=tuple(extra.get(ANNEX_KEY, ())), reference=extra.get(REFERENCE_KEY),
        unit=extra.get(UNIT_KEY), unit_text=extra.get(UNIT_TEXT_KEY),
        value_type=value_type, is_list=is_list, required=info.is_required(),
    )


@cache
def field_specs(model: type[BaseModel]) -> dict[str, FieldSpec]:
    """The fields of `model`, keyed by JSON name (alias)."""
    specs = (_spec(model, name, info) for name, info in model.model_fields.items())
    return {spec.alias: spec for spec in specs}


def models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """Every model reachable from `root`, root first, each once."""
    seen: list[type[BaseModel]] = []
    stack = [root]
    while stack:
        model = stack.pop(0)
        if model in seen:
            continue
        seen.append(model)
        stack.extend(spec.nested for spec in field_specs(model).values() if spec.nested is not None)
    return seen


@dataclass(frozen=True)
class TreeNode:
    """A field at a path from the root, with the group a reader needs to see it (the highest on the path)."""

    path: tuple[str, ...]
    spec: FieldSpec
    effective_group: AccessGroup


def walk(root: type[BaseModel], *, _path: tuple[str, ...] = (),
         _inherited: AccessGroup = AccessGroup.PUBLIC) -> Iterator[TreeNode]:
    """Every field path of the model tree (list items are not indexed here), depth first."""
    for alias, spec in field_specs(root).items():
        group = AccessGroup.max(_inherited, spec.group)
        path = (*_path, alias)
        yield TreeNode(path, spec, group)
        if spec.nested is not None:
            yield from walk(spec.nested, _path=path, _inherited=group)
