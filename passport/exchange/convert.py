"""Export a passport to another data model at a reader's access level, and import one back to our passport JSON.

Exporting first cuts the passport down to what `level` may read (`project_json`), then runs the model's table:
nothing above the level can reach an export. Importing runs the table backwards, then validates the result as a
draft passport (`PassportCreate`); a value our model refuses is named by its pointer in the caller's document, and
the import fails as a whole. Attributes our model requires that the source does not carry are listed, not
invented: the result is a draft to complete before `passport issue`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from passport.errors import InputError
from passport.exchange import aas, batterypass, catenax
from passport.exchange.schemas import SchemaError, check, load_schema
from passport.exchange.table import Outcome, Table, export, import_
from passport.model.access import AccessGroup
from passport.model.passport import PassportCreate
from passport.model.projection import project_json
from passport.model.validation import errors_of

BATTERYPASS = batterypass.NAME
CATENAX = catenax.NAME
AAS = aas.NAME
UNTP_DPP = "untp-dpp"
#: Every format `export_passport` writes (untp-dpp is a signed credential: see `passport.exchange.untp_dpp`).
FORMATS = (BATTERYPASS, AAS, CATENAX, UNTP_DPP)
#: The formats `import_passport` reads.
IMPORT_FORMATS = (BATTERYPASS, AAS, CATENAX)

MEDIA_TYPES = {BATTERYPASS: "application/json", CATENAX: "application/json", AAS: "application/json",
               UNTP_DPP: "application/vc+jwt"}

#: Checks of the published schemas that no conforming document can pass, and why (pointer suffix, keyword).
KNOWN_SCHEMA_DEFECTS: dict[tuple[str, str], str] = {
    ("/emailAddress", "pattern"): "Battery Pass 1.2.0 writes the e-mail pattern as ^[w.-]+@[w.-]+.[A-Za-z]{2,}$ "
                                  "(a literal 'w', not \\w): only addresses made of w, '.' and '-' match",
}


@dataclass(frozen=True)
class Export:
    """An export and what it could not carry."""

    format: str
    level: AccessGroup
    document: Any
    #: (our JSON pointer, reason) of values present at this level that the model has no code for.
    not_representable: tuple[tuple[str, str], ...] = ()
    #: (part, error) of every way the document fails the published schema (see `missing_required`).
    schema_errors: tuple[tuple[str, SchemaError], ...] = ()

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]

    @property
    def missing_required(self) -> list[str]:
        """Their required attributes this export leaves out (we do not hold them, or `level` may not read them)."""
        return [f"{part}{e.pointer}" for part, e in self.schema_errors if e.keyword == "required"]

    @property
    def defects(self) -> list[tuple[str, SchemaError]]:
        """Schema failures other than missing attributes and the schemas' own known defects: always a bug."""
        return [(part, e) for part, e in self.schema_errors
                if e.keyword != "required" and not _known_defect(e)]


@dataclass(frozen=True)
class Import:
    """A draft passport from another model, and what our model requires that the source did not carry."""

    format: str
    passport: dict[str, Any]
    missing: list[str] = field(default_factory=list)


def _known_defect(error: SchemaError) -> bool:
    return any(error.pointer.endswith(suffix) and error.keyword == keyword
               for suffix, keyword in KNOWN_SCHEMA_DEFECTS)


def passport_json(document: dict[str, Any]) -> dict[str, Any]:
    """The passport JSON inside `document`: a passport (draft or complete) or a passport credential (any view)."""
    if not isinstance(document, dict):
        raise InputError("a passport or passport credential is a JSON object", code="INVALID_PASSPORT",
                         details={"pointer": ""})
    subject = document.get("credentialSubject", document)
    if not isinstance(subject, dict):
        raise InputError("credentialSubject must be one object", code="INVALID_CREDENTIAL",
                         details={"pointer": "/credentialSubject"})
    return {key: value for key, value in subject.items() if key != "type"}


def export_passport(document: dict[str, Any], format: str, level: AccessGroup | str = AccessGroup.PUBLIC
                    ) -> Export:
    """`document` (passport JSON or a passport credential) in `format`, with only what `level` may read."""
    level = AccessGroup(level)
    view = project_json(passport_json(document), level)
    if format == BATTERYPASS:
        outcome = export(batterypass.TABLE, view)
        return Export(format, level, outcome.document, _not_representable(outcome),
                      tuple(_check_batterypass(outcome.document)))
    if format == CATENAX:
        outcome = export(catenax.TABLE, view)
        errors = check(outcome.document, load_schema(*catenax.SCHEMA))
        return Export(format, level, outcome.document, _not_representable(outcome),
                      tuple((catenax.NAME, e) for e in errors))
    if format == AAS:
        outcome = export(batterypass.TABLE, view)
        errors = _check_batterypass(outcome.document)
        environment = aas.environment(outcome.document, passport_id=str(view.get("id") or
                                      view["generalProductInformation"]["uniqueIdentifier"]))
        return Export(format, level, environment, _not_representable(outcome), tuple(errors))
    raise InputError(f"unknown export format {format!r}; one of {', '.join(FORMATS[:3])}"
                     + (" (untp-dpp is signed: use passport.exchange.untp_dpp)" if format == UNTP_DPP else ""),
                     code="UNKNOWN_FORMAT", details={"field": "format"})


def _check_batterypass(documents: dict[str, Any]) -> list[tuple[str, SchemaError]]:
    errors = []
    for aspect, (_urn, file) in batterypass.ASPECTS.items():
        if aspect in documents:
            errors += [(aspect, e) for e in check(documents[aspect], load_schema("batterypass-1.2.0", file))]
    return errors


def _not_representable(outcome: Outcome) -> tuple[tuple[str, str], ...]:
    return tuple(outcome.invalid)


def import_passport(format: str, document: Any) -> Import:
    """A document in `format` as our draft passport JSON; raises InputError (code `IMPORT_INVALID`) naming the
    pointer of every value in `document` our model refuses, and nothing is returned."""
    if format == BATTERYPASS:
        table, source = batterypass.TABLE, _document_set(document)
    elif format == CATENAX:
        table, source = catenax.TABLE, _object(document, "")
    elif format == AAS:
        table, source = batterypass.TABLE, aas.read_environment(document)
    else:
        raise InputError(f"unknown import format {format!r}; one of {', '.join(IMPORT_FORMATS)}",
                         code="UNKNOWN_FORMAT", details={"field": "format"})
    outcome = import_(table, source)
    return _validated(format, table, outcome)


def _document_set(document: Any) -> dict[str, Any]:
    """A Battery Pass document set: `{aspect: document}` (aspect names as in `batterypass.ASPECTS`)."""
    documents = _object(document, "")
    unknown = sorted(set(documents) - set(batterypass.ASPECTS))
    if unknown:
        raise InputError(f"not Battery Pass 1.2.0 aspects: {unknown}", code="IMPORT_INVALID",
                         details={"pointer": f"/{unknown[0]}", "errors": [
                             {"pointer": f"/{name}", "reason": "not an aspect of the model"} for name in unknown]})
    for name, aspect in documents.items():
        _object(aspect, f"/{name}")
    return documents


def _object(value: Any, pointer: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError("a JSON object is expected here", code="IMPORT_INVALID", details={"pointer": pointer})
    return value


def _validated(format: str, table: Table, outcome: Outcome) -> Import:
    problems = [{"pointer": where, "reason": why} for where, why in outcome.invalid]
    missing: list[str] = []
    try:
        PassportCreate.model_validate(outcome.document)
    except ValidationError as exc:
        for error in errors_of(exc):
            if error["type"] == "missing" or not _present(outcome.document, error["pointer"]):
                missing.append(error["pointer"])
                continue
            source = _origin(outcome.origins, error["pointer"])
            problems.append({"pointer": source, "field": error["pointer"], "reason": error["message"]})
    if problems:
        raise InputError(f"{len(problems)} value(s) of the {format} document are not valid passport values, "
                         f"first at {problems[0]['pointer']}", code="IMPORT_INVALID",
                         details={"pointer": problems[0]["pointer"], "errors": problems})
    return Import(format, outcome.document, missing)


def _present(document: Any, pointer: str) -> bool:
    node = document
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return True


def _origin(origins: dict[str, str], ours: str) -> str:
    """Their pointer for one of our pointers (or its nearest mapped ancestor or descendant)."""
    if ours in origins:
        return origins[ours]
    below = sorted(src for dst, src in origins.items() if dst.startswith(ours + "/"))
    if below:
        return below[0]
    parent = ours
    while "/" in parent:
        parent = parent.rsplit("/", 1)[0]
        if parent in origins:
            return origins[parent]
    return ours
