"""A passport URL in another data model: `?format=batterypass-1.2|aas-idta-02035|catenax-6.1|untp-dpp`, or an
`Accept` media range with a `profile` naming one (`application/json;profile="https://w3id.org/battery-passport/
exchange/batterypass-1.2"`, or the bare name). Made from the signed view of the caller's access level, so an
export never holds more than that view. untp-dpp is a vc+jwt signed with the issuer's active key held here
(406 EXCHANGE_UNAVAILABLE when this service does not hold it).
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from passport.errors import InputError, NotFoundError, PassportError
from passport.exchange import FORMATS, export_passport
from passport.exchange.untp_dpp import dpp_credential, sign_dpp
from passport.lifecycle import signer_for_issuer

PROFILE_BASE = "https://w3id.org/battery-passport/exchange/"
_PROFILE = re.compile(r'profile\s*=\s*"?([^";,]+)"?', re.IGNORECASE)


class ExchangeUnavailable(PassportError):
    """This service cannot sign the requested form (its issuer key is not held here) -> 406."""

    code = "EXCHANGE_UNAVAILABLE"


def requested_format(query_format: str | None, accept: str | None) -> str | None:
    """The exchange format a request asks for, or None; an unknown `?format=` is an InputError (400)."""
    if query_format is not None:
        if query_format not in FORMATS:
            raise InputError(f"unknown format {query_format!r}; one of {', '.join(FORMATS)}",
                             code="UNKNOWN_FORMAT", details={"field": "format"})
        return query_format
    for match in _PROFILE.finditer(accept or ""):
        name = match.group(1).strip().removeprefix(PROFILE_BASE)
        if name in FORMATS:
            return name
    return None


def exchange_view(engine: Any, settings: Any, credential_text: str, issuer: str, level: str, fmt: str
                  ) -> tuple[bytes, str]:
    """(body, media type) of the view `credential_text` in `fmt`."""
    credential = json.loads(credential_text)
    if fmt == "untp-dpp":
        return _untp_dpp(engine, settings, credential, issuer, level).encode("ascii"), "application/vc+jwt"
    export = export_passport(credential, fmt, level)
    media = f'application/json; profile="{PROFILE_BASE}{fmt}"'
    return json.dumps(export.document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), media


def _untp_dpp(engine: Any, settings: Any, credential: dict[str, Any], issuer: str, level: str) -> str:
    try:
        signer = signer_for_issuer(engine, settings)(issuer)
    except NotFoundError as exc:
        raise ExchangeUnavailable("this passport's issuer key is not held here, so no UNTP DPP can be signed",
                                  details={"format": "untp-dpp"}) from exc
    name = credential.get("issuer", {}).get("name") if isinstance(credential.get("issuer"), dict) else None
    # deterministic per passport version and level: the same request names the same credential
    seed = f"{credential['credentialSubject']['id']}#{credential.get('validFrom')}#{level}"
    dpp = dpp_credential(credential, level, issuer=issuer, issuer_name=name or issuer,
                         credential_id=f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}",
                         valid_from=credential["validFrom"], base_url=settings.base_url)
    return sign_dpp(dpp, signer)
