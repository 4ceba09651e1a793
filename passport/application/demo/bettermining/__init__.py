"""Better Mining example data: the real tables of the programme's 2022 OECD Step 5 report (see README.md).

`load_example` is the `passport demo` step: it imports them into the store; a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from importlib.resources import as_file, files

from sqlalchemy.engine import Engine

from indices.bettermining.importer import import_files
from passport.settings import Settings

FILES: tuple[str, ...] = ("incidents.json", "major_breach_corrective_actions.json", "corrective_actions_by_risk.json")
REPORTING_PERIOD = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))  # programme_figures.json: reporting_period


def load_example(engine: Engine, settings: Settings) -> list[str]:
    """Import the 2022 tables (idempotent); prints nothing, since no passport is issued here."""
    root = files(__name__)
    with as_file(root) as directory:
        import_files(engine, [directory / name for name in FILES], period=REPORTING_PERIOD)
    return []
