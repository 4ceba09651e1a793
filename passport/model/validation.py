"""Parse passport data into the model, turning pydantic's errors into one `InputError` with JSON pointers.

Error details never echo input values (a restricted value must not reach a log through an error message):
each entry has the pointer, pydantic's stable error type and its message.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import ValidationError

from passport.errors import InputError
from passport.model.passport import Passport, PassportBase
from passport.model.tree import escape_token

ModelT = TypeVar("ModelT", bound=PassportBase)


def pointer_of(location: tuple[str | int, ...], prefix: str = "") -> str:
    """RFC 6901 pointer of a pydantic error location (`("a", 0, "b")` -> `/a/0/b`)."""
    return prefix + "".join(f"/{escape_token(str(part))}" for part in location)


def errors_of(exc: ValidationError, prefix: str = "") -> list[dict[str, str]]:
    """Pydantic errors as `{pointer, type, message}`; a model rule that names a field points at that field."""
    errors = []
    for error in exc.errors(include_url=False, include_input=False):
        location = tuple(error["loc"])
        field = (error.get("ctx") or {}).get("field")
        if error["type"] == "passport_rule" and field:
            location = (*location, field)
        errors.append({"pointer": pointer_of(location, prefix), "type": error["type"], "message": error["msg"]})
    return errors


def parse_passport(data: Any, *, model: type[ModelT] = Passport,  # type: ignore[assignment]
                   pointer_prefix: str = "") -> ModelT:
    """Validate `data` (JSON-compatible) as a passport; raise `InputError(code="INVALID_PASSPORT")`.

    `details["pointer"]` is the first failing location and `details["errors"]` lists them all.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = errors_of(exc, pointer_prefix)
        raise InputError(f"the passport is not valid: {len(errors)} error(s), first at {errors[0]['pointer']}",
                         code="INVALID_PASSPORT", details={"pointer": errors[0]["pointer"], "errors": errors}) from exc
