"""The base of every passport model: camelCase JSON names (the JSON-LD terms), no unknown keys, immutable."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class PassportModel(BaseModel):
    """Every passport section derives from this: the JSON name of a field is its JSON-LD term."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=True,
        serialize_by_alias=True,
        extra="forbid",
        frozen=True,
        use_enum_values=False,
    )
