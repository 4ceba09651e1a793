"""The pages write numbers, units and dates the reader's way; charts wrap labels; failures come first on /verify.

Expected strings are written out by hand from CLDR's French and English conventions (comma decimal sign and
narrow no-break space grouping in French; point and comma in English), not produced by the code under test.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from api.i18n import translator
from api.pages.chart import LABEL_CHARS, Bar, bar_chart
from api.pages.consumer import Phrase, material_name
from api.pages.formatting import Formatter
from api.pages.verify_page import rows
from passport.credentials.result import Check, VerificationResult

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize("lang,value,unit,expected", [
    ("fr", "0.04416", "", "0,04416"),           # every signed digit kept, never rounded
    ("en", "0.04416", "", "0.04416"),
    ("fr", "1234.5", "kg", f"1{NNBSP}234,5{NBSP}kg"),
    ("en", "1234.5", "kg", f"1,234.5{NBSP}kg"),
    ("fr", "-12.125", "%", f"-12,125{NBSP}%"),
    ("fr", "not a number", "", "not a number"),
])
def test_numbers(lang, value, unit, expected):
    assert Formatter(lang).number(value, unit) == expected


@pytest.mark.parametrize("lang,watts,expected", [
    ("fr", "250000", f"250{NBSP}kW"), ("fr", "1500000", f"1,5{NBSP}MW"), ("en", "1500000", f"1.5{NBSP}MW"),
    ("fr", "800", f"800{NBSP}W"), ("en", "2500", f"2.5{NBSP}kW"),
])
def test_powers_take_the_prefix_that_reads_best(lang, watts, expected):
    assert Formatter(lang).power(watts) == expected


@pytest.mark.parametrize("lang,value,expected", [
    ("fr", "2026-03-01", "1 mars 2026"), ("en", "2026-03-01", "March 1, 2026"),
    ("fr", "2026-11-25T10:00:00+00:00", "25 novembre 2026"), ("fr", "soon", "soon"),
])
def test_dates(lang, value, expected):
    assert Formatter(lang).date(value) == expected


def test_material_names_are_translated_or_marked_as_english():
    fr = translator("fr")
    assert material_name("Natural graphite", fr) == Phrase("Graphite naturel")
    assert material_name("Lead", fr) == Phrase("Plomb")
    assert material_name("Phosphorus", fr) == Phrase("Phosphorus", "en")  # no French name known: marked
    assert material_name("Phosphorus", translator("en")) == Phrase("Phosphorus")  # already the page's language


def test_long_chart_labels_wrap_instead_of_running_off_the_chart():
    label = "Acquisition des matières premières et prétraitement (extraction, raffinage)"
    svg = bar_chart([Bar(label, Decimal("12.5")), Bar("Fin de vie", Decimal("-1.25"))], title="t", description="d",
                    unit="", number=Formatter("fr").number)
    import re

    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert " ".join(lines[:-1]) == label and lines[-1] == "Fin de vie"
    assert len(lines) >= 3 and all(len(line) <= LABEL_CHARS for line in lines)
    assert ">12,5<" in svg and ">-1,25<" in svg  # values in French
    height = int(re.search(r'viewBox="0 0 320 (\d+)"', svg).group(1))
    assert height == 8 * 2 + 46 * 2 + 14 * (len(lines) - 2)  # each extra label line adds one line of height


def test_verify_rows_put_failures_first_then_unchecked():
    checks = [Check(name="envelope", passed=True, reason=""), Check(name="validity_period", passed=None, reason="?"),
              Check(name="signature", passed=False, reason="bad", proof=0),
              Check(name="context_allowed", passed=True, reason="")]
    result = VerificationResult(verified=False, checks=checks)
    assert [r.name for r in rows(result, translator("en"))] == [
        "signature", "validity_period", "envelope", "context_allowed"]
