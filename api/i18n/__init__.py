"""Interface strings, one JSON file per language (`en.json`, `fr.json`, ...): adding a language is adding a file.

English is the reference: every file must have exactly its keys (a test checks). The language of a page is
`?lang=xx` when given and available, else the best of `Accept-Language`, else English.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DIRECTORY = Path(__file__).parent
DEFAULT = "en"


@lru_cache(maxsize=1)
def catalogues() -> dict[str, dict[str, str]]:
    """Every language's strings, by language code (the file name)."""
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(DIRECTORY.glob("*.json"))}


def languages() -> list[str]:
    return sorted(catalogues())


def _accept_language(header: str) -> list[tuple[float, str]]:
    ranked = []
    for order, item in enumerate(header.split(",")):
        tag, _, params = item.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag:
            ranked.append((q, -order, tag.strip().lower()))
    return [(q, tag) for q, _, tag in sorted(ranked, reverse=True)]


@lru_cache(maxsize=512)
def pick_language(query: str | None, accept_language: str | None) -> str:
    available = catalogues()
    if query and query.lower() in available:
        return query.lower()
    for q, tag in _accept_language(accept_language or ""):
        if q <= 0:
            continue
        primary = tag.split("-")[0]
        if primary in available:
            return primary
    return DEFAULT


class Translator:
    """`t(key, **values)`: the string in `lang`, falling back to English, then to the key itself. `t.lang` tells
    the page's formatters which language they write for."""

    __slots__ = ("lang", "_strings", "_fallback")

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._strings = catalogues().get(lang, {})
        self._fallback = catalogues().get(DEFAULT, {})

    def __call__(self, key: str, **values: Any) -> str:
        text = self._strings.get(key) or self._fallback.get(key) or key
        return text.format(**values) if values else text


def translator(lang: str) -> Translator:
    return Translator(lang)
