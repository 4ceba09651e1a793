"""Request models validated into the library's one error shape (every problem with its JSON pointer)."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from passport.errors import InputError

M = TypeVar("M", bound=BaseModel)


def parse_request(model: type[M], data: dict[str, Any], *, drop_none: bool = False) -> M:
    """`data` as `model`; InputError listing every problem (`pointer`, `type`, `message`) otherwise."""
    if drop_none:
        data = {k: v for k, v in data.items() if v is not None}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [{"pointer": "/" + "/".join(str(p) for p in err["loc"]), "type": err["type"],
                     "message": err["msg"]} for err in exc.errors(include_input=False)]
        raise InputError("; ".join(f"{p['pointer']}: {p['message']}" for p in problems),
                         details={"problems": problems, "pointer": problems[0]["pointer"]}) from exc
