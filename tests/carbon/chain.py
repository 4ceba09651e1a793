"""A small real custody chain for the carbon tests: a CAM maker's lot becomes cells, the cells a battery.

Every event goes through the real intake (signatures, authority, custody rules), so the lineage the carbon
calculation reads is the one custody proved."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy.engine import Engine

import passport
from passport.custody.compose import associate, commission, content, each, kg, ship, transform
from passport.custody.credential import event_credential
from passport.custody.intake import submit
from passport.custody.repository import register_party, register_site
from passport.keys import KeyPair, generate_key_pair

CAM_MAKER, CELL_MAKER = "urn:epc:id:pgln:9529999.00001", "urn:epc:id:pgln:9529999.00002"
CAM_SITE, CELL_SITE = "urn:epc:id:sgln:9529999.00011.0", "urn:epc:id:sgln:9529999.00012.0"


@dataclass(frozen=True)
class SmallChain:
    battery: str
    cam_lot: str
    stray_lot: str


def _at(day: int) -> datetime:
    return datetime(2026, 3, day, 8, tzinfo=timezone.utc)


def build_chain(engine: Engine, cam_key: KeyPair) -> SmallChain:
    cell_key = generate_key_pair("Ed25519")
    cam_lot, stray = "urn:epc:class:lgtin:9529999.0400001.CAM-1", "urn:epc:class:lgtin:9529999.0400001.CAM-2"
    cells, battery = "urn:epc:class:lgtin:9529999.0500001.CELL-1", "urn:example:battery:SMALL-1"
    with engine.begin() as conn:
        register_party(conn, CAM_MAKER, name="CAM maker (synthetic)", did=cam_key.controller, country="PL")
        register_party(conn, CELL_MAKER, name="Cell maker (synthetic)", did=cell_key.controller, country="HU")
        register_site(conn, CAM_SITE, party=CAM_MAKER, country="PL")
        register_site(conn, CELL_SITE, party=CELL_MAKER, country="HU")

    def send(key: KeyPair, *events: object) -> None:
        raw = json.dumps(passport.sign(event_credential(events, issuer=key.controller), key)).encode()
        submit(engine, raw)

    send(cam_key, commission("urn:uuid:6a0d5c1e-0000-4000-8000-000000000001", _at(1), CAM_SITE,
                             [(cam_lot, 100.0, content(cam_lot, {"Ni": 0.48}, product="NMC811 CAM")),
                              (stray, 100.0, content(stray, {"Ni": 0.48}, product="NMC811 CAM"))]),
         ship("urn:uuid:6a0d5c1e-0000-4000-8000-000000000002", _at(2), [(cam_lot, 100.0)], source=CAM_MAKER,
              destination=CELL_MAKER, transaction="urn:example:desadv:CAM-1"))
    send(cell_key,
         transform("urn:uuid:6a0d5c1e-0000-4000-8000-000000000003", _at(3), CELL_SITE, [kg(cam_lot, 100.0)],
                   [(each(cells, 40), content(cells, {"Ni": 46.0}, mass_kg=True, net_mass_kg=2.5,
                                              product="cell"))], declared_yield={"Ni": 0.96}),
         associate("urn:uuid:6a0d5c1e-0000-4000-8000-000000000004", _at(4), CELL_SITE, battery, [each(cells, 4)],
                   net_mass_kg=10.0, product="small battery"))
    return SmallChain(battery, cam_lot, stray)
