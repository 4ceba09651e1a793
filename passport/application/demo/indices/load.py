"""Load the SYNTHETIC index evidence: programme data for the example sites, and signed assessments of the
example companies (both rulebooks), each submitted through the real intake (signatures verified)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

import passport
from indices.bettermining import import_files
from indices.evidence.credentials import assessment_credential, loader
from indices.evidence.digest import multibase_digest
from indices.store import add_assessments, compute
from indices.rulebook.loader import default_rulebooks
from indices.rulebook.model import Level, Pillar, Questionnaire, Rulebook
from passport.application.demo.custody.chains import PACK_ID
from passport.application.demo.custody.load import is_loaded
from passport.application.demo.custody.load import load_example as load_custody
from passport.application.demo.custody.world import P, site_status
from passport.application.demo.keys import party_keys
from passport.keys import KeyPair, generate_key_pair
from passport.settings import Settings

HERE = Path(__file__).parent
PROGRAMME_FILES = [HERE / "bettermining" / name for name in ("sites.json", "incidents.json", "corrective_actions.json")]


def _answers(rulebook: Rulebook, company: str, profile: str) -> list[dict[str, Any]]:
    out = []
    for indicator in rulebook.indicators:
        if not any(isinstance(c, Questionnaire) for c in indicator.criteria):
            continue
        yes = (profile == "all" or (profile == "baseline" and indicator.level is Level.baseline)
               or (profile == "policy" and indicator.pillar is Pillar.management_systems))
        url = f"https://evidence.example.org/{company.rsplit(':', 1)[-1]}/{indicator.id}.pdf"
        answer: dict[str, Any] = {"indicator": indicator.id, "answer": yes}
        if yes:
            answer["supportingEvidence"] = [{"url": url, "digest": multibase_digest(url.encode())}]
        out.append(answer)
    return out


def signed_assessments(keys: dict[str, KeyPair]) -> list[dict[str, Any]]:
    """Every example assessment, signed by its issuer (`keys` by party key of `examples.custody.world.P`, plus
    `assessor` and `monitor`)."""
    spec = json.loads((HERE / "assessments.json").read_text(encoding="utf-8"))
    out = []
    for rulebook in default_rulebooks().values():
        for entry in spec["assessments"]:
            company = P[entry["company"]].id
            key = keys[entry["company"] if entry["issuer"] == "self" else entry["issuer"]]
            subject = {"assessedCompany": company, "assessmentType": entry["type"],
                       "assessedOn": entry["assessed_on"], "rulebook": rulebook.id,
                       "rulebookVersion": rulebook.version, "answers": _answers(rulebook, company, entry["profile"])}
            if entry.get("certifications"):
                subject["certifications"] = entry["certifications"]
            credential = assessment_credential(subject, issuer=key.controller,
                                               valid_from=f"{entry['assessed_on']}T00:00:00Z")
            out.append(passport.sign(credential, key, loader=loader()))
    return out


def load_example(engine: Engine, keys: dict[str, KeyPair]) -> list[Any]:
    """Import the programme data and submit the signed assessments; returns the intake outcomes."""
    import_files(engine, PROGRAMME_FILES)
    all_keys = {**keys, "assessor": keys.get("assessor") or generate_key_pair("Ed25519")}
    return add_assessments(engine, signed_assessments(all_keys))


def demo_step(engine: Engine, _settings: Settings | None) -> list[str]:
    """`passport demo` step: the custody example (loaded here, so the companies' keys can sign their
    self-assessments), the index evidence, and the pack's indices computed once. Prints nothing."""
    if is_loaded(engine):   # an earlier run loaded everything (custody alone would have lost its keys)
        return []
    loaded = load_custody(engine, keys=party_keys(_settings, P))  # sealed: the carbon step signs as `cam`
    load_example(engine, loaded.keys)
    compute(engine, PACK_ID, site_status=site_status)
    return []
