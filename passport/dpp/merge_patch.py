"""JSON Merge Patch (RFC 7396): the change an EN 18222 UpdateDPP carries."""

from __future__ import annotations

import copy
from typing import Any


def apply_merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 §2 MergePatch(Target, Patch), without changing either argument.

    A patch that is not an object replaces the target; `null` members remove; objects merge recursively;
    arrays (like every other value) replace whole.
    """
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for name, value in patch.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = apply_merge_patch(result.get(name), value)
    return result
