"""Languages: one file each, the same keys in all, placeholders kept, and the choice rules."""

from __future__ import annotations

import re
import string

import pytest

from api import i18n


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_at_least_english_and_french():
    assert {"en", "fr"} <= set(i18n.languages())


@pytest.mark.parametrize("lang", i18n.languages())
def test_every_language_has_exactly_the_english_keys_and_placeholders(lang):
    reference, strings = i18n.catalogues()["en"], i18n.catalogues()[lang]
    assert set(strings) == set(reference)
    for key, text in strings.items():
        assert text.strip(), f"{lang}:{key} is empty"
        assert _placeholders(text) == _placeholders(reference[key]), f"{lang}:{key}"


def test_every_key_used_by_the_templates_and_pages_exists():
    from pathlib import Path

    root = Path(i18n.__file__).parents[1]
    used = set()
    for path in [*root.glob("templates/*.html"), *root.glob("pages/*.py"), root / "routers" / "resolve.py"]:
        used |= set(re.findall(r"""\bt\(\s*['"]([a-z_.0-9]+)['"]""", path.read_text()))
    assert len(used) > 30
    used.discard("level.")  # completed with the level name: t("level." + level)
    used.discard("status.")  # completed with the passport's status: t("status." + status)
    assert {f"status.{s}" for s in ("active", "suspended", "revoked")} <= set(i18n.catalogues()["en"])
    assert used <= set(i18n.catalogues()["en"])
    assert {f"level.{g}" for g in ("public", "legitimate_interest", "authority")} <= set(i18n.catalogues()["en"])


@pytest.mark.parametrize("query,header,expected", [
    ("fr", None, "fr"), ("de", "fr", "fr"), (None, "fr-CA,fr;q=0.9,en;q=0.5", "fr"),
    (None, "de-DE,en;q=0.5", "en"), (None, "fr;q=0, en", "en"), (None, None, "en"), (None, "*", "en"),
])
def test_language_choice(query, header, expected):
    assert i18n.pick_language(query, header) == expected


def test_missing_key_falls_back_to_english_then_to_the_key():
    assert i18n.translator("fr")("no.such.key") == "no.such.key"
    assert i18n.translator("xx")("section.carbon") == "Carbon footprint"


def test_every_model_value_shown_on_the_page_has_a_label():
    from passport.model import BatteryCategory, BatteryStatus, LifeCycleStage
    from passport.model.circularity import RecycledMaterial
    from passport.model.due_diligence import SustainabilityIndex

    keys = set(i18n.catalogues()["en"])
    wanted = ({f"category.{c.value}" for c in BatteryCategory} | {f"battery_status.{s.value}" for s in BatteryStatus}
              | {f"stage.{s.value}" for s in LifeCycleStage} | {f"material.{m.value}" for m in RecycledMaterial}
              | {f"index.{i.value}" for i in SustainabilityIndex} | {f"index.meaning.{i.value}" for i in SustainabilityIndex})
    assert wanted <= keys, sorted(wanted - keys)
