"""`passport orgs`: create, list, show and change organisations by slug (their legal name, DID and prefixes)."""

from __future__ import annotations

import json

import typer

from passport.cli import _context
from passport.organisations import (
    OrganisationCreate,
    OrganisationUpdate,
    create_organisation,
    get_organisation,
    list_organisations,
    public_view,
    update_organisation,
)
from passport.organisations.validation import parse_request
from passport.store.engine import session_scope
from passport.store.migrate import require_current

app = typer.Typer(help="Organisations: slug, legal name, DID (did:web or did:key), identifier prefixes.",
                  no_args_is_help=True)

GS1_HELP = "GS1 company prefix (4-12 digits, as in a GTIN-13) whose GTINs it may issue under; repeatable."
ISO_HELP = "ISO/IEC 15459 prefix (issuing agency code + company identification number); repeatable."


def _print(view, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    if as_json:
        typer.echo(json.dumps(view.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return
    typer.echo(f"{view.slug}  {view.legal_name}  ({view.role})")
    typer.echo(f"  did: {view.did or '(did:key of its first issuer key: `passport keys generate --organisation '}"
               + ("" if view.did else f"{view.slug} --suite ecdsa-sd-2023`)"))
    if view.did_document_url:
        typer.echo(f"  did document: {view.did_document_url}")
    for name, values in (("gs1 company prefixes", view.gs1_company_prefixes),
                         ("iso15459 prefixes", view.iso15459_prefixes)):
        if values:
            typer.echo(f"  {name}: {', '.join(values)}")


def _session():  # type: ignore[no-untyped-def]

    engine = _context.store()
    require_current(engine)
    return session_scope(engine)


@app.command()
def create(
    slug: str = typer.Option(..., "--slug", help="Its name in commands and URLs (a-z, 0-9, -)."),
    legal_name: str = typer.Option(..., "--legal-name", help="Legal name, shown as the issuer's name."),
    role: str = typer.Option("manufacturer", "--role", help="manufacturer, contributor, operator, notified_body, "
                             "market_surveillance, commission or legitimate_interest."),
    did_web: str | None = typer.Option(None, "--did-web", metavar="HOST[:PORT][/PATH]",
                                       help="Its did:web (default: this service's PASSPORT_BASE_URL/orgs/SLUG)."),
    did_key: bool = typer.Option(False, "--did-key", help="Use the did:key of its issuer key instead."),
    gs1: list[str] = typer.Option([], "--gs1-company-prefix", help=GS1_HELP),
    iso: list[str] = typer.Option([], "--iso15459-prefix", help=ISO_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Create an organisation; next: `passport keys generate --organisation SLUG --suite ecdsa-sd-2023`."""
    request = parse_request(OrganisationCreate, {
        "slug": slug, "legalName": legal_name, "role": role, "didWeb": did_web, "didKey": did_key,
        "gs1CompanyPrefixes": gs1, "iso15459Prefixes": iso})
    with _session() as session:
        view = create_organisation(session, request, base_url=_context.settings().base_url, actor="passport orgs")
    _print(view, as_json)


@app.command("set")
def set_(
    slug: str = typer.Argument(..., help="The organisation's slug."),
    legal_name: str | None = typer.Option(None, "--legal-name", help="New legal name."),
    did_web: str | None = typer.Option(None, "--did-web", metavar="HOST[:PORT][/PATH]",
                                       help="New did:web (only before it has keys)."),
    gs1: list[str] = typer.Option([], "--gs1-company-prefix", help="Bind this GS1 company prefix; repeatable."),
    iso: list[str] = typer.Option([], "--iso15459-prefix", help="Bind this ISO/IEC 15459 prefix; repeatable."),
    no_gs1: list[str] = typer.Option([], "--remove-gs1-company-prefix", help="Unbind this prefix; repeatable."),
    no_iso: list[str] = typer.Option([], "--remove-iso15459-prefix", help="Unbind this prefix; repeatable."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Change an organisation's legal name, did:web or prefixes."""
    request = parse_request(OrganisationUpdate, {
        "legalName": legal_name, "didWeb": did_web, "addGs1CompanyPrefixes": gs1, "addIso15459Prefixes": iso,
        "removeGs1CompanyPrefixes": no_gs1, "removeIso15459Prefixes": no_iso}, drop_none=True)
    with _session() as session:
        view = update_organisation(session, slug, request, actor="passport orgs")
    _print(view, as_json)


@app.command()
def show(slug: str = typer.Argument(..., help="The organisation's slug."),
         as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Show an organisation."""
    with _session() as session:
        view = public_view(session, get_organisation(session, slug))
    _print(view, as_json)


@app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List organisations by slug."""
    with _session() as session:
        views = list_organisations(session)
    if as_json:
        typer.echo(json.dumps([v.model_dump(mode="json") for v in views], indent=2, ensure_ascii=False))
        return
    for view in views:
        typer.echo(f"{view.slug:24} {view.role:20} {view.did or '-':50} {view.legal_name}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="orgs")
