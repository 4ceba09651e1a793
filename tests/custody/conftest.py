"""A small chain with real keys: two mines (one monitored), an exporter, a refiner; helpers to sign and submit."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy.engine import Engine

import passport
from passport.custody.credential import event_credential
from passport.custody.intake import Receipt, submit
from passport.custody.repository import allocate_tags, delegate, register_party, register_site
from passport.keys import KeyPair, generate_key_pair

KINSHASA = timezone(timedelta(hours=1))


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2025, 4, day, hour, tzinfo=KINSHASA)


MINE_A, MINE_B = "urn:epc:id:sgln:9520001.00011.0", "urn:epc:id:sgln:9520001.00012.0"
EXPORT_WH, REFINERY = "urn:epc:id:sgln:9520002.00001.0", "urn:epc:id:sgln:9520003.00001.0"
COOP_A, COOP_B = "urn:epc:id:pgln:9520001.00011", "urn:epc:id:pgln:9520001.00012"
EXPORTER, REFINER, MONITOR = "urn:epc:id:pgln:9520002.00001", "urn:epc:id:pgln:9520003.00001", \
    "urn:epc:id:pgln:9520009.00001"


def tag(site: int, n: int) -> str:
    return f"urn:epc:id:giai:952000{site}.TAG{n:05d}"


@dataclass
class Chain:
    engine: Engine
    keys: dict[str, KeyPair] = field(default_factory=dict)

    def credential(self, party: str, *events: object) -> bytes:
        key = self.keys[party]
        signed = passport.sign(event_credential(events, issuer=key.controller), key)
        return json.dumps(signed).encode()

    def submit(self, party: str, *events: object, **kw: object) -> Receipt:
        return submit(self.engine, self.credential(party, *events), **kw)  # type: ignore[arg-type]


@pytest.fixture
def chain(engine: Engine) -> Chain:
    c = Chain(engine)
    with engine.begin() as conn:
        for party, country in ((COOP_A, "CD"), (COOP_B, "CD"), (EXPORTER, "CD"), (REFINER, "FI"), (MONITOR, "CD")):
            c.keys[party] = generate_key_pair("Ed25519")
            register_party(conn, party, name=f"synthetic {party[-5:]}", did=c.keys[party].controller,
                           country=country)
        delegate(conn, MONITOR, COOP_A)
        register_site(conn, MINE_A, party=COOP_A, country="CD", origin=True, programme="better-mining")
        register_site(conn, MINE_B, party=COOP_B, country="CD", origin=True)
        register_site(conn, EXPORT_WH, party=EXPORTER, country="CD")
        register_site(conn, REFINERY, party=REFINER, country="FI")
        allocate_tags(conn, MINE_A, [tag(1, n) for n in range(1, 11)])
        allocate_tags(conn, MINE_B, [tag(2, n) for n in range(1, 11)])
    return c
