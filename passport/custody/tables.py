"""Custody tables: parties and their keys, sites, pre-issued tags, signed credentials kept byte-for-byte,
events, lots with their material ledger, lineage and origin shares, and mass-balance credit accounts.

Masses are whole milligrams (BIGINT) so the guards that stop double claiming compare exact integers.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, DateTime, Float, Index, Integer, LargeBinary, String, Text
from sqlmodel import Field, SQLModel

from passport.store.tables import utcnow


def _mass(nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(BigInteger, nullable=nullable)


def _when(nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(DateTime(timezone=True), nullable=nullable)


class CustodyParty(SQLModel, table=True):
    """An organisation in the chain (mine operator, exporter, refiner, cell maker), with the DID whose keys
    sign its events."""

    __tablename__ = "custody_party"

    id: str = Field(primary_key=True, max_length=500, description="The party's URI (a DID, PGLN or LEI URN).")
    name: str = Field(max_length=200, description="Legal or trade name (never shown publicly).")
    did: str = Field(max_length=500, index=True, description="DID that controls the keys signing its events.")
    country: str | None = Field(default=None, max_length=2, description="ISO 3166-1 alpha-2.")


class CustodyDelegation(SQLModel, table=True):
    """An agent allowed to record events for a party (e.g. a monitoring programme's field staff at a mine)."""

    __tablename__ = "custody_delegation"

    agent: str = Field(primary_key=True, max_length=500, description="The agent party's id.")
    principal: str = Field(primary_key=True, max_length=500, description="The party it records for.")


class CustodySite(SQLModel, table=True):
    """A place where lots are made or transformed; origin sites (mines) issue tagged lots."""

    __tablename__ = "custody_site"

    id: str = Field(primary_key=True, max_length=500, description="The site's URI (SGLN, Digital Link 414, urn).")
    name: str | None = Field(default=None, max_length=200, description="Name (never shown publicly).")
    country: str = Field(max_length=2, description="ISO 3166-1 alpha-2.")
    party_id: str = Field(max_length=500, index=True, description="The party operating the site.")
    origin: bool = Field(default=False, description="A mine site: lots start here, with pre-issued tags.")
    programme: str | None = Field(default=None, max_length=100, description="Monitoring programme, if any.")


class CustodyTag(SQLModel, table=True):
    """A tag pre-issued to a site against its expected production; usable once."""

    __tablename__ = "custody_tag"

    id: str = Field(primary_key=True, max_length=500, description="The tag's URI.")
    site_id: str = Field(max_length=500, index=True, description="The site it was allocated to.")
    allocated_at: datetime = Field(default_factory=utcnow, sa_column=_when())
    used_by_lot: str | None = Field(default=None, max_length=500, description="The lot it was put on.")


class CustodyCredential(SQLModel, table=True):
    """A signed contribution exactly as received (the bytes are what digests bind)."""

    __tablename__ = "custody_credential"

    seq: int | None = Field(default=None, primary_key=True)
    credential_id: str | None = Field(default=None, max_length=500, index=True, description="The VC's id.")
    digest_sri: str = Field(max_length=100, unique=True, description="sha384 SRI of the raw bytes.")
    issuer: str = Field(max_length=500, index=True, description="The issuer DID.")
    received_at: datetime = Field(default_factory=utcnow, sa_column=_when())
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class CustodyEvent(SQLModel, table=True):
    """An applied event, with its EPCIS JSON (replayed by `passport custody check`)."""

    __tablename__ = "custody_event"

    seq: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(max_length=500, unique=True, description="EPCIS eventID.")
    credential_seq: int | None = Field(default=None, index=True, description="The credential that carried it.")
    type: str = Field(max_length=40, description="EPCIS event type.")
    event_time: datetime = Field(sa_column=_when())
    party: str | None = Field(default=None, max_length=500, description="The acting party.")
    document: str = Field(sa_column=Column(Text, nullable=False))


class CustodyEventLot(SQLModel, table=True):
    """Which lots an event touched, and how (input, created, observed...)."""

    __tablename__ = "custody_event_lot"
    __table_args__ = (Index("ix_custody_event_lot_lot", "lot_id"),)

    event_seq: int = Field(primary_key=True)
    lot_id: str = Field(primary_key=True, max_length=500)
    role: str = Field(primary_key=True, max_length=20)


class CustodyLot(SQLModel, table=True):
    """A lot (a tagged bag, a container, a refinery batch, a cell lot, a battery pack) and its custodian."""

    __tablename__ = "custody_lot"

    id: str = Field(primary_key=True, max_length=500, description="The lot's URI.")
    product: str | None = Field(default=None, max_length=200)
    mass_mg: int = Field(sa_column=_mass())
    remaining_mg: int = Field(sa_column=_mass())
    unit_mg: int | None = Field(default=None, sa_column=_mass(nullable=True))
    custodian: str = Field(max_length=500, index=True, description="The party holding it now.")
    site_id: str | None = Field(default=None, max_length=500, description="Where it was made.")
    origin_site: str | None = Field(default=None, max_length=500, index=True, description="Mine it came from.")
    tag_id: str | None = Field(default=None, max_length=500)
    status: str = Field(default="active", max_length=20, description="active, consumed or decommissioned.")
    kind: str = Field(default="lot", max_length=20,
                      description="origin (a tagged lot from a mine), lot, or composite (assembled: a battery).")
    created_at: datetime = Field(sa_column=_when())
    created_by: str = Field(max_length=500, description="eventID that created it.")


class CustodyLedger(SQLModel, table=True):
    """Per lot and material: its mass, the monitored-origin part claimed, and the chain-of-custody model."""

    __tablename__ = "custody_ledger"

    lot_id: str = Field(primary_key=True, max_length=500)
    material: str = Field(primary_key=True, max_length=20)
    mass_mg: int = Field(sa_column=_mass())
    monitored_mg: int = Field(sa_column=_mass())
    model: str = Field(max_length=20, description="identity_preserved, segregated or mass_balance.")


class CustodyLineage(SQLModel, table=True):
    """Lot-level lineage: the share of a child's material that came from a parent lot."""

    __tablename__ = "custody_lineage"
    __table_args__ = (Index("ix_custody_lineage_parent", "parent_lot", "material"),)

    child_lot: str = Field(primary_key=True, max_length=500)
    material: str = Field(primary_key=True, max_length=20)
    parent_lot: str = Field(primary_key=True, max_length=500)
    share: float = Field(sa_column=Column(Float, nullable=False))


class CustodyOrigin(SQLModel, table=True):
    """Closure at site granularity: the share of a lot's material that came from each origin site."""

    __tablename__ = "custody_origin"
    __table_args__ = (Index("ix_custody_origin_site", "site_id", "material"),)

    lot_id: str = Field(primary_key=True, max_length=500)
    material: str = Field(primary_key=True, max_length=20)
    site_id: str = Field(primary_key=True, max_length=500)
    share: float = Field(sa_column=Column(Float, nullable=False))


class CustodyCredit(SQLModel, table=True):
    """Mass-balance account: monitored-origin milligrams a party may still claim, per material and period."""

    __tablename__ = "custody_credit"

    party: str = Field(primary_key=True, max_length=500)
    material: str = Field(primary_key=True, max_length=20)
    period: str = Field(primary_key=True, max_length=10)
    balance_mg: int = Field(sa_column=_mass())


class CustodyFinding(SQLModel, table=True):
    """A warning recorded at intake (errors refuse the event and are never stored)."""

    __tablename__ = "custody_finding"

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    code: str = Field(max_length=40, index=True)
    severity: str = Field(max_length=10)
    event_id: str | None = Field(default=None, max_length=500)
    lot_ids: str = Field(sa_column=Column(Text, nullable=False))
    message: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_when())
