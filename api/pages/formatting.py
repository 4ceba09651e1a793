"""Numbers, units and dates as the reader's language writes them (CLDR data through Babel).

The passport holds machine values (`"0.0656"`, `"2026-03-01"`, watts); a French reader expects `0,0656`,
`1 mars 2026` and `250 kW`. Every digit the credential holds is kept: formatting never rounds a signed value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

# SI prefixes for powers: the largest one that leaves at least 1 of the unit (250 000 W -> 250 kW).
POWER_UNITS = ((Decimal(10) ** 6, "MW"), (Decimal(10) ** 3, "kW"), (Decimal(1), "W"))


def to_decimal(value: object) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


@dataclass(frozen=True, slots=True)
class Formatter:
    """Formats for one page language (`lang`: a catalogue code such as `en` or `fr`)."""

    lang: str

    def number(self, value: Any, unit: str = "") -> str:
        """`value` with the language's decimal and grouping signs, every digit kept; text that is not a number
        is shown as it is."""
        number = to_decimal(value)
        if number is None:
            return str(value)
        text = format_decimal(number, locale=self.lang, decimal_quantization=False)
        return f"{text}\u00a0{unit}" if unit else text  # a unit never wraps away from its number

    def power(self, watts: Any) -> str:
        """A power in W, kW or MW, whichever reads best."""
        number = to_decimal(watts)
        if number is None:
            return str(watts)
        for scale, unit in POWER_UNITS:
            if abs(number) >= scale:
                return self.number((number / scale).normalize(), unit)
        return self.number(number, "W")

    def date(self, value: Any) -> str:
        """An ISO 8601 date (or date-time: its date) as the language writes it in full."""
        if not isinstance(value, str):
            return str(value)
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            return value
        return format_date(day, format="long", locale=self.lang)
