"""Index rulebooks as data: the model (the format), the loader, and our GBA-aligned rulebooks.

    model    Rulebook, Indicator, Equivalency, LabelBand; criteria types Questionnaire and Performance
    loader   load_rulebook(id, version), load_path(file), default_rulebooks(), rulebook_digest()
"""

from indices.rulebook.loader import (
    default_rulebooks,
    load_path,
    load_rulebook,
    parse_rulebook,
    rulebook_digest,
)
from indices.rulebook.model import (
    Equivalency,
    EvidenceType,
    IndexKind,
    Indicator,
    LabelBand,
    Level,
    Performance,
    Pillar,
    Questionnaire,
    Rulebook,
    Scope,
    Stage,
)

__all__ = [
    "Equivalency",
    "EvidenceType",
    "IndexKind",
    "Indicator",
    "LabelBand",
    "Level",
    "Performance",
    "Pillar",
    "Questionnaire",
    "Rulebook",
    "Scope",
    "Stage",
    "default_rulebooks",
    "load_path",
    "load_rulebook",
    "parse_rulebook",
    "rulebook_digest",
]
