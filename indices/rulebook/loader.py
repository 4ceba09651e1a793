"""Load rulebooks: the ones we ship (`rulebooks/<id>-<version>.json`) or any file in the same format."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from indices.evidence.digest import json_digest
from indices.rulebook.model import IndexKind, Rulebook
from passport.errors import InputError, NotFoundError
from passport.jsonio import read_json_file

RULEBOOK_DIR = Path(__file__).with_name("rulebooks")

#: The rulebooks used when none is named: our own GBA-aligned ones (not the official GBA text).
DEFAULT_RULEBOOKS = {IndexKind.child_labour: ("gba-aligned-child-labour", "1.0.0"),
                     IndexKind.human_rights: ("gba-aligned-human-rights", "1.0.0")}


def load_path(path: Path) -> Rulebook:
    """Read and validate a rulebook file; errors name the file and the JSON pointer of the bad value."""
    document = read_json_file(path)
    return parse_rulebook(document, source=str(path))


def parse_rulebook(document: object, *, source: str = "<document>") -> Rulebook:
    try:
        return Rulebook.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        pointer = "/" + "/".join(str(p) for p in first["loc"])
        raise InputError(f"not a valid rulebook: {first['msg']}", code="INVALID_RULEBOOK",
                         details={"file": source, "pointer": pointer}) from exc


@lru_cache(maxsize=16)
def load_rulebook(rulebook_id: str, version: str) -> Rulebook:
    """A shipped rulebook by id and version."""
    path = RULEBOOK_DIR / f"{rulebook_id}-{version}.json"
    if not path.is_file():
        raise NotFoundError("no such rulebook", details={"rulebook": rulebook_id, "version": version})
    return load_path(path)


def default_rulebooks() -> dict[IndexKind, Rulebook]:
    return {kind: load_rulebook(*ref) for kind, ref in DEFAULT_RULEBOOKS.items()}


def rulebook_digest(rulebook: Rulebook) -> str:
    """Digest of the rulebook's content (JCS of its JSON form): a result names exactly the text it applied."""
    return json_digest(rulebook.model_dump(mode="json"))
