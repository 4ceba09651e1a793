"""`passport demo`: load the examples into the store and issue their passports.

Each step takes the engine and settings and returns the lines to print (one per passport: its URL).
A domain adds its step to `STEPS`.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Engine

from passport.settings import Settings

Step = Callable[[Engine, Settings], list[str]]

STEPS: list[Step] = []


def run_demo(engine: Engine, settings: Settings) -> list[str]:
    lines: list[str] = []
    for step in STEPS:
        lines.extend(step(engine, settings))
    return lines


from passport.application.demo.bettermining import load_example as _load_bettermining  # noqa: E402

STEPS.append(_load_bettermining)

from passport.application.demo.custody.load import demo_step as _load_custody  # noqa: E402

STEPS.append(_load_custody)

# before the custody step: it loads the custody example itself, so the companies' keys can sign their assessments
from passport.application.demo.indices.load import demo_step as _load_indices  # noqa: E402

STEPS.insert(STEPS.index(_load_custody), _load_indices)

# last: issuance computes the custody summary, the carbon footprint and the indices from what the steps above loaded
from passport.application.demo.issue_passports import issue_example_passports as _issue_passports  # noqa: E402

STEPS.append(_issue_passports)
