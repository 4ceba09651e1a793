"""The status check, pluggable: `passport.status.BitstringStatusChecker` reads Bitstring Status Lists.

Without a checker (or without the lists it needs), a credential that has `credentialStatus` gets a status check
that could not run (`passed` None, code STATUS_NOT_CHECKED): nothing failed, but the credential is not
`verified` either (its outcome is `incomplete`; `passport verify` exits 3). One without `credentialStatus` has
nothing to check (`passed` None, no code).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

from passport.credentials import result as r
from passport.credentials.result import Check


STATUS_NOT_CHECKED = "STATUS_NOT_CHECKED"


class StatusChecker(Protocol):
    """Decides a credential's status (e.g. revoked, suspended) from the status lists it is given."""

    def __call__(self, credential: Mapping[str, Any], *, now: datetime, status_lists: Any = None) -> Check: ...


def not_checked(credential: Mapping[str, Any], *, now: datetime, status_lists: Any = None) -> Check:
    """The default: no status list support is configured, so the status is reported as not checked."""
    if "credentialStatus" not in credential:
        return Check(name=r.STATUS, passed=None, reason="not applicable: the credential has no credentialStatus")
    return Check(name=r.STATUS, passed=None, code=STATUS_NOT_CHECKED,
                 reason="the credential has credentialStatus but no status list was available to check it")


def run_status_checker(checker: StatusChecker, credential: Mapping[str, Any], now: datetime, status_lists: Any
                       ) -> Check:
    """Run a (possibly third-party) checker; its failure becomes a failed check, never an exception."""
    try:
        check = checker(credential, now=now, status_lists=status_lists)
    except Exception as exc:  # a plug-in must not make verify() raise
        return Check(name=r.STATUS, passed=False, reason=f"the status checker failed: {type(exc).__name__}",
                     code="STATUS_CHECK_FAILED")
    if not isinstance(check, Check):
        return Check(name=r.STATUS, passed=False, reason="the status checker returned no Check",
                     code="STATUS_CHECK_FAILED")
    return check


STATUS_CODES = ("CREDENTIAL_REVOKED", "CREDENTIAL_SUSPENDED", STATUS_NOT_CHECKED)


def withdrawn(result: Any) -> str | None:
    """The status code (CREDENTIAL_REVOKED, CREDENTIAL_SUSPENDED, STATUS_NOT_CHECKED) when status is the only thing
    keeping `result` from verifying: the evidence was withdrawn (or cannot be shown not to be), not forged.
    None otherwise. By codes, never by wording."""
    problems = [*getattr(result, "errors", []), *getattr(result, "unchecked", [])]
    codes = {c.code for c in problems}
    if not problems or not codes <= set(STATUS_CODES):
        return None
    return next(code for code in STATUS_CODES if code in codes)
