"""UN Transparency Protocol Digital Traceability Events (UNTP DTE, working version): export our EPCIS events
to the credentialSubject shape of a DTE credential, and import them back.

Spec: UNTP Digital Traceability Events (uncefact/spec-untp, data-models/untp-dte, working version): each event
is `{"type": [<EventType>, "Event"], "id", "eventTime", "action" (observe|add|delete), "bizStep", "disposition",
"bizLocation", "epcList": [Item{id, name}], "quantityList": [{"productId", "productName", "quantity", "uom"}],
...}`; aggregations and associations name `parentEPC` and `childEPCList`; the parties of a transaction are
`sourceParty`/`destinationParty` (both required), with one `bizTransaction`. CBV values are written as Web URIs.

What UNTP has no slot for travels under our `bp:` namespace (read point, lot master data, chain-of-custody
model, declared yields, recorder), defined by our custody extension context, so an export imports back to the
same event. UNTP terms stay UNTP's: the DTE context defines them at their UNTP IRIs.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from pydantic import ValidationError

from passport.custody.events import dump_event, parse_event
from passport.custody.vocab import cbv_bare, cbv_url
from passport.errors import InputError

DTE_CONTEXT = "https://test.uncefact.org/vocabulary/untp/dte/working/"
#: EPCIS list name -> UNTP list name.
_LISTS = {"epcList": "epcList", "inputEPCList": "inputEPCList", "outputEPCList": "outputEPCList",
          "childEPCs": "childEPCList"}
_QUANTITIES = ("quantityList", "inputQuantityList", "outputQuantityList", "childQuantityList")
_EXTENSIONS = ("bp:recorder", "bp:chainOfCustody", "bp:declaredYield", "bp:lotContent")


def to_untp_event(event: object) -> dict[str, Any]:
    """One EPCIS event as a UNTP DTE event object."""
    e = dump_event(event)  # type: ignore[arg-type]
    names = _product_names(e)
    out: dict[str, Any] = {"type": [e["type"], "Event"], "id": e["eventID"], "eventTime": e["eventTime"]}
    if "bizStep" in e:
        out["processType"] = e["bizStep"]
        out["bizStep"] = cbv_url(e["bizStep"], "bizStep") if ":" not in e["bizStep"] else e["bizStep"]
    if "action" in e:
        out["action"] = e["action"].lower()
    if "disposition" in e:
        out["disposition"] = cbv_url(e["disposition"], "disposition") if ":" not in e["disposition"] \
            else e["disposition"]
    if "bizLocation" in e:
        out["bizLocation"] = e["bizLocation"]["id"]
    if "readPoint" in e:
        out["bp:readPoint"] = e["readPoint"]["id"]
    for key, untp_key in _LISTS.items():
        if key in e:
            out[untp_key] = [_item(epc, names) for epc in e[key]]
    if "parentID" in e:
        out["parentEPC"] = _item(e["parentID"], names)
    for key in _QUANTITIES:
        if key in e:
            out[key] = [{"productId": q["epcClass"], "productName": names.get(q["epcClass"], q["epcClass"]),
                         "quantity": q["quantity"], **({"uom": q["uom"]} if "uom" in q else {})} for q in e[key]]
    if event.party("source"):  # type: ignore[attr-defined]
        out["sourceParty"] = event.party("source")  # type: ignore[attr-defined]
    if event.party("destination"):  # type: ignore[attr-defined]
        out["destinationParty"] = event.party("destination")  # type: ignore[attr-defined]
    if e.get("bizTransactionList"):
        out["bizTransaction"] = e["bizTransactionList"][0]["bizTransaction"]
        if "type" in e["bizTransactionList"][0]:
            out["bp:bizTransactionType"] = e["bizTransactionList"][0]["type"]
    if "sensorElementList" in e:
        out["sensorElementList"] = [_sensor_to_untp(s) for s in e["sensorElementList"]]
    if "ilmd" in e:
        out["bp:lotContent"] = e["ilmd"]["bp:lotContent"]
    for key in _EXTENSIONS:
        if key in e and key not in out:
            out[key] = e[key]
    return out


def _product_names(e: dict[str, Any]) -> dict[str, str]:
    """Lot URI -> product name, from the lot master data the event carries (UNTP requires a name per item)."""
    contents = e.get("ilmd", {}).get("bp:lotContent", []) + e.get("bp:lotContent", [])
    return {c["lot"]: c["product"] for c in contents if c.get("product")}


def _item(epc: str, names: dict[str, str]) -> dict[str, Any]:
    return {"type": ["Item"], "id": epc, "name": names.get(epc, epc)}


def _sensor_to_untp(element: dict[str, Any]) -> dict[str, Any]:
    meta = element.get("sensorMetadata", {})
    out: dict[str, Any] = {"sensorReport": [
        {k2: r[k1] for k1, k2 in (("time", "time"), ("type", "sensorType"), ("value", "value"), ("uom", "uom"))
         if k1 in r} for r in element["sensorReport"]]}
    if meta:
        out["sensorMetadata"] = {k: v for k, v in (("device", _item(meta["deviceID"], {})
                                                    if "deviceID" in meta else None),
                                                   ("dataProcessingMethod", meta.get("dataProcessingMethod")))
                                 if v is not None}
    return out


def from_untp_event(data: dict[str, Any], *, pointer: str = "") -> Any:
    """A UNTP DTE event object as our EPCIS event; raises InputError naming the JSON pointer."""
    try:
        types = data["type"] if isinstance(data["type"], list) else [data["type"]]
        kind = next(t for t in types if t.endswith("Event") and t != "Event")
        e: dict[str, Any] = {"type": kind, "eventID": data["id"]}
        when = datetime.fromisoformat(str(data["eventTime"]).replace("Z", "+00:00"))
    except (KeyError, StopIteration, ValueError, TypeError) as exc:
        raise InputError("not a UNTP traceability event (type, id and eventTime are required)",
                         code="INVALID_EVENT", details={"pointer": pointer}) from exc
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    e["eventTime"] = when.isoformat()
    offset = when.strftime("%z")
    e["eventTimeZoneOffset"] = f"{offset[:3]}:{offset[3:]}"
    if "action" in data and kind != "TransformationEvent":  # UNTP samples give one; EPCIS has none there
        e["action"] = str(data["action"]).upper()
    for key, kind_ in (("bizStep", "bizStep"), ("disposition", "disposition")):
        if key in data:
            e[key] = cbv_bare(data[key], kind_)  # type: ignore[arg-type]
    if "bizLocation" in data:
        e["bizLocation"] = {"id": _id(data["bizLocation"])}
    if "bp:readPoint" in data:
        e["readPoint"] = {"id": data["bp:readPoint"]}
    for key, untp_key in _LISTS.items():
        for name in (untp_key, key):  # `childEPCs` as written by our exports before UNTP's working version
            if name in data:
                e[key] = [_id(item) for item in data[name]]
                break
    if "parentEPC" in data:
        e["parentID"] = _id(data["parentEPC"])
    for key in _QUANTITIES:
        if key in data:
            e[key] = [{"epcClass": q.get("productId") or _id(q.get("product", {})), "quantity": q["quantity"],
                       **({"uom": q["uom"]} if q.get("uom") else {})} for q in data[key]]
    source = data.get("sourceParty", data.get("sourcePartyId"))  # `...PartyId`: UNTP DTE 0.5
    if source is not None:
        e["sourceList"] = [{"type": "owning_party", "source": _id(source)}]
    destination = data.get("destinationParty", data.get("destinationPartyId"))
    if destination is not None:
        e["destinationList"] = [{"type": "owning_party", "destination": _id(destination)}]
    if "bizTransaction" in data:
        e["bizTransactionList"] = [{"bizTransaction": _id(data["bizTransaction"]),
                                    **({"type": data["bp:bizTransactionType"]} if "bp:bizTransactionType" in data
                                       else {})}]
    if "sensorElementList" in data:
        e["sensorElementList"] = [_sensor_from_untp(s) for s in data["sensorElementList"]]
    for key in _EXTENSIONS:
        if key in data:
            if key == "bp:lotContent" and kind in ("ObjectEvent", "TransformationEvent"):
                e["ilmd"] = {"bp:lotContent": data[key]}
            else:
                e[key] = data[key]
    try:
        return parse_event(e)
    except ValidationError as exc:
        raise _invalid(exc, pointer) from exc


def _sensor_from_untp(element: dict[str, Any]) -> dict[str, Any]:
    meta = element.get("sensorMetadata", {})
    out: dict[str, Any] = {"sensorReport": [
        {k2: r[k1] for k1, k2 in (("time", "time"), ("sensorType", "type"), ("value", "value"), ("uom", "uom"))
         if k1 in r} for r in element.get("sensorReport", [])]}
    md = {k: v for k, v in (("deviceID", _id(meta["device"]) if "device" in meta else None),
                            ("dataProcessingMethod", meta.get("dataProcessingMethod"))) if v is not None}
    if md:
        out["sensorMetadata"] = md
    return out


def _id(value: Any) -> str:
    return value["id"] if isinstance(value, dict) else str(value)


def _invalid(exc: ValidationError, pointer: str) -> InputError:
    first = exc.errors()[0]
    where = pointer + "".join(f"/{p}" for p in first["loc"] if not str(p).endswith("Event"))
    return InputError(f"invalid traceability event: {first['msg']}", code="INVALID_EVENT",
                      details={"pointer": where, "errors": len(exc.errors())})
