"""`passport sign` and `passport verify`: Data Integrity proofs (and `vc+jwt`) on credential files.

Exit status of `verify` (`EXIT_CODES`): 0 every applicable check ran and passed ("verified"); 1 a check failed
(printed with its code); 2 unusable input (unreadable file, not JSON / not a JWS, bad option); 3 nothing failed
but a required check could not run (e.g. the credential has `credentialStatus` and no list was available).
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from passport.cli import _context
from passport.cli.exit_codes import ExitCode, fail
from passport.credentials import sign as add_proof
from passport.credentials import sign_enveloped
from passport.credentials._time import parse_date_time_stamp
from passport.credentials.issuer import bind_issuer
from passport.errors import InputError, NotFoundError, PassportError
from passport.jsonio import read_json
from passport.jsonld import DocumentLoader
from passport.keys import load_key_file, read_key_file
from passport.keys.keystore import load_issuer_signer
from passport.organisations import get_organisation
from passport.store.engine import session_scope
from passport.trust import TrustSources, verify_credential


EXIT_CODES = {"verified": ExitCode.SUCCESS, "failed": ExitCode.CHECK_FAILED, "unusable": ExitCode.UNUSABLE_INPUT,
              "incomplete": ExitCode.CHECK_NOT_RUN}


class Suite(str, Enum):
    eddsa_rdfc_2022 = "eddsa-rdfc-2022"
    ecdsa_rdfc_2019 = "ecdsa-rdfc-2019"
    ecdsa_sd_2023 = "ecdsa-sd-2023"
    eddsa_jcs_2022 = "eddsa-jcs-2022"
    ecdsa_jcs_2019 = "ecdsa-jcs-2019"



def _read_text(source: str) -> str:
    try:
        return sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {source}: {getattr(exc, 'strerror', None) or exc}",
                         details={"file": source}) from exc


def _read_json(source: str) -> Any:
    return read_json(_read_text(source), source=source)


def _read_json_text(text: str, source: str) -> Any:
    return read_json(text, source=source)


def _loader(contexts: list[str]) -> Any:
    """The shipped contexts plus URL=FILE pairs the caller vouches for (still nothing from the network)."""
    extra = {}
    for pair in contexts:
        url, sep, path = pair.partition("=")
        if not sep or not url or not path:
            raise InputError("--context takes URL=FILE", details={"field": "--context"})
        extra[url] = _read_json(path)
    return DocumentLoader(extra=extra)


def sign(
    source: str = typer.Argument(..., metavar="IN.json", help="Credential to sign (JSON), or - for stdin."),
    key_file: Path | None = typer.Option(None, "--key", help="Sealed key file (from `passport keys generate`)."),
    organisation: str | None = typer.Option(None, "--organisation", metavar="SLUG", help="Sign with this "
                                            "organisation's active issuer key for --suite in the store instead."),
    suite: Suite | None = typer.Option(None, "--suite", help="Cryptosuite; default: the key file's suite."),
    jwt: bool = typer.Option(False, "--jwt", help="Secure as an enveloped vc+jwt (VC-JOSE-COSE) instead."),
    proof_purpose: str = typer.Option("assertionMethod", "--proof-purpose", help="proofPurpose of the proof."),
    previous_proof: list[str] = typer.Option([], "--previous-proof", help="Chain to this proof id (repeatable)."),
    proof_id: str | None = typer.Option(None, "--proof-id", help="id of the new proof (so others can chain)."),
    contexts: list[str] = typer.Option([], "--context", help="Extra JSON-LD context as URL=FILE (repeatable)."),
    issuer_from_key: bool = typer.Option(False, "--issuer-from-key", help="Replace the credential's issuer with "
                                         "the key's DID (otherwise an issuer the key does not speak for is refused)."),
) -> None:
    """Sign IN.json and print the signed credential; sets `issuer` to the key's DID when the input has none, and
    refuses (exit 2, ISSUER_MISMATCH, nothing written) an issuer that is not the key's controller."""
    try:
        credential = _read_json(source)
        if not isinstance(credential, dict):
            raise InputError(f"{source} is not a JSON object", details={"file": source})
        if (key_file is None) == (organisation is None):
            raise InputError("give --key FILE or --organisation SLUG (with --suite)", code="INVALID_OPTIONS",
                             details={"option": "--key"})
        if organisation is not None:
            if suite is None:
                raise InputError("--organisation needs --suite (which of its keys signs)", code="INVALID_OPTIONS",
                                 details={"option": "--suite"})
            key = _organisation_key(organisation, suite.value)
        else:
            key = load_key_file(key_file, settings=_context.settings())
        credential.setdefault("issuer", key.controller)
        credential = dict(bind_issuer(credential, key.controller, from_key=issuer_from_key))
        if jwt:
            signed = sign_enveloped(credential, key, loader=_loader(contexts))
        else:
            chosen = suite.value if suite else read_key_file(key_file).suite  # type: ignore[arg-type]
            chain = previous_proof[0] if len(previous_proof) == 1 else (previous_proof or None)
            signed = add_proof(credential, key, suite=chosen, proof_purpose=proof_purpose, previous_proof=chain,
                               proof_id=proof_id, loader=_loader(contexts))
    except PassportError as exc:
        fail(exc)
    typer.echo(json.dumps(signed, indent=2, ensure_ascii=False))


def _organisation_key(slug: str, suite: str):  # type: ignore[no-untyped-def]
    """The organisation's active store key for `suite`, opened to sign (its secret never leaves this process)."""
    engine = _context.store()
    with session_scope(engine) as session:
        organisation_id = get_organisation(session, slug).id
    try:
        return load_issuer_signer(engine, organisation_id, suite=suite, settings=_context.settings())  # type: ignore[arg-type]
    except NotFoundError as exc:
        raise NotFoundError(f"{slug} has no active {suite} key: create one with `passport keys generate "
                            f"--organisation {slug} --suite {suite}`", code=exc.code,
                            details={"organisation": slug, "suite": suite}) from exc


def verify(
    source: str = typer.Argument(..., metavar="IN.json", help="Signed credential (JSON, or a compact vc+jwt)."),
    as_json: bool = typer.Option(False, "--json", help="Print the whole VerificationResult as JSON."),
    contexts: list[str] = typer.Option([], "--context", help="Extra JSON-LD context as URL=FILE (repeatable)."),
    did_documents: list[Path] = typer.Option([], "--did-document",
                                             help="A DID document to resolve did:web from (repeatable)."),
    status_lists: list[Path] = typer.Option([], "--status-list",
                                            help="A BitstringStatusListCredential to check status against."),
    now: str | None = typer.Option(None, "--now", help="Check validity at this instant (xsd:dateTimeStamp)."),
    audience: str | None = typer.Option(None, "--audience", help="SD-JWT VC: require a Key Binding JWT for this "
                                        "audience (with --nonce)."),
    nonce: str | None = typer.Option(None, "--nonce", help="SD-JWT VC: the nonce the Key Binding JWT must carry."),
    fetch_status: bool = typer.Option(False, "--fetch-status", help="Fetch status lists not supplied or held "
                                      "here from their statusListCredential URL (https only; bounded size and "
                                      "time; each list's signature verified)."),
) -> None:
    """Verify every proof and check of IN.json (a Data Integrity credential, a vc+jwt or an SD-JWT VC). Exit 0:
    verified (every applicable check ran and passed); 1: a check failed; 2: unusable input; 3: nothing failed
    but a required check (e.g. status) could not run."""
    try:
        text = _read_text(source)
        # A compact JWS is not JSON; anything that looks like JSON goes through the bounded reader.
        credential: Any = _read_json_text(text, source) if text.lstrip()[:1] in ("{", "[", '"') else text.strip()
        documents = _keyed_by_id([_read_json(str(p)) for p in did_documents], "--did-document")
        lists = _keyed_by_id([_read_json(str(p)) for p in status_lists], "--status-list")
        moment = parse_date_time_stamp(now) if now else None
        if now and moment is None:
            raise InputError("--now must be a dateTimeStamp such as 2030-01-01T00:00:00Z", details={"field": "--now"})
        sources = TrustSources.for_service(_context.engine, _context.settings(), did_documents=documents,
                                           status_lists=lists, loader=_loader(contexts), fetch_status=fetch_status)
        result = verify_credential(credential, sources, now=moment, audience=audience, nonce=nonce)
    except PassportError as exc:
        fail(exc)
    typer.echo(result.model_dump_json(indent=2) if as_json else result.summary())
    raise typer.Exit(EXIT_CODES[result.outcome])


def _keyed_by_id(documents: list[Any], option: str) -> dict[str, Any]:
    """DID documents / status list credentials by their `id`, which each must have."""
    keyed = {}
    for document in documents:
        if not isinstance(document, dict) or not isinstance(document.get("id"), str):
            raise InputError(f"every {option} file must be a JSON object with an id", details={"field": option})
        keyed[document["id"]] = document
    return keyed


def register(app: typer.Typer) -> None:
    app.command()(sign)
    app.command()(verify)
