"""Custody participants from zero: parties (with the DID whose keys sign their events), sites (GLN/SGLN,
country, monitoring programme) and delegations (an agent recording events for a principal).

The operator adds them (`passport custody parties|sites|delegations`, `/api/v1/custody/...`); each write lands
with its audit entry. A site's GLN is checked (GS1 mod-10 check digit) and written as its GS1 Digital Link
(`https://id.gs1.org/414/{GLN}`); an SGLN or another URI is kept as given.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel
from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from passport.audit.chain import append_audit
from passport.custody.repository import T_DELEGATION, T_PARTY, T_SITE
from passport.errors import ConflictError, InputError, NotFoundError
from passport.identifiers import gtin_check_digit

_URI = r"^[a-z][a-z0-9+.-]*:[^\s]{1,490}$"
_COUNTRY = r"^[A-Z]{2}$"
GLN_RESOLVER = "https://id.gs1.org/414/"


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True,
                              extra="forbid")


class CustodyPartyIn(_Model):
    id: str = Field(pattern=_URI, max_length=500, examples=["urn:epc:id:pgln:9520003.00001"],
                    description="The party's URI: a PGLN URN, an LEI URN or a DID.")
    name: str = Field(min_length=1, max_length=200, description="Legal or trade name (never shown publicly).")
    did: str = Field(pattern=r"^did:(web|key):[^\s]{1,480}$", max_length=500,
                     description="DID whose keys sign its events (e.g. its organisation's did:web).")
    country: str | None = Field(default=None, pattern=_COUNTRY, description="ISO 3166-1 alpha-2.")


class CustodySiteIn(_Model):
    id: str = Field(max_length=500, examples=["urn:epc:id:sgln:9520003.00001.0", "9520003000011"],
                    description="The site: a 13-digit GLN (check digit checked), an SGLN URN or another URI.")
    party: str = Field(max_length=500, description="The id of the party operating it.")
    country: str = Field(pattern=_COUNTRY, description="ISO 3166-1 alpha-2.")
    name: str | None = Field(default=None, max_length=200, description="Name (never shown publicly).")
    origin: bool = Field(default=False, description="A mine site: lots start here, from pre-issued tags.")
    programme: str | None = Field(default=None, max_length=100, description="Its monitoring programme (a name "
                                  "or an https link to it), if any.")

    @field_validator("id")
    @classmethod
    def _site_id(cls, value: str) -> str:
        if re.fullmatch(r"[0-9]{13}", value):
            if gtin_check_digit(value[:-1]) != int(value[-1]):
                raise ValueError("the GLN's check digit is wrong")
            return GLN_RESOLVER + value
        if not re.fullmatch(_URI, value):
            raise ValueError("give a 13-digit GLN, an SGLN URN (urn:epc:id:sgln:...) or another URI")
        return value

    @field_validator("programme")
    @classmethod
    def _programme(cls, value: str | None) -> str | None:
        if value is not None and ":" in value and not value.startswith("https://"):
            raise ValueError("a programme link must be https")
        return value


class CustodyDelegationIn(_Model):
    agent: str = Field(max_length=500, description="The party recording events.")
    principal: str = Field(max_length=500, description="The party it records them for.")


def _exists(conn: Connection, party: str, field: str) -> None:
    if conn.scalar(select(T_PARTY.c.id).where(T_PARTY.c.id == party)) is None:
        raise NotFoundError(f"no custody party {party!r}: add it with `passport custody parties add`",
                            code="PARTY_NOT_FOUND", details={"field": field})


def add_party(conn: Connection, party: CustodyPartyIn, *, actor: str) -> dict[str, Any]:
    if conn.scalar(select(T_PARTY.c.id).where(T_PARTY.c.id == party.id)) is not None:
        raise ConflictError("a custody party with this id exists", code="PARTY_EXISTS", details={"field": "id"})
    conn.execute(insert(T_PARTY).values(id=party.id, name=party.name, did=party.did, country=party.country))
    append_audit(conn, actor, "custody-party", party.id, {"did": party.did, "country": party.country})
    return party.model_dump(mode="json")


def add_site(conn: Connection, site: CustodySiteIn, *, actor: str) -> dict[str, Any]:
    _exists(conn, site.party, "party")
    if conn.scalar(select(T_SITE.c.id).where(T_SITE.c.id == site.id)) is not None:
        raise ConflictError("a custody site with this id exists", code="SITE_EXISTS", details={"field": "id"})
    conn.execute(insert(T_SITE).values(id=site.id, party_id=site.party, country=site.country, origin=site.origin,
                                       programme=site.programme, name=site.name))
    append_audit(conn, actor, "custody-site", site.id, {"party": site.party, "country": site.country,
                                                        "origin": site.origin, "programme": site.programme})
    return site.model_dump(mode="json")


def add_delegation(conn: Connection, delegation: CustodyDelegationIn, *, actor: str) -> dict[str, Any]:
    _exists(conn, delegation.agent, "agent")
    _exists(conn, delegation.principal, "principal")
    if delegation.agent == delegation.principal:
        raise InputError("a party cannot be its own delegate", code="SELF_DELEGATION", details={"field": "agent"})
    held = conn.scalar(select(T_DELEGATION.c.agent).where(T_DELEGATION.c.agent == delegation.agent,
                                                          T_DELEGATION.c.principal == delegation.principal))
    if held is not None:
        raise ConflictError("this delegation exists", code="DELEGATION_EXISTS", details={"field": "agent"})
    conn.execute(insert(T_DELEGATION).values(agent=delegation.agent, principal=delegation.principal))
    append_audit(conn, actor, "custody-delegation", delegation.principal, {"agent": delegation.agent,
                                                                           "granted": True})
    return delegation.model_dump(mode="json")


def revoke_delegation(conn: Connection, delegation: CustodyDelegationIn, *, actor: str) -> dict[str, Any]:
    """End a delegation at once: the agent's next submission for the principal is refused."""
    gone = conn.execute(delete(T_DELEGATION).where(T_DELEGATION.c.agent == delegation.agent,
                                                   T_DELEGATION.c.principal == delegation.principal)).rowcount
    if not gone:
        raise NotFoundError("no such delegation", code="DELEGATION_NOT_FOUND", details={"field": "agent"})
    append_audit(conn, actor, "custody-delegation", delegation.principal, {"agent": delegation.agent,
                                                                           "granted": False})
    return delegation.model_dump(mode="json")


def list_parties(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(select(T_PARTY).order_by(T_PARTY.c.id)).mappings().all()
    return [CustodyPartyIn.model_construct(**dict(r)).model_dump(mode="json") for r in rows]


def list_sites(conn: Connection, party: str | None = None) -> list[dict[str, Any]]:
    query = select(T_SITE).order_by(T_SITE.c.id)
    if party is not None:
        query = query.where(T_SITE.c.party_id == party)
    return [{"id": r["id"], "party": r["party_id"], "country": r["country"], "name": r["name"],
             "origin": bool(r["origin"]), "programme": r["programme"]}
            for r in conn.execute(query).mappings().all()]


def list_delegations(conn: Connection, party: str | None = None) -> list[dict[str, Any]]:
    query = select(T_DELEGATION).order_by(T_DELEGATION.c.principal, T_DELEGATION.c.agent)
    if party is not None:
        query = query.where((T_DELEGATION.c.agent == party) | (T_DELEGATION.c.principal == party))
    return [{"agent": r["agent"], "principal": r["principal"]} for r in conn.execute(query).mappings().all()]
