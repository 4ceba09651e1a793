"""Which passport fields are static (model-level, set when the battery is placed on the market) and which are
dynamic (this battery's state over its life), read from the model's Annex XIII metadata.

Annex XIII point 4 is the individual battery's changing data: 4(a) performance values at placing on the market
and at each status change, 4(b) state of health, 4(c) battery status, 4(d) usage (cycles, negative events,
temperatures). A field is dynamic when it, or a field above it, implements a point-4 item; everything else
(points 1 to 3 and the article references, e.g. the operator of Art. 77(4) and the predecessors of Art. 77(7))
is static and changes only with a reason code.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from passport.errors import InputError
from passport.model import Passport
from passport.model.tree import escape_token, field_specs

#: Why a static field may change, and what each code means.
REASON_CODES: dict[str, str] = {
    "correction": "an error in an earlier version is corrected",
    "regulatory-update": "a delegated or implementing act requires new or differently expressed information",
    "conformity-update": "a new EU declaration of conformity, test report or certificate",
    "responsibility-transfer": "Art. 77(7): a new economic operator took responsibility for the battery",
}
IGNORED = frozenset({"type"})  # the JSON-LD node type of the subject is not data


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def is_dynamic(pointer: str, root: type[BaseModel] = Passport) -> bool:
    """True when the JSON pointer (into a credentialSubject) lies under an Annex XIII point-4 field."""
    model: type[BaseModel] | None = root
    for token in pointer.split("/")[1:]:
        token = _unescape(token)
        if token.isdigit():
            continue
        spec = field_specs(model).get(token) if model is not None else None
        if spec is None:
            return False  # unknown: treated as static, the safe side
        if any(point.startswith("4") for point in spec.annex):
            return True
        model = spec.nested
    return False


def changed_pointers(old: Any, new: Any, pointer: str = "") -> list[str]:
    """JSON pointers of every value that differs between two JSON documents (deepest differing node)."""
    if isinstance(old, dict) and isinstance(new, dict):
        found: list[str] = []
        for key in sorted(set(old) | set(new)):
            if not pointer and key in IGNORED:
                continue
            found += changed_pointers(old.get(key), new.get(key), f"{pointer}/{escape_token(key)}")
        return found
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        found = []
        for index, (a, b) in enumerate(zip(old, new)):
            found += changed_pointers(a, b, f"{pointer}/{index}")
        return found
    return [] if old == new else [pointer]


def static_changes(old_subject: dict[str, Any], new_subject: dict[str, Any]) -> list[str]:
    """The pointers of static fields that differ between two versions' credentialSubjects."""
    return [p for p in changed_pointers(old_subject, new_subject) if not is_dynamic(p)]


def check_reason(pointers: list[str], reason: str | None) -> None:
    """A static change needs a known reason code; a dynamic-only change needs none."""
    if reason is not None and reason not in REASON_CODES:
        raise InputError(f"unknown reason code {reason!r}", code="UNKNOWN_REASON_CODE",
                         details={"reason": reason, "allowed": sorted(REASON_CODES)})
    if pointers and reason is None:
        raise InputError("static (model-level) fields changed: give a reason code", code="STATIC_CHANGE_NEEDS_REASON",
                         details={"pointers": pointers[:50], "allowed": sorted(REASON_CODES)})
