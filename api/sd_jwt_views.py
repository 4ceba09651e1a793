"""A stored passport version as an SD-JWT VC (`application/dc+sd-jwt`), cut to the reader's access level.

The issuer's SD-JWT VC of a version (every disclosure) is made the first time it is asked for, with the
issuer's active key held in the store, and kept (`passport_sd_jwt`): its salts are random, so it is made once
and every later read of any level is a cut of the same signed JWT. A passport whose issuer key this service
does not hold cannot be served in this form (406, SD_JWT_UNAVAILABLE).
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from passport.errors import NotFoundError, PassportError
from passport.lifecycle import signer_for_issuer
from passport.registry import by_version
from passport.registry.tables import PassportVersion
from passport.sdjwt import issue_sd_jwt_vc, select_disclosures
from passport.sdjwt.tables import PassportSdJwt
from passport.settings import Settings
from passport.store.engine import session_scope


class SdJwtUnavailable(PassportError):
    """This service cannot sign an SD-JWT VC for the passport (its issuer's key is not held here) -> 406."""

    code = "SD_JWT_UNAVAILABLE"


def _version_id(session: Session, identifier: str, version: int) -> int:
    found = session.exec(select(PassportVersion.id).where(PassportVersion.identifier == identifier,
                                                          PassportVersion.version == version)).first()
    if found is None:
        raise NotFoundError("no passport with this identifier", details={"identifier": identifier})
    return found


def issued_sd_jwt(engine: Engine, settings: Settings, identifier: str, version: int) -> str:
    """The version's SD-JWT VC with every disclosure, made and stored on first use."""
    with Session(engine) as session:
        version_id = _version_id(session, identifier, version)
        kept = session.get(PassportSdJwt, version_id)
        if kept is not None:
            return kept.sd_jwt
        stored = by_version(session, identifier, version)
    try:
        signer = signer_for_issuer(engine, settings)(stored.issuer)
    except NotFoundError as exc:
        raise SdJwtUnavailable("this passport's issuer key is not held here, so no SD-JWT VC can be made",
                               details={"identifier": identifier}) from exc
    sd_jwt = issue_sd_jwt_vc(stored.document, signer, now=stored.created_at)
    try:
        with session_scope(engine) as session:
            session.add(PassportSdJwt(version_id=version_id, sd_jwt=sd_jwt))
    except IntegrityError:  # another request made it first: serve theirs, so every reader sees one JWT
        with Session(engine) as session:
            return session.get(PassportSdJwt, version_id).sd_jwt  # type: ignore[union-attr]
    return sd_jwt


@lru_cache(maxsize=256)
def _cut(sd_jwt: str, level: str) -> str:
    # Keyed by the issued SD-JWT itself (immutable once stored): a cut costs ~15 ms, a hit microseconds.
    return select_disclosures(sd_jwt, level)


def sd_jwt_view(engine: Engine, settings: Settings, identifier: str, version: int, level: str) -> str:
    """What a reader at `level` gets: the disclosures of its access group, no key binding."""
    return _cut(issued_sd_jwt(engine, settings, identifier, version), level)
