"""Custody credentials at compute time (issue 14, point 4): the signed contributions whose events touched a lot
a battery's material came from are status-checked now; a revoked or suspended one withdraws the traced share of
every material whose lineage it touched (that material is published untraced, with the coded reason).

One query finds the credentials (per material) over the lineage; each distinct credential carrying
`credentialStatus` gets one status check against the store's status lists.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from passport.credentials.result import Check

# every (material, credential) pair where the credential carried an event touching a lot of that material's
# lineage (the battery itself included)
_CREDENTIALS = text("""
WITH RECURSIVE up(lot_id, material) AS (
    SELECT lot_id, material FROM custody_ledger WHERE lot_id = :lot
  UNION
    SELECT l.parent_lot, l.material FROM custody_lineage l
    JOIN up ON l.child_lot = up.lot_id AND l.material = up.material
)
SELECT DISTINCT up.material, c.seq
FROM up JOIN custody_event_lot el ON el.lot_id = up.lot_id
JOIN custody_event e ON e.seq = el.event_seq
JOIN custody_credential c ON c.seq = e.credential_seq
""")

WITHDRAWN = {"CREDENTIAL_REVOKED": "CUSTODY_CREDENTIAL_REVOKED",
             "CREDENTIAL_SUSPENDED": "CUSTODY_CREDENTIAL_SUSPENDED"}


@dataclass(frozen=True)
class WithdrawnCustody:
    """A custody credential revoked or suspended now, and the materials whose traced share relied on it."""

    digest_sri: str
    code: str
    materials: tuple[str, ...]


def withdrawn_custody(conn: Connection, lot_id: str, status: Callable[[dict[str, Any]], Check],
                      ) -> list[WithdrawnCustody]:
    """The custody credentials behind `lot_id`'s lineage whose status (`status`, one call per distinct
    credential with `credentialStatus`) is revoked or suspended, ordered by digest."""
    materials: dict[int, set[str]] = defaultdict(set)
    for material, seq in conn.execute(_CREDENTIALS, {"lot": lot_id}).all():
        materials[int(seq)].add(material)
    if not materials:
        return []
    found = []
    for seq, digest, raw in conn.execute(text(
            "SELECT seq, digest_sri, raw FROM custody_credential WHERE seq IN :seqs")
            .bindparams(bindparam("seqs", expanding=True)), {"seqs": sorted(materials)}).all():
        credential = json.loads(bytes(raw))
        if not isinstance(credential, dict) or "credentialStatus" not in credential:
            continue
        code = WITHDRAWN.get(status(credential).code or "")
        if code is not None:
            found.append(WithdrawnCustody(digest, code, tuple(sorted(materials[int(seq)]))))
    return sorted(found, key=lambda w: w.digest_sri)

