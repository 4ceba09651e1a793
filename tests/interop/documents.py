"""Test documents shared by the interop tests: a credential with the values that trip canonicalizers, and clocks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

NOW = datetime(2025, 6, 1, tzinfo=UTC)  # inside every test credential's validity period
NOW_TEXT = "2025-06-01T00:00:00Z"
CREATED = "2025-05-31T12:00:00Z"
UNDEFINED_TERMS = "https://www.w3.org/ns/credentials/undefined-terms/v2"
EXAMPLES = "https://www.w3.org/ns/credentials/examples/v2"

# A test report with the values that trip canonicalizers: JSON floats, control characters, non-ASCII text.
MEASUREMENTS: dict[str, Any] = {
    "@context": ["https://www.w3.org/ns/credentials/v2", UNDEFINED_TERMS],
    "id": "urn:uuid:0b7d3c1e-6a52-4c0e-9a57-3f1c9b4d2e10",
    "type": ["VerifiableCredential", "BatteryTestReport"],
    "validFrom": "2024-05-01T00:00:00Z",
    "credentialSubject": {
        "id": "https://id.example/01/09506000134352/21/BAT-2024-0001",
        "ratedCapacity": 75.5,
        "roundTripEfficiency": 0.93,
        "carbonFootprintPerKWh": 0.088,
        "expectedCycles": 1500.0,
        "selfDischargeRate": -0.0,
        "largeCount": 1e21,
        "chemistry": "Ni–Mn–Co 811 🔋",
        "notes": "line1\nline2\ttab\u0001\u007f \"quoted\" \\",
        "cells": [{"position": 1, "voltage": 3.65}, {"position": 2, "voltage": 3.65}],
    },
}
