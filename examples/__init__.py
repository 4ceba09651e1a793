"""Example data shipped with the package: what `passport demo` (and `make run`) loads.

Real data is marked as such (the Better Mining 2022 report tables); everything else is synthetic.
"""

from __future__ import annotations

from importlib.resources import files

ROOT = files(__name__)
