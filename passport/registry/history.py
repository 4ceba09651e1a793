"""A passport's history as one access group may see it (issue 22, point 6).

Every version is signed anew, so even a version that changed only restricted fields (a battery status, a state of
health) has a public view that differs from the one before in its dates and status-list indexes. Listing it to
public readers would tell them that, and when, something they may not read changed. So a reader's history holds
the versions in which *their* view's claims (`credentialSubject`) changed: public readers see public changes, the
groups that can see a restricted change see its version.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

from sqlmodel import Session, col, select

from passport.registry.tables import PassportVersion, PassportView

__all__ = ["visible_versions"]


def _claims_digest(view_text: str) -> str:
    subject = json.loads(view_text).get("credentialSubject")
    return hashlib.sha256(json.dumps(subject, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def visible_versions(session: Session, identifier: str, access_group: str) -> list[tuple[int, datetime]]:
    """(version, created_at), oldest first, of the versions whose `access_group` view changed its claims (the
    first version always)."""
    rows = session.exec(
        select(PassportVersion.version, PassportVersion.created_at, PassportView.credential)
        .join(PassportView, col(PassportView.version_id) == col(PassportVersion.id))
        .where(PassportVersion.identifier == identifier, PassportView.access_group == access_group)
        .order_by(col(PassportVersion.version))
    ).all()
    out, previous = [], None
    for version, created, text in rows:
        digest = _claims_digest(text)
        if digest != previous:
            out.append((version, created if created.tzinfo else created.replace(tzinfo=timezone.utc)))
        previous = digest
    return out
