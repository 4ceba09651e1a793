"""`passport issue` and `passport disclose`: a passport signed once, a view per access group.

`issue` validates the maker's data (Annex XIII model), gives it its identifier from `PASSPORT_BASE_URL`, and
signs it with an ecdsa-sd-2023 base proof (the issuer's copy). `disclose` derives from that the credential a
reader at one access group may see; it verifies against the same signature (`passport verify` accepts both).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from indices.carbon import parse_input
from passport.application.issuance import Compute, Draft, issue_passports
from passport.application.sections import compute_sections, with_sections
from passport.cli import _context
from passport.cli.credentials import _read_json, _read_text
from passport.cli.exit_codes import fail
from passport.credentials._time import format_date_time_stamp
from passport.disclosure.levels import disclose as derive
from passport.disclosure.levels import sign_passport
from passport.errors import InputError, PassportError
from passport.keys import load_key_file
from passport.organisations import get_organisation
from passport.registry.issue import build_credential, prepare
from passport.sdjwt import bind, issue_sd_jwt_vc, key_from_jwk, public_jwk, select_disclosures
from passport.store.engine import session_scope
from passport.store.migrate import require_current


class Level(str, Enum):
    public = "public"
    legitimate_interest = "legitimate_interest"
    authority = "authority"


class Format(str, Enum):
    data_integrity = "data-integrity"
    sd_jwt_vc = "sd-jwt-vc"


def _holder_jwk(path: Path | None) -> dict[str, str] | None:
    """The holder's public JWK from a file (checked: an Ed25519, P-256 or P-384 public key)."""
    if path is None:
        return None

    return public_jwk(key_from_jwk(_read_json(str(path))))


def issue(
    source: str = typer.Argument(..., metavar="PASSPORT.json", help="The maker's passport data, or - for stdin."),
    key_file: Path | None = typer.Option(None, "--key", help="Sealed P-256 key file (`passport keys generate "
                                         "--suite ecdsa-sd-2023 --out FILE`); with --publish, default: the "
                                         "organisation's key in the store."),
    issuer_name: str | None = typer.Option(None, "--issuer-name", help="Name shown beside the issuer's DID "
                                           "(with --organisation: its legal name)."),
    organisation: str | None = typer.Option(None, "--organisation", metavar="SLUG", help="The issuing "
                                            "organisation (needed by --publish)."),
    publish: bool = typer.Option(False, "--publish", help="Store the passport as the organisation's next version "
                                 "(status entries, views, audit) through the same path as POST /api/v1/passports, "
                                 "so its URL and QR code resolve; prints the URL on stderr."),
    reason: str | None = typer.Option(None, "--reason", help="With --publish, for a next version whose static "
                                      "fields changed: the reason code (as POST {path}/versions takes)."),
    carbon: Path | None = typer.Option(None, "--carbon", metavar="INPUT.json", help="Compute the carbon footprint "
                                       "from this calculation input (as `passport carbon compute` reads it) and "
                                       "put it in carbonFootprint."),
    no_custody: bool = typer.Option(False, "--no-custody", help="Compute the footprint without the store's custody "
                                    "trace: every supplier footprint is rejected (NO_CUSTODY_TRACE)."),
    custody_lot: str | None = typer.Option(None, "--custody-lot", metavar="ID", help="Battery lot (or passport URL) "
                                           "in the custody store: fill supplyChainDueDiligence.chainOfCustody and "
                                           "bind the upstream credentials (relatedResource, authority view only)."),
    indices: bool = typer.Option(False, "--indices", help="With --custody-lot: compute the GBA index results of "
                                 "the lot from the store and fill supplyChainDueDiligence.indexResults."),
    fmt: Format = typer.Option(Format.data_integrity, "--format", help="data-integrity: JSON-LD with an "
                               "ecdsa-sd-2023 base proof; sd-jwt-vc: an SD-JWT VC (application/dc+sd-jwt) with one "
                               "disclosure per attribute."),
    holder_jwk: Path | None = typer.Option(None, "--holder-jwk", help="sd-jwt-vc: the holder's public JWK (file), "
                                           "put in cnf so presentations can be key-bound."),
) -> None:
    """Validate PASSPORT.json, compute what is asked for, sign with an ecdsa-sd-2023 base proof and print the
    signed credential (what was computed goes to stderr)."""
    if publish and fmt is Format.sd_jwt_vc:
        fail(InputError("a published passport is served as an SD-JWT VC at its URL (Accept: application/dc+sd-jwt); "
                         "--format sd-jwt-vc prints one signed with --key", code="INVALID_OPTIONS",
                         details={"option": "--format"}))
    if publish:
        _publish(source, key_file, organisation, carbon, custody_lot, indices, use_custody=not no_custody,
                 reason=reason)
        return
    if key_file is None:
        fail(InputError("give --key FILE (or --publish --organisation SLUG to sign with the store's key)",
                         code="INVALID_OPTIONS", details={"option": "--key"}))
    try:
        data = _read_json(source)
        settings = _context.settings()
        key = load_key_file(key_file, settings=settings)
        if organisation is not None and issuer_name is None:
            issuer_name = _legal_name(organisation)
        data, related = _computed(data, carbon, custody_lot, indices, use_custody=not no_custody,
                                  issuer=key.controller, base_url=settings.base_url)
        now = datetime.now(timezone.utc).replace(microsecond=0)
        issuer = {"id": key.controller, "name": issuer_name} if issuer_name else key.controller
        _, credential = build_credential(data, issuer=issuer, base_url=settings.base_url, now=now,
                                         related_resource=related)
        if fmt is Format.sd_jwt_vc:
            typer.echo(issue_sd_jwt_vc(credential, key, holder_jwk=_holder_jwk(holder_jwk), now=now))
            return
        signed = sign_passport(credential, key, created=format_date_time_stamp(now))
    except PassportError as exc:
        fail(exc)
    typer.echo(json.dumps(signed, indent=2, ensure_ascii=False))


def _legal_name(slug: str) -> str:
    with session_scope(_context.store()) as session:
        return get_organisation(session, slug).name


def _publish(source: str, key_file: Path | None, organisation: str | None, carbon: Path | None,
             custody_lot: str | None, indices: bool, *, use_custody: bool, reason: str | None) -> None:
    """`passport issue --publish`: the one issuance path (`passport.application.issuance.issue_passports`)."""
    try:
        if organisation is None:
            raise InputError("--publish needs --organisation SLUG (the issuing organisation)", code="INVALID_OPTIONS",
                             details={"option": "--organisation"})
        if indices and custody_lot is None:
            raise InputError("--indices needs --custody-lot", details={"option": "--indices"})
        data = _read_json(source)
        if not isinstance(data, dict):
            raise InputError("the passport must be a JSON object", code="INVALID_JSON")
        carbon_input = _read_json(str(carbon)) if carbon is not None else None
        if carbon_input is not None and not isinstance(carbon_input, dict):
            raise InputError("the carbon input must be a JSON object", code="INVALID_JSON",
                             details={"file": str(carbon)})
        settings = _context.settings()
        engine = _context.store()
        require_current(engine)
        signer = load_key_file(key_file, settings=settings) if key_file is not None else None
        compute = Compute(carbon=carbon_input, custody_lot=custody_lot, indices=indices, use_custody_links=use_custody)
        issued = issue_passports(engine, [Draft(data, compute, reason)], organisation=organisation,
                                 base_url=settings.base_url, actor=f"passport issue --publish ({organisation})",
                                 settings=settings, signer=signer)[0]
    except PassportError as exc:
        fail(exc)
    for note in issued.notes:
        typer.echo(note, err=True)
    stored = issued.passport.stored
    typer.echo(f"published {issued.passport.url} (version {stored.version})", err=True)
    typer.echo(json.dumps(stored.document, indent=2, ensure_ascii=False))


def _has_custody_lot(carbon_input: dict[str, Any]) -> bool:
    return parse_input(carbon_input).battery.custody_lot is not None


def _computed(data: Any, carbon: Path | None, custody_lot: str | None, indices: bool, *, use_custody: bool,
              issuer: str, base_url: str) -> tuple[Any, list[dict[str, Any]] | None]:
    """The passport data with the computed sections, and the upstream binding (store read only when needed)."""
    if indices and custody_lot is None:
        raise InputError("--indices needs --custody-lot", details={"option": "--indices"})
    if carbon is None and custody_lot is None:
        return data, None
    if not isinstance(data, dict):
        raise InputError("the passport must be a JSON object", code="INVALID_JSON")

    carbon_input = None
    if carbon is not None:
        carbon_input = _read_json(str(carbon))
        if not isinstance(carbon_input, dict):
            raise InputError("the carbon input must be a JSON object", code="INVALID_JSON",
                             details={"file": str(carbon)})
    engine = None
    if custody_lot is not None or (use_custody and carbon_input is not None and _has_custody_lot(carbon_input)):
        engine = _context.store()
        require_current(engine)
    passport = prepare(data, base_url)[0].url(base_url) if custody_lot is not None else None
    sections = compute_sections(engine, carbon_input=carbon_input, custody_lot=custody_lot, passport=passport,
                                issuer=issuer, indices=indices, use_custody_links=use_custody)
    for note in sections.notes:
        typer.echo(note, err=True)
    return with_sections(data, sections), sections.related_resource


def disclose(
    source: str = typer.Argument(..., metavar="SIGNED.json", help="A passport with its base proof, or - for stdin."),
    level: Level = typer.Option(..., "--level", help="The reader's access group."),
    fmt: Format = typer.Option(Format.data_integrity, "--format", help="sd-jwt-vc: SIGNED is an SD-JWT VC "
                               "(from `passport issue --format sd-jwt-vc`); keep LEVEL's disclosures."),
    holder_key: Path | None = typer.Option(None, "--holder-key", help="sd-jwt-vc: the holder's key file; adds a "
                                           "Key Binding JWT (needs --audience and --nonce)."),
    audience: str | None = typer.Option(None, "--audience", help="sd-jwt-vc: the verifier the KB-JWT is for."),
    nonce: str | None = typer.Option(None, "--nonce", help="sd-jwt-vc: the verifier's nonce."),
) -> None:
    """Print the derived credential a reader at LEVEL may see (it verifies against the issuer's signature)."""
    if fmt is Format.sd_jwt_vc:
        _disclose_sd_jwt(source, level, holder_key, audience, nonce)
        return
    try:
        signed = _read_json(source)
        if not isinstance(signed, dict):
            raise InputError(f"{source} is not a JSON object", details={"file": source})
        derived = derive(signed, level.value)
    except PassportError as exc:
        fail(exc)
    typer.echo(json.dumps(derived, indent=2, ensure_ascii=False))


def _disclose_sd_jwt(source: str, level: Level, holder_key: Path | None, audience: str | None,
                     nonce: str | None) -> None:
    try:
        presentation = select_disclosures(_read_text(source), level.value)
        if holder_key is not None:
            if not audience or not nonce:
                raise InputError("a key-bound presentation needs --audience and --nonce", details={"field": "--nonce"})
            presentation = bind(presentation, load_key_file(holder_key, settings=_context.settings()),
                                audience=audience, nonce=nonce)
    except PassportError as exc:
        fail(exc)
    typer.echo(presentation)


def register(app: typer.Typer) -> None:
    app.command()(issue)
    app.command()(disclose)
