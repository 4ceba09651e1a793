"""Inline SVG bar chart of the carbon footprint per life-cycle stage: no script, readable by screen readers.

Horizontal bars fit a phone screen; negative values (recycling credits) extend left of the zero line.
The chart carries `role="img"` with a title and description, and the page repeats the numbers in a table.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from html import escape

WIDTH = 320
LABEL_WIDTH = 0  # labels sit above each bar, so bars use the full width on narrow screens
BAR_HEIGHT = 18
ROW_HEIGHT = 46
LINE_HEIGHT = 14
PAD = 8
# 12 px text averages under 7 px a character, so 40 characters fit the 304 units a label may use, whatever the
# screen: the chart scales with the page, so a label is wrapped, never cut off (checked at 320 to 414 px wide).
LABEL_CHARS = 40


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: Decimal


def bar_chart(bars: list[Bar], *, title: str, description: str, unit: str,
              number: Callable[[Decimal], str] = lambda value: f"{value:f}") -> str:
    """The SVG markup (safe to embed: every text is escaped); `number` writes a value in the page's language."""
    if not bars:
        return ""
    low = min(Decimal(0), *(b.value for b in bars))
    high = max(Decimal(0), *(b.value for b in bars))
    span = (high - low) or Decimal(1)
    inner = WIDTH - 2 * PAD
    zero_x = PAD + float((-low) / span) * inner
    labels = [textwrap.wrap(bar.label, LABEL_CHARS) or [""] for bar in bars]
    height = PAD * 2 + sum(ROW_HEIGHT + LINE_HEIGHT * (len(lines) - 1) for lines in labels)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(description)}</desc>',
    ]
    top = PAD - ROW_HEIGHT
    for bar, lines in zip(bars, labels):
        top += ROW_HEIGHT
        length = float(abs(bar.value) / span) * inner
        x = zero_x - length if bar.value < 0 else zero_x
        css = "bar neg" if bar.value < 0 else "bar"
        parts.append(f'<text x="{PAD}" y="{top + 12}" class="label">' + "".join(
            f'<tspan x="{PAD}" dy="{0 if n == 0 else LINE_HEIGHT}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)) + "</text>")
        top += LINE_HEIGHT * (len(lines) - 1)  # the bar sits under the label's last line
        parts.append(f'<rect x="{x:.1f}" y="{top + 17}" width="{max(length, 1.0):.1f}" height="{BAR_HEIGHT}" '
                     f'class="{css}"/>')
        value_text = f"{number(bar.value)} {unit}".strip()
        anchor_x, anchor = (x + length + 4, "start") if bar.value >= 0 else (x - 4, "end")
        if bar.value >= 0 and anchor_x > WIDTH - 90:
            anchor_x, anchor = x + length - 4, "end"
            css_text = "value inside"
        elif bar.value < 0 and anchor_x < 90:
            anchor_x, anchor = x + 4, "start"
            css_text = "value inside"
        else:
            css_text = "value"
        parts.append(f'<text x="{anchor_x:.1f}" y="{top + 31}" text-anchor="{anchor}" class="{css_text}">'
                     f'{escape(value_text)}</text>')
    parts.append(f'<line x1="{zero_x:.1f}" y1="{PAD}" x2="{zero_x:.1f}" y2="{height - PAD}" class="axis"/>')
    parts.append("</svg>")
    return "".join(parts)
