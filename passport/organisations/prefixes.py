"""Which identifiers an organisation may issue passports under (issue 22: nobody claims another maker's GTIN).

- GS1: a GTIN belongs to the holder of its GS1 company prefix (GS1 General Specifications §1.4.2, 4 to 12
  digits). The prefix is written as in a GTIN-13 (`0` + U.P.C. company prefix for GTIN-12); in a GTIN-14 it
  follows the indicator digit, so `gtin14[1:]` must start with it.
- ISO/IEC 15459: a unique item identifier starts with the issuing agency code and the company identification
  number the agency assigned; the organisation holds that `IAC + CIN` prefix.
- `/id/{uuid}` identifiers are random and belong to no prefix.

A prefix is held by one organisation; binding one that contains, or sits inside, another organisation's prefix
is refused (`PREFIX_TAKEN`), so a GTIN never has two candidate owners.
"""

from __future__ import annotations

import re

from sqlmodel import Session, col, select

from passport.errors import AccessDeniedError, ConflictError, InputError
from passport.identifiers import GS1_SCHEME, PassportId
from passport.organisations.tables import OrganisationPrefix
from passport.store.tables import Organisation

GS1, ISO15459 = "gs1", "iso15459"
_PATTERNS = {GS1: re.compile(r"[0-9]{4,12}"), ISO15459: re.compile(r"[A-Z0-9]{3,35}")}
_WHAT = {GS1: "a GS1 company prefix has 4 to 12 digits",
         ISO15459: "an ISO/IEC 15459 prefix is the issuing agency code and company identification number: "
                   "3 to 35 characters of A-Z and 0-9"}
OPTION = {GS1: "--gs1-company-prefix", ISO15459: "--iso15459-prefix"}


def normalize_prefix(scheme: str, prefix: str, *, field: str) -> str:
    """`prefix` checked against its scheme's form; InputError naming `field` otherwise."""
    value = prefix.strip().upper() if scheme == ISO15459 else prefix.strip()
    if scheme not in _PATTERNS or not _PATTERNS[scheme].fullmatch(value):
        raise InputError(_WHAT.get(scheme, "unknown prefix scheme"), code="INVALID_PREFIX",
                         details={"field": field, "scheme": scheme})
    return value


def prefixes_of(session: Session, organisation_id: int) -> dict[str, list[str]]:
    rows = session.exec(select(OrganisationPrefix).where(OrganisationPrefix.organisation_id == organisation_id)
                        .order_by(col(OrganisationPrefix.scheme), col(OrganisationPrefix.prefix))).all()
    out: dict[str, list[str]] = {GS1: [], ISO15459: []}
    for row in rows:
        out[row.scheme].append(row.prefix)
    return out


def bind_prefixes(session: Session, organisation: Organisation, scheme: str, prefixes: list[str]) -> None:
    """Bind each prefix to `organisation` (already held ones are kept); ConflictError if another holds it or an
    overlapping one."""
    held = session.exec(select(OrganisationPrefix).where(OrganisationPrefix.scheme == scheme)).all()
    for prefix in prefixes:
        for row in held:
            if row.organisation_id != organisation.id and (row.prefix.startswith(prefix)
                                                           or prefix.startswith(row.prefix)):
                raise ConflictError("this prefix (or one overlapping it) is bound to another organisation",
                                    code="PREFIX_TAKEN", details={"field": OPTION[scheme], "prefix": prefix})
        if not any(r.prefix == prefix and r.organisation_id == organisation.id for r in held):
            row = OrganisationPrefix(organisation_id=organisation.id, scheme=scheme, prefix=prefix)  # type: ignore[arg-type]
            session.add(row)
            held = [*held, row]
    session.flush()


def unbind_prefixes(session: Session, organisation: Organisation, scheme: str, prefixes: list[str]) -> None:
    for prefix in prefixes:
        row = session.exec(select(OrganisationPrefix).where(
            OrganisationPrefix.organisation_id == organisation.id, OrganisationPrefix.scheme == scheme,
            OrganisationPrefix.prefix == prefix)).first()
        if row is None:
            raise InputError("the organisation does not hold this prefix", code="PREFIX_NOT_HELD",
                             details={"field": OPTION[scheme], "prefix": prefix})
        session.delete(row)
    session.flush()


def _subject(identifier: PassportId) -> tuple[str, str] | None:
    if identifier.scheme == GS1_SCHEME:
        return GS1, (identifier.gtin or "")[1:]
    if identifier.scheme == ISO15459:
        return ISO15459, identifier.value
    return None


def check_issuer_prefix(session: Session, organisation: Organisation, identifier: PassportId,
                        *, pointer: str = "/generalProductInformation/uniqueIdentifier") -> None:
    """Refuse (AccessDeniedError `IDENTIFIER_OUTSIDE_PREFIXES`) an identifier outside the organisation's prefixes.

    The error says which option binds a prefix, never who holds the identifier's prefix."""
    subject = _subject(identifier)
    if subject is None:
        return
    scheme, value = subject
    held = prefixes_of(session, organisation.id)[scheme]  # type: ignore[arg-type]
    if any(value.startswith(p) for p in held):
        return
    raise AccessDeniedError(
        "the identifier is outside the identifier prefixes bound to your organisation: an operator binds one with "
        f"`passport orgs set {organisation.slug} {OPTION[scheme]} PREFIX`",
        code="IDENTIFIER_OUTSIDE_PREFIXES",
        details={"pointer": pointer, "scheme": scheme, "organisation": organisation.slug})
