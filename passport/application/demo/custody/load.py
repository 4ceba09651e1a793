"""Load the SYNTHETIC custody example into a store: register the world, give each party a fresh key, sign
each contribution with its author's key and submit it through the real intake (signature checks included)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Engine

import passport
from passport.application.demo.custody.chains import PACK_ID, all_contributions
from passport.application.demo.custody.world import DELEGATIONS, P, S, TAG_ALLOCATIONS, site_status
from passport.custody.credential import event_credential
from passport.custody.intake import Receipt, submit
from passport.custody.repository import T_LOT, allocate_tags, delegate, register_party, register_site
from passport.keys import KeyPair, generate_key_pair


@dataclass
class LoadedExample:
    keys: dict[str, KeyPair] = field(default_factory=dict)
    receipts: list[Receipt] = field(default_factory=list)
    credentials: list[bytes] = field(default_factory=list)


def is_loaded(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.scalar(select(T_LOT.c.id).where(T_LOT.c.id == PACK_ID)) is not None


def signed_contributions(keys: dict[str, KeyPair]) -> list[bytes]:
    """Every contribution as the bytes its author would send."""
    out = []
    for contribution in all_contributions():
        key = keys[contribution.signer]
        credential = event_credential(contribution.events, issuer=key.controller,
                                      issuer_name=P[contribution.signer].name,
                                      valid_from=min(e.event_time for e in contribution.events))
        out.append(json.dumps(passport.sign(credential, key), indent=1).encode())
    return out


def load_example(engine: Engine, keys: Mapping[str, KeyPair] | None = None) -> LoadedExample:
    """Register the example world and submit both chains; returns the keys, receipts and signed bytes.
    Parties missing from `keys` get a fresh key."""
    given = dict(keys or {})
    loaded = LoadedExample(keys={name: given.get(name) or generate_key_pair("Ed25519") for name in P})
    with engine.begin() as conn:
        for name, party in P.items():
            register_party(conn, party.id, name=party.name, did=loaded.keys[name].controller, country=party.country)
        for agent, principal in DELEGATIONS:
            delegate(conn, agent, principal)
        for site in S.values():
            register_site(conn, site.id, party=site.party, country=site.country, origin=site.origin,
                          programme=site.programme, name=site.name)
        for key, tags in TAG_ALLOCATIONS.items():
            allocate_tags(conn, S[key].id, tags)
    loaded.credentials = signed_contributions(loaded.keys)
    for n, raw in enumerate(loaded.credentials):
        loaded.receipts.append(submit(engine, raw, site_status=site_status, source=f"example contribution {n}"))
    return loaded


def demo_step(engine: Engine, _settings: object) -> list[str]:
    """`passport demo` step: load the custody example once (it issues no passport, so it prints nothing)."""
    if not is_loaded(engine):
        load_example(engine)
    return []
