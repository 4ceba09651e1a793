"""The status check `passport.verify` runs: is any of the credential's status bits set?

Spec: Bitstring Status List v1.0 §3.3 (Validate Algorithm). The lists come from the caller (the store, or a file
given to `passport verify --status-list`), never from the network; each list is itself a credential and is
verified before its bits are believed, by the `verify_list` the caller injects (`verify.list_verifier`): the
checker sits below the verifier that runs it, so it cannot import it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from passport.credentials import result as r
from passport.credentials.issuer import issuer_id
from passport.credentials.result import Check
from passport.credentials.status import STATUS_NOT_CHECKED
from passport.errors import PassportError
from passport.status.bitstring import Bitstring

ListSource = Mapping[str, Mapping[str, Any]] | Callable[[str], Mapping[str, Any] | None]
ListVerifier = Callable[[Mapping[str, Any], datetime], tuple[bool, str]]

_MEANING = {"revocation": "revoked", "suspension": "suspended"}


def _entries(credential: Mapping[str, Any]) -> list[Any]:
    status = credential.get("credentialStatus")
    return list(status) if isinstance(status, list) else [status] if status is not None else []


class BitstringStatusChecker:
    """A `StatusChecker` over lists supplied by the caller; a missing list fails the check (it cannot be presumed)."""

    def __init__(self, lists: ListSource | None = None, *, verify_list: ListVerifier):
        self._lists = lists
        self._verify_list = verify_list

    def _lookup(self, url: str, extra: ListSource | None) -> Mapping[str, Any] | None:
        for source in (extra, self._lists):
            if source is None:
                continue
            found = source(url) if callable(source) else source.get(url)
            if found is not None:
                return found
        return None

    def __call__(self, credential: Mapping[str, Any], *, now: datetime, status_lists: Any = None) -> Check:
        entries = _entries(credential)
        if not entries:
            return Check(name=r.STATUS, passed=None, reason="not applicable: the credential has no credentialStatus")
        verified_lists: dict[str, Bitstring] = {}
        unchecked: list[str] = []
        for position, entry in enumerate(entries):
            failure = self._check_entry(credential, entry, now, status_lists, verified_lists)
            if failure is None:
                continue
            code, reason = failure
            if code == STATUS_NOT_CHECKED:  # keep looking: another entry may still be revoked or suspended
                unchecked.append(f"credentialStatus[{position}]: {reason}")
                continue
            return Check(name=r.STATUS, passed=False, reason=f"credentialStatus[{position}]: {reason}", code=code)
        if unchecked:
            return Check(name=r.STATUS, passed=None, reason="; ".join(unchecked), code=STATUS_NOT_CHECKED)
        return Check(name=r.STATUS, passed=True, reason=f"{len(entries)} status entr{'y' if len(entries) == 1 else 'ies'} "
                     "checked: not revoked, not suspended")

    def _check_entry(self, credential: Mapping[str, Any], entry: Any, now: datetime, extra: Any,
                     cache: dict[str, Bitstring]) -> tuple[str, str] | None:
        if not isinstance(entry, Mapping) or entry.get("type") != "BitstringStatusListEntry":
            return "STATUS_VERIFICATION_ERROR", "not a BitstringStatusListEntry"
        purpose, url, index_text = entry.get("statusPurpose"), entry.get("statusListCredential"), entry.get("statusListIndex")
        if purpose not in _MEANING:
            return "STATUS_VERIFICATION_ERROR", f"status purpose {purpose!r} is not supported (revocation, suspension)"
        if entry.get("statusSize", 1) != 1:
            return "STATUS_VERIFICATION_ERROR", "only statusSize 1 is supported for revocation and suspension"
        if not isinstance(index_text, str) or not index_text.isdigit():
            return "STATUS_VERIFICATION_ERROR", "statusListIndex must be a string of decimal digits"
        if not isinstance(url, str):
            return "STATUS_RETRIEVAL_ERROR", "statusListCredential is missing"
        bits = cache.get(url)
        if bits is None:
            list_credential = self._lookup(url, extra)
            if list_credential is None:
                return STATUS_NOT_CHECKED, f"the status list {url} was not available, so the status is unknown"
            subject = list_credential.get("credentialSubject")
            types = list_credential.get("type") or []
            if "BitstringStatusListCredential" not in types or not isinstance(subject, Mapping):
                return "STATUS_VERIFICATION_ERROR", f"{url} is not a BitstringStatusListCredential"
            if subject.get("statusPurpose") != purpose:
                return "STATUS_VERIFICATION_ERROR", f"the list {url} is for {subject.get('statusPurpose')!r}, not {purpose!r}"
            if issuer_id(list_credential) != issuer_id(credential):
                return "STATUS_VERIFICATION_ERROR", "the status list was issued by someone else than the credential"
            ok, why = self._verify_list(list_credential, now)
            if not ok:
                return "STATUS_VERIFICATION_ERROR", f"the status list credential does not verify: {why}"
            try:
                bits = Bitstring.decode(subject.get("encodedList"))  # type: ignore[arg-type]
            except PassportError as exc:
                return "STATUS_VERIFICATION_ERROR", exc.message
            cache[url] = bits
        index = int(index_text)
        if index >= bits.length:
            return "STATUS_LIST_LENGTH_ERROR", f"index {index} is beyond the list's {bits.length} entries"
        if bits.get(index):
            return "CREDENTIAL_" + _MEANING[purpose].upper(), f"the credential is {_MEANING[purpose]}"
        return None
