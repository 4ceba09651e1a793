"""The SD-JWT VC type metadata: generated from the model, committed as generated, served at the vct's path,
and covering every disclosure an issued passport has (served: tests/api/test_sd_jwt_http.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib.resources import files

from passport.keys import generate_key_pair
from passport.registry.issue import build_credential
from passport.sdjwt import VCT, issue_sd_jwt_vc
from passport.sdjwt.structure import decode_jws, split, unpack
from passport.sdjwt.type_metadata import TYPE_METADATA_FILE, render
from tests.api.conftest import EXAMPLES


def test_committed_type_metadata_equals_the_generated_one():
    committed = (files("schemas") / TYPE_METADATA_FILE).read_text(encoding="utf-8")
    assert committed == render(), "regenerate with `python -m passport.sdjwt`"
    assert json.loads(committed)["vct"] == VCT


def test_every_disclosure_of_an_issued_passport_has_a_claim_entry():
    paths = {tuple(c["path"]) for c in json.loads(render())["claims"]}
    key = generate_key_pair("P-256")
    checked = 0
    for source in sorted(EXAMPLES.glob("*.json")):
        _, credential = build_credential(json.loads(source.read_text()), issuer=key.controller,
                                         base_url="http://testserver", now=datetime(2026, 1, 1, tzinfo=UTC))
        parsed = split(issue_sd_jwt_vc(credential, key))
        for pointer in unpack(decode_jws(parsed.jws)[1], parsed.disclosures).pointers.values():
            parts = pointer.split("/")[2:]  # below /credentialSubject
            path = tuple(None if p.isdigit() else p for p in parts)
            assert path in paths, pointer
            checked += 1
    assert checked > 200

