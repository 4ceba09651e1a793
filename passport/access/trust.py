"""The trust list of role issuers: which DIDs may attest which reader roles, each for a period.

Two sources, merged: a JSON file named by `PASSPORT_TRUST_LIST_FILE` (kept under version control by the
operator, read on each use so an edit takes effect without a restart) and the store (managed with the API and
`passport roles trust`). An issuer counts only inside its validity period and only for the roles listed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlmodel import Session, col, select

from passport.access.roles import NAME_TEXT, READER_ROLES, Purpose
from passport.access.tables import TrustedRoleIssuer
from passport.auth.roles import Role
from passport.errors import InputError, NotFoundError


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class TrustedIssuer(BaseModel):
    """One entry of the trust list."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    did: str = Field(pattern=r"^did:[a-z0-9]+:[^\s\x00-\x1f\x7f]+$", max_length=500, description="The issuer's DID.")
    name: str = Field(min_length=1, max_length=200, pattern=NAME_TEXT,
                      description="Who it is, e.g. a national authority.")
    roles: list[Role] = Field(min_length=1, description="Reader roles it may attest.")
    purposes: list[Purpose] | None = Field(default=None, description="Legitimate-interest purposes it may attest; "
                                           "absent: any.")
    valid_from: datetime = Field(description="Start of the trust (with a time zone).")
    valid_until: datetime = Field(description="End of the trust (with a time zone).")

    @field_validator("roles")
    @classmethod
    def _reader_roles(cls, roles: list[Role]) -> list[Role]:
        wrong = [r.value for r in roles if r not in READER_ROLES]
        if wrong:
            raise ValueError(f"not a reader role: {', '.join(wrong)}")
        return roles

    @model_validator(mode="after")
    def _period(self) -> TrustedIssuer:
        if self.valid_from.tzinfo is None or self.valid_until.tzinfo is None:
            raise ValueError("valid_from and valid_until need a time zone")
        if self.valid_from >= self.valid_until:
            raise ValueError("valid_from must be before valid_until")
        return self

    def trusts(self, role: Role, purposes: list[str], now: datetime) -> bool:
        """True when, at `now`, this issuer may attest `role` (and, for legitimate interest, those purposes)."""
        if not self.valid_from <= now <= self.valid_until or role not in self.roles:
            return False
        return self.purposes is None or set(purposes) <= {p.value for p in self.purposes}


class TrustList(BaseModel):
    """The file form: `{"issuers": [...]}`."""

    issuers: list[TrustedIssuer]


def read_trust_file(path: Path) -> list[TrustedIssuer]:
    """The entries of a trust list file; InputError naming the file and each bad JSON pointer."""
    try:
        return TrustList.model_validate_json(path.read_bytes()).issuers
    except FileNotFoundError as exc:
        raise InputError("the trust list file does not exist", code="TRUST_LIST_UNREADABLE",
                         details={"file": str(path)}) from exc
    except ValidationError as exc:
        pointers = ["/" + "/".join(str(p) for p in e["loc"]) for e in exc.errors()]
        raise InputError(f"the trust list is not valid: {exc.errors()[0]['msg']}", code="TRUST_LIST_INVALID",
                         details={"file": str(path), "pointers": pointers}) from exc


def _of(row: TrustedRoleIssuer) -> TrustedIssuer:
    return TrustedIssuer(did=row.did, name=row.name, roles=[Role(r) for r in row.roles.split(",")],
                         purposes=[Purpose(p) for p in row.purposes.split(",")] if row.purposes else None,
                         valid_from=_aware(row.valid_from), valid_until=_aware(row.valid_until))


def stored_issuers(session: Session) -> list[TrustedIssuer]:
    return [_of(r) for r in session.exec(select(TrustedRoleIssuer).order_by(col(TrustedRoleIssuer.did))).all()]


def trusted_issuers(session: Session, file: Path | None) -> list[TrustedIssuer]:
    """The whole trust list: the file's entries, then the store's."""
    return (read_trust_file(file) if file is not None else []) + stored_issuers(session)


def put_issuer(session: Session, issuer: TrustedIssuer) -> TrustedIssuer:
    """Add an issuer to the stored list, or replace its entry."""
    row = session.get(TrustedRoleIssuer, issuer.did) or TrustedRoleIssuer(did=issuer.did)
    row.name, row.roles = issuer.name, ",".join(r.value for r in issuer.roles)
    row.purposes = ",".join(p.value for p in issuer.purposes) if issuer.purposes is not None else None
    row.valid_from, row.valid_until = issuer.valid_from, issuer.valid_until
    session.add(row)
    session.flush()
    return issuer


def remove_issuer(session: Session, did: str) -> None:
    """Take an issuer off the stored list at once (file entries are removed by editing the file)."""
    row = session.get(TrustedRoleIssuer, did)
    if row is None:
        raise NotFoundError("this DID is not on the stored trust list", code="TRUSTED_ISSUER_NOT_FOUND",
                            details={"did": did})
    session.delete(row)
    session.flush()


def dump_trust_list(issuers: list[TrustedIssuer]) -> str:
    return json.dumps(TrustList(issuers=issuers).model_dump(mode="json"), indent=2)
