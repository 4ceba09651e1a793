"""The passport lifecycle: versions, battery status transitions, second life, revocation; re-exports the
audit trail (`passport.audit`), which every write of the lifecycle appends to.

    fields.py       static vs dynamic fields (Annex XIII point 4) and the reason codes for static changes
    transitions.py  the allowed battery status transitions (Art. 3 definitions, Art. 77(7))
    statuslist.py   Bitstring Status Lists per issuer: random allocation, bit flips, signed list credentials
    checking.py     our own status lists from the store, as a list source for `passport.trust`
    service.py      the writes: a new version, a status change, revoke / suspend / reinstate
    transfer.py     Art. 77(7) responsibility transfer between operators, linked passports
    versions.py     history, version as of a date, lineage
    signers.py      the issuer key for a DID, from the key store

Errors: `InputError` (STATIC_CHANGE_NEEDS_REASON, UNKNOWN_REASON_CODE, EVIDENCE_REQUIRED, INVALID_AS_OF,
STATUS_TRANSITION_FORBIDDEN...), `ConflictError` (PASSPORT_REVOKED, ALREADY_SUSPENDED, NOT_SUSPENDED,
SUCCESSOR_EXISTS, NOT_PASSPORT_ISSUER...), `NotFoundError` (STATUS_LIST_NOT_FOUND, NO_ACTIVE_KEY).
"""

from passport.audit import (
    AuditVerification,
    append_audit,
    list_audit,
    verify_audit,
)
from passport.lifecycle.checking import store_list_source
from passport.lifecycle.fields import REASON_CODES, is_dynamic, static_changes
from passport.lifecycle.service import (
    PassportState,
    change_battery_status,
    issue_version,
    passport_state,
    set_passport_status,
)
from passport.lifecycle.signers import signer_for_issuer
from passport.lifecycle.statuslist import allocate_status_entries, published_list
from passport.lifecycle.transfer import (
    transfer_responsibility,
    transfers_of,
    verify_transfer,
)
from passport.lifecycle.transitions import ALLOWED, check_transition
from passport.lifecycle.versions import history, lineage, parse_as_of, version_as_of

__all__ = [
    "ALLOWED",
    "REASON_CODES",
    "AuditVerification",
    "PassportState",
    "allocate_status_entries",
    "append_audit",
    "change_battery_status",
    "check_transition",
    "history",
    "is_dynamic",
    "issue_version",
    "lineage",
    "list_audit",
    "parse_as_of",
    "passport_state",
    "published_list",
    "set_passport_status",
    "signer_for_issuer",
    "static_changes",
    "store_list_source",
    "transfer_responsibility",
    "transfers_of",
    "verify_audit",
    "verify_transfer",
    "version_as_of",
]
