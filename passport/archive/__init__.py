"""EN 18221 back-up provider: replicate this instance's passports to another instance, and take in another's.

    records.py   the replicated records and the manifest (pydantic: the one schema, both ends)
    export.py    the source side: this store as records, its manifest
    replica.py   the back-up side: take records in idempotently, re-verify the replicated audit chain
    push.py      `passport backup push` / `verify` over the back-up's archive API

Errors: `UpstreamError` (BACKUP_UNREACHABLE, BACKUP_REFUSED), `ConflictError` (REPLICA_DIVERGES),
`InputError` (REPLICA_GAP, REPLICA_VIEWS_INCOMPLETE, AUDIT_CHAIN_BROKEN, AUDIT_ENTRY_EDITED, RECORD_TOO_LARGE).
"""

from passport.archive.push import BackupClient, Difference, PushReport, compare, push, verify_backup

__all__ = ["BackupClient", "Difference", "PushReport", "compare", "push", "verify_backup"]
