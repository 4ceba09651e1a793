"""EN 18222 fine-grained operations: one data element of the current passport.

    GET   /dpp/v1/dpps/{dppId}/elements/{elementPath}   ReadDataElement
    PATCH /dpp/v1/dpps/{dppId}/elements/{elementPath}   UpdateDataElement: {"value": …} → the next version

The element's access group (from the model) is checked before any value is read: a caller below it gets 403
ELEMENT_ACCESS_DENIED and nothing else. The value comes from the caller's own stored view.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlmodel import Session

from api.access import CallerDep, IssuerDep
from api.routers.dpp.read import ERRORS
from api.routers.dpp.result import PREFIX, ResultRoute
from api.routers.dpp.write import WRITE_ERRORS, Created, NoteQuery, ReasonQuery, apply_update
from passport.access.grants import reading_level
from passport.dpp import element_group, parse_dpp_id, parse_element_path, read_element, record_by_dpp_id
from passport.dpp.elements import pointer_of, set_element
from passport.dpp.service import read_dpp
from passport.errors import AccessDeniedError
from passport.lifecycle.links import record_restricted_read
from passport.lifecycle.service import current_data
from passport.model import AccessGroup
from passport.registry import latest

router = APIRouter(prefix=PREFIX, tags=["EN 18222"], route_class=ResultRoute)
READ_ERRORS = {**ERRORS, 403: {"model": ERRORS[404]["model"], "description": "The element is above your "
                               "access group"}}


class Element(BaseModel):
    digitalProductPassportId: str
    elementPath: str = Field(description="The element's JSON pointer into the passport content.")
    accessGroup: AccessGroup = Field(description="Who may read the element (Annex XIII).")
    lastUpdate: str
    value: Any


class ElementUpdate(BaseModel):
    value: Any = Field(description="The element's new value; null removes it.")


def _check_access(level: str, tokens: tuple[str, ...]) -> AccessGroup:
    group = element_group(tokens)
    if not AccessGroup(level).can_read(group):
        raise AccessDeniedError("this element is above your access group", code="ELEMENT_ACCESS_DENIED",
                                details={"pointer": pointer_of(tokens)})
    return group


@router.get("/dpps/{dppId}/elements/{elementPath:path}", response_model=Element, responses=READ_ERRORS,
            summary="ReadDataElement: one element of the current passport")
def read_data_element(dppId: str, elementPath: str, request: Request, caller: CallerDep) -> Element:
    tokens = parse_element_path(elementPath)
    element_group(tokens)  # 404 for what is not a passport element, before anything is looked up
    engine, base_url = request.app.state.engine, request.app.state.settings.base_url
    with Session(engine) as session:
        identifier = record_by_dpp_id(session, parse_dpp_id(dppId)).identifier
    level, grant = reading_level(engine, caller, identifier)  # as for the whole DPP: a grant lifts the level
    group = _check_access(level, tokens)
    with Session(engine) as session:
        read = read_dpp(session, identifier, level, base_url=base_url)
    value = read_element(read.content, tokens)
    if caller.authenticated and level != "public":  # a restricted read is audited
        actor = f"{caller.organisation} (token {caller.token_id}{f', grant {grant}' if grant else ''})"
        record_restricted_read(engine, actor, identifier, read.view.version, level)
    return Element(digitalProductPassportId=read.header.digitalProductPassportId, elementPath=pointer_of(tokens),
                   accessGroup=group, lastUpdate=read.header.lastUpdate.isoformat(), value=value)


@router.patch("/dpps/{dppId}/elements/{elementPath:path}", response_model=Created, responses=WRITE_ERRORS,
              summary="UpdateDataElement: set one element (the next signed version)")
def update_data_element(dppId: str, elementPath: str, update: ElementUpdate, caller: IssuerDep, request: Request,
                        reason: ReasonQuery = None, note: NoteQuery = None) -> Created:
    tokens = parse_element_path(elementPath)
    element_group(tokens)  # 404 for what is not a passport element
    with Session(request.app.state.engine) as session:
        identifier = record_by_dpp_id(session, parse_dpp_id(dppId)).identifier
        data = current_data(latest(session, identifier))
    return apply_update(request, caller, dppId, set_element(data, tokens, update.value), reason=reason, note=note,
                        merge=False)
