"""Build our JSON-LD context, `https://w3id.org/battery-passport/context/v1`, from the model.

Every JSON name of every passport model becomes a protected term under the vocabulary namespace, typed from
its Python type: quantities `xsd:decimal` (written as strings), counts `xsd:integer`, dates `xsd:date`,
timestamps `xsd:dateTime`, booleans `xsd:boolean`, links `@id`; strings and enumerations stay plain literals.
No `@vocab`: a key the context does not define is an error for the JSON-LD processor, never a guess.
One name has one meaning everywhere in the tree, so the context is flat; `build_context` refuses a model
that would need two definitions for one name, or a name the VC 2.0 context already protects.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from importlib.resources import files
from typing import Any

from pydantic import AnyUrl

from passport.model.passport import Passport
from passport.model.tree import models, field_specs

CONTEXT_URL = "https://w3id.org/battery-passport/context/v1"
VOCAB = "https://w3id.org/battery-passport/vocab#"
CONTEXT_FILE = "battery-passport-v1.jsonld"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: Classes named in a passport credential.
CLASSES = ("BatteryPassport", "BatteryPassportCredential")
VC2_CONTEXT_FILE = "credentials-v2.jsonld"


def _terms_in(context: dict[str, Any]) -> set[str]:
    terms = {key for key in context if not key.startswith("@")}
    for definition in context.values():
        if isinstance(definition, dict) and isinstance(definition.get("@context"), dict):
            terms |= _terms_in(definition["@context"])
    return terms


def vc2_terms() -> frozenset[str]:
    """Every term the shipped VC 2.0 context defines and protects, type-scoped ones included: ours must not
    redefine any of them (a JSON-LD processor refuses a protected term redefinition)."""
    document = json.loads((files("schemas") / "contexts" / VC2_CONTEXT_FILE).read_text(encoding="utf-8"))
    return frozenset(_terms_in(document["@context"]))


def datatype_of(value_type: Any) -> str | None:
    """The `@type` coercion of a scalar type, or None for a plain string literal."""
    if isinstance(value_type, type):
        if issubclass(value_type, bool):
            return f"{XSD}boolean"
        if issubclass(value_type, int):
            return f"{XSD}integer"
        if issubclass(value_type, Decimal):
            return f"{XSD}decimal"
        if issubclass(value_type, datetime):
            return f"{XSD}dateTime"
        if issubclass(value_type, date):
            return f"{XSD}date"
        if issubclass(value_type, AnyUrl):
            return "@id"
        if issubclass(value_type, (str, Enum)):
            return None
    raise TypeError(f"no JSON-LD datatype for {value_type!r}")


def term_definitions() -> dict[str, dict[str, str]]:
    """Term -> expanded term definition for every field of the passport tree."""
    terms: dict[str, dict[str, str]] = {}
    protected = vc2_terms()
    for model in models(Passport):
        for alias, spec in field_specs(model).items():
            if alias == "id":
                continue  # `id` is the VC 2.0 keyword alias for @id: the passport's own identifier
            if alias in protected:
                raise ValueError(f"{model.__name__}.{spec.name}: '{alias}' is protected by the VC 2.0 context")
            definition = {"@id": VOCAB + alias}
            if spec.nested is None and (datatype := datatype_of(spec.value_type)) is not None:
                definition["@type"] = datatype
            if terms.setdefault(alias, definition) != definition:
                raise ValueError(f"{model.__name__}.{spec.name}: '{alias}' has two definitions in the passport tree")
    return dict(sorted(terms.items()))


def build_context() -> dict[str, Any]:
    """The context document (a pure function of the model)."""
    context: dict[str, Any] = {"@version": 1.1, "@protected": True}
    context.update({name: {"@id": VOCAB + name} for name in CLASSES})
    context.update(term_definitions())
    return {"@context": context}


def render_context() -> str:
    """The committed file's exact text."""
    return json.dumps(build_context(), indent=2, ensure_ascii=False) + "\n"
