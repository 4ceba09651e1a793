"""A reader's view of a passport, and the JSON pointers that select it (for selective disclosure).

Both read the access groups from the model's field metadata: a field is visible at `level` when every group
on its path from the root is one `level` may read. Pure functions; nothing here knows about HTTP or keys.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from passport.errors import InputError
from passport.model.access import AccessGroup
from passport.model.passport import Passport
from passport.model.tree import FieldSpec, escape_token, field_specs

#: Credential envelope members every reader sees (the passport's identity and who vouches for it).
ENVELOPE_KEYS = ("id", "type", "issuer", "validFrom", "validUntil")


def project(passport: Passport, level: AccessGroup | str) -> dict[str, Any]:
    """The passport as JSON (camelCase, decimals as strings) with only the attributes `level` may read."""
    level = AccessGroup(level)
    document = passport.model_dump(mode="json", by_alias=True, exclude_none=True)
    return _project_object(document, type(passport), level, AccessGroup.PUBLIC)


def project_json(document: dict[str, Any], level: AccessGroup | str) -> dict[str, Any]:
    """`project` for passport JSON that need not be a complete passport (a reader's view, a draft): only the
    attributes `level` may read. An unknown key is an `InputError` naming its pointer."""
    level = AccessGroup(level)
    _pointers(document, Passport, AccessGroup.AUTHORITY, AccessGroup.PUBLIC, "")  # names unknown keys
    return _project_object(document, Passport, level, AccessGroup.PUBLIC)


def _project_object(node: dict[str, Any], model: type[BaseModel], level: AccessGroup,
                    inherited: AccessGroup) -> dict[str, Any]:
    specs = field_specs(model)
    view: dict[str, Any] = {}
    for key, value in node.items():
        spec = specs[key]
        group = AccessGroup.max(inherited, spec.group)
        if not level.can_read(group):
            continue
        if spec.nested is None:
            view[key] = value
        elif spec.is_list:
            view[key] = [_project_object(item, spec.nested, level, group) for item in value]
        else:
            view[key] = _project_object(value, spec.nested, level, group)
    return view


def pointers_for(document: dict[str, Any], level: AccessGroup | str) -> list[str]:
    """JSON pointers selecting exactly what a reader at `level` may see in `document`.

    `document` is a passport as JSON or a credential whose `credentialSubject` is one (pointers then start
    with `/credentialSubject` and include the envelope members every reader sees). Lists are expanded per
    index; a whole object is selected by one pointer only when nothing inside it is above `level`, so a
    disclosure built from these pointers can never carry a higher group's value. Unknown keys are an
    `InputError` naming their pointer.
    """
    level = AccessGroup(level)
    if "credentialSubject" in document:
        subject = document["credentialSubject"]
        if not isinstance(subject, dict):
            raise InputError("credentialSubject must be one object", code="INVALID_CREDENTIAL",
                             details={"pointer": "/credentialSubject"})
        pointers = [f"/{key}" for key in ENVELOPE_KEYS if key in document]
        pointers += [f"/credentialSubject/{key}" for key in ("id", "type") if key in subject]
        body = {key: value for key, value in subject.items() if key not in ("id", "type")}
        pointers += _pointers(body, Passport, level, AccessGroup.PUBLIC, "/credentialSubject")
        return pointers
    return _pointers(document, Passport, level, AccessGroup.PUBLIC, "")


def _pointers(node: dict[str, Any], model: type[BaseModel], level: AccessGroup, inherited: AccessGroup,
              prefix: str) -> list[str]:
    specs = field_specs(model)
    pointers: list[str] = []
    for key, value in node.items():
        pointer = f"{prefix}/{escape_token(key)}"
        spec = _known(specs, key, pointer)
        group = AccessGroup.max(inherited, spec.group)
        if not level.can_read(group):
            continue
        if spec.nested is None or level.can_read(highest_group(value, spec, group, pointer)):
            pointers.append(pointer)
        elif spec.is_list:
            for index, item in enumerate(_items(value, pointer)):
                item_pointer = f"{pointer}/{index}"
                if level.can_read(_highest_in_object(item, spec.nested, group, item_pointer)):
                    pointers.append(item_pointer)
                else:
                    pointers += _pointers(item, spec.nested, level, group, item_pointer)
        else:
            pointers += _pointers(_object(value, pointer), spec.nested, level, group, pointer)
    return pointers


def highest_group(value: Any, spec: FieldSpec, group: AccessGroup, pointer: str) -> AccessGroup:
    """The most restrictive group of anything present in `value` (the value of a field with `spec`)."""
    if spec.nested is None:
        return group
    if spec.is_list:
        return AccessGroup.max(group, *(_highest_in_object(item, spec.nested, group, f"{pointer}/{i}")
                                        for i, item in enumerate(_items(value, pointer))))
    return _highest_in_object(_object(value, pointer), spec.nested, group, pointer)


def _highest_in_object(node: Any, model: type[BaseModel], inherited: AccessGroup, pointer: str) -> AccessGroup:
    specs = field_specs(model)
    highest = inherited
    for key, value in _object(node, pointer).items():
        child = f"{pointer}/{escape_token(key)}"
        spec = _known(specs, key, child)
        highest = AccessGroup.max(highest, highest_group(value, spec, AccessGroup.max(inherited, spec.group), child))
    return highest


def _known(specs: dict[str, FieldSpec], key: str, pointer: str) -> FieldSpec:
    if key not in specs:
        raise InputError("not a passport attribute", code="UNKNOWN_ATTRIBUTE", details={"pointer": pointer})
    return specs[key]


def _object(value: Any, pointer: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError("an object is expected here", code="INVALID_PASSPORT", details={"pointer": pointer})
    return value


def _items(value: Any, pointer: str) -> list[Any]:
    if not isinstance(value, list):
        raise InputError("a list is expected here", code="INVALID_PASSPORT", details={"pointer": pointer})
    return value
