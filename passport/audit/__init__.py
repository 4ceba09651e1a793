"""The audit trail: an append-only, hash-chained log of every write, and its verification.

A foundation: every domain that writes (lifecycle, custody, keys, the Better Mining import) appends here
inside its own transaction; the audit chain imports no domain.

    chain.py    append, verify and list entries; the entry hash
    tables.py   `audit_entry` and the `audit_head` lock row
"""

from passport.audit.chain import (
    AuditProblem,
    AuditRecord,
    AuditVerification,
    append_audit,
    list_audit,
    verify_audit,
)

__all__ = ["AuditProblem", "AuditRecord", "AuditVerification", "append_audit", "list_audit", "verify_audit"]
