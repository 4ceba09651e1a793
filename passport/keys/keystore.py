"""The store of the service's own issuer keys: create, rotate, list, and open the active one to sign.

Rotation retires the active key and creates its successor in one transaction; the retired key keeps its row
(and its place in the issuer's did:web document) so proofs it made stay verifiable.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from passport.audit.chain import append_audit
from passport.errors import ConflictError, InputError, NotFoundError
from passport.keys import sealing
from passport.keys.kek import key_encryption_key
from passport.keys.keypair import KeyPair, algorithm_for_suite, generate_key_pair
from passport.keys.tables import IssuerKey, IssuerKeyPublic
from passport.settings import Settings
from passport.store.engine import session_scope
from passport.store.tables import Organisation

ACTIVE, RETIRED = "active", "retired"


def _aad(row: IssuerKey) -> bytes:
    bound = {"verificationMethod": row.verification_method, "controller": row.controller,
             "organisationId": row.organisation_id, "algorithm": row.algorithm, "suite": row.suite,
             "publicKeyMultibase": row.public_key_multibase}
    return json.dumps(bound, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _public(row: IssuerKey) -> IssuerKeyPublic:
    data = row.model_dump()
    for name in ("created_at", "retired_at"):  # SQLite drops the zone; every stored time is UTC
        if data[name] is not None and data[name].tzinfo is None:
            data[name] = data[name].replace(tzinfo=timezone.utc)
    return IssuerKeyPublic.model_validate(data)


def _controller_of(session: Session, organisation_id: int, controller: str | None) -> str | None:
    """The DID the new key is controlled by; None for a did:key organisation (the key's own did:key)."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFoundError("no such organisation", code="ORGANISATION_NOT_FOUND",
                            details={"organisation_id": organisation_id})
    if controller is None and organisation.did_method == "key":
        return None
    controller = controller or organisation.did
    if not controller or not controller.startswith("did:"):
        raise InputError("the organisation has no DID to control its keys: give it one with `passport orgs set "
                         f"{organisation.slug} --did-web HOST[:PORT][/PATH]`", code="ORGANISATION_HAS_NO_DID",
                         details={"organisation": organisation.slug})
    return controller


def _active(session: Session, organisation_id: int, suite: str) -> IssuerKey | None:
    query = select(IssuerKey).where(IssuerKey.organisation_id == organisation_id, IssuerKey.suite == suite,
                                    IssuerKey.status == ACTIVE).with_for_update()
    return session.exec(query).first()


def _new_row(key: KeyPair, organisation_id: int, suite: str, passphrase: str, now: datetime) -> IssuerKey:
    row = IssuerKey(verification_method=key.id, controller=key.controller, organisation_id=organisation_id,
                    algorithm=key.algorithm, suite=suite, public_key_multibase=key.public_key_multibase,
                    status=ACTIVE, created_at=now, sealed_secret="")
    sealed = sealing.seal(key.secret_key_multibase().encode("ascii"), passphrase, aad=_aad(row))
    row.sealed_secret = sealed.model_dump_json()
    return row


def create_issuer_key(engine: Engine, organisation_id: int, *, suite: str, algorithm: str | None = None,
                      controller: str | None = None, key: KeyPair | None = None, settings: Settings | None = None,
                      passphrase: str | None = None, now: datetime | None = None) -> IssuerKeyPublic:
    """The organisation's first active key for `suite` (generated unless `key` is given); ConflictError if one exists."""
    return _install(engine, organisation_id, suite=suite, algorithm=algorithm, controller=controller, key=key,
                    settings=settings, passphrase=passphrase, now=now, rotate=False)


def rotate_issuer_key(engine: Engine, organisation_id: int, *, suite: str, algorithm: str | None = None,
                      controller: str | None = None, key: KeyPair | None = None, settings: Settings | None = None,
                      passphrase: str | None = None, now: datetime | None = None) -> IssuerKeyPublic:
    """Retire the active key for `suite` (if any) and make a new one active, in one transaction."""
    return _install(engine, organisation_id, suite=suite, algorithm=algorithm, controller=controller, key=key,
                    settings=settings, passphrase=passphrase, now=now, rotate=True)


def _install(engine: Engine, organisation_id: int, *, suite: str, algorithm: str | None, controller: str | None,
             key: KeyPair | None, settings: Settings | None, passphrase: str | None, now: datetime | None,
             rotate: bool) -> IssuerKeyPublic:
    algorithm = algorithm_for_suite(suite, algorithm or (key.algorithm if key else None))
    now = now or datetime.now(timezone.utc)
    secret = key_encryption_key(settings, passphrase=passphrase)
    with session_scope(engine) as session:
        controller = _controller_of(session, organisation_id, controller)
        current = _active(session, organisation_id, suite)
        if current is not None and not rotate:
            raise ConflictError("the organisation already has an active key for this suite: rotate it instead",
                                code="ACTIVE_KEY_EXISTS",
                                details={"organisation_id": organisation_id, "suite": suite})
        if current is not None:
            current.status, current.retired_at = RETIRED, now
            session.add(current)
            session.flush()  # free the one-active slot before the successor takes it
        if controller is None:  # did:key organisation: its DID is the new key's own
            pair = key or generate_key_pair(algorithm)
            organisation = session.get(Organisation, organisation_id)
            organisation.did = pair.controller  # type: ignore[union-attr]
            session.add(organisation)
        else:
            pair = key.with_controller(controller) if key else generate_key_pair(algorithm, controller=controller)
        row = _new_row(pair, organisation_id, suite, secret, now)
        session.add(row)
        session.flush()

        append_audit(session, f"organisation {organisation_id}", "key-rotate" if current else "key-create",
                     row.verification_method, {"suite": suite, "algorithm": row.algorithm,
                                               "retired": current.verification_method if current else None}, now=now)
        return _public(row)


def list_issuer_keys(engine: Engine, *, organisation_id: int | None = None, controller: str | None = None,
                     suite: str | None = None, status: str | None = None) -> list[IssuerKeyPublic]:
    """Public records of the stored keys, oldest first, filtered by whatever is given."""
    query = select(IssuerKey).order_by(IssuerKey.created_at, IssuerKey.id)
    if organisation_id is not None:
        query = query.where(IssuerKey.organisation_id == organisation_id)
    if controller is not None:
        query = query.where(IssuerKey.controller == controller)
    if suite is not None:
        query = query.where(IssuerKey.suite == suite)
    if status is not None:
        query = query.where(IssuerKey.status == status)
    with session_scope(engine) as session:
        return [_public(row) for row in session.exec(query).all()]


def load_issuer_signer(engine: Engine, organisation_id: int, *, suite: str, settings: Settings | None = None,
                       passphrase: str | None = None) -> KeyPair:
    """The organisation's active key for `suite`, opened to sign; NotFoundError when there is none."""
    with session_scope(engine) as session:
        row = session.exec(select(IssuerKey).where(IssuerKey.organisation_id == organisation_id,
                                                   IssuerKey.suite == suite, IssuerKey.status == ACTIVE)).first()
    if row is None:
        raise NotFoundError("the organisation has no active key for this suite", code="NO_ACTIVE_KEY",
                            details={"organisation_id": organisation_id, "suite": suite})
    sealed = sealing.SealedSecret.model_validate_json(row.sealed_secret)
    secret = sealing.unseal(sealed, key_encryption_key(settings, passphrase=passphrase), aad=_aad(row),
                            where={"verification_method": row.verification_method})
    return KeyPair.from_multibase(secret.decode("ascii"), public_key_multibase=row.public_key_multibase,
                                  controller=row.controller, id=row.verification_method)
