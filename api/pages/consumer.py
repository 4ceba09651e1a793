"""The consumer page's view model (what a phone shows after a QR scan), built from the credential the reader may see.

The input is the signed view for the reader's access level, so a field above that level is simply not there:
nothing here filters, and nothing here can leak. Missing optional sections are left out of the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from api import i18n

from api.pages.chart import Bar, bar_chart
from api.pages.formatting import Formatter, to_decimal
from passport.model.types import web_link_schemes

DATA_LANGUAGE = "en"  # the language of free-text values in the passport data
STAGE_ORDER = ("raw_material_acquisition", "main_product_production", "distribution", "end_of_life_and_recycling")


def web_link(value: Any) -> str | None:
    """`value` if a page may make it a link (an https: URL; http: too where the setting allows), else None: checked
    again at render, whatever is
    stored, so a link that slipped past input validation (or predates it) shows as text, never as a link."""
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    return value if parts.scheme.lower() in web_link_schemes() and parts.netloc else None


@dataclass(frozen=True, slots=True)
class Phrase:
    """A piece of a value, with its language when it is not the page's (a name the catalogue cannot translate)."""

    text: str
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    value: str
    href: str | None = None
    parts: tuple[Phrase, ...] = ()  #: when set, the value as phrases (the page joins them with commas)

    def __post_init__(self) -> None:
        object.__setattr__(self, "href", web_link(self.href))


@dataclass(slots=True)
class Section:
    id: str
    heading: str
    rows: list[Row] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def _get(node: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def material_name(name: Any, t: Any) -> Phrase:
    """A material named in the passport's own words, translated when the catalogue knows it, else marked as the
    data's language (English) so a screen reader pronounces it right."""
    text = str(name)
    key = "material." + re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if key in i18n.catalogues().get(t.lang, {}):
        return Phrase(t(key))
    return Phrase(text, DATA_LANGUAGE if t.lang != DATA_LANGUAGE else None)


def _rows(t: Any, pairs: list[tuple[str, Any]]) -> list[Row]:
    return [Row(t(label), value) for label, value in pairs if value not in (None, "", [])]


def _place(place: Any) -> str | None:
    address = _get(place, "postalAddress")
    if not isinstance(address, dict):
        return None
    name = _get(place, "facilityName")
    where = ", ".join(p for p in (address.get("locality"), address.get("countryCode")) if p)
    return f"{name} — {where}" if name else where


def identity(subject: dict[str, Any], t: Any, f: Formatter) -> Section:
    g = subject.get("generalProductInformation") or {}
    category = g.get("batteryCategory")
    return Section("identity", t("section.identity"), _rows(t, [
        ("field.model", g.get("batteryModel")),
        ("field.category", t(f"category.{category}") if category else None),
        ("field.manufacturer", _get(g, "manufacturer", "legalName")),
        ("field.operator", _get(g, "operator", "legalName")),
        ("field.place", _place(g.get("placeOfManufacture"))),
        ("field.date", f.date(g["dateOfManufacture"]) if g.get("dateOfManufacture") else None),
        ("field.serial", g.get("serialNumber")),
        ("field.batch", g.get("batchNumber")),
        ("field.weight", f.number(g["weightKg"], "kg") if g.get("weightKg") is not None else None),
        ("field.identifier", g.get("uniqueIdentifier")),
    ]))


def chemistry(subject: dict[str, Any], t: Any, f: Formatter) -> Section:
    m = subject.get("materialComposition") or {}
    crm = tuple(Phrase(f"{name.text} ({f.number(c.get('massFractionPercent'), '%')})", name.lang)
                for c in m.get("criticalRawMaterials") or [] for name in [material_name(c.get("materialName"), t)])
    hazardous = ", ".join(h.get("substanceName", "") for h in m.get("hazardousSubstances") or [])
    agents = ", ".join(_get(subject, "circularity", "extinguishingAgents") or [])
    rows = _rows(t, [("field.chemistry", m.get("chemistry"))])
    if crm:
        rows.append(Row(t("field.crm"), ", ".join(p.text for p in crm), parts=crm))
    rows += _rows(t, [("field.hazardous", hazardous), ("field.extinguishing", agents)])
    return Section("chemistry", t("section.chemistry"), rows)


def performance(subject: dict[str, Any], t: Any, f: Formatter) -> Section:
    p = subject.get("performanceAndDurability") or {}
    volts = [p.get(k) for k in ("minimumVoltageV", "nominalVoltageV", "maximumVoltageV")]
    idle = p.get("idleTemperatureRange") or {}
    cycles = p.get("expectedLifetimeCycles")
    efficiency = [p.get(k) for k in ("initialRoundTripEfficiencyPercent",
                                     "roundTripEfficiencyAt50PercentCycleLifePercent")]
    return Section("performance", t("section.performance"), _rows(t, [
        ("field.capacity", f.number(p["ratedCapacityAh"], "Ah") if p.get("ratedCapacityAh") else None),
        ("field.energy", f.number(p["ratedEnergyKwh"], "kWh") if p.get("ratedEnergyKwh") else None),
        ("field.voltage", " / ".join(f.number(v) for v in volts) + "\u00a0V" if all(volts) else None),
        ("field.power", f.power(p["originalPowerCapabilityW"]) if p.get("originalPowerCapabilityW") else None),
        ("field.cycles", t("field.cycles_value", cycles=cycles, test=p.get("cycleLifeReferenceTest", ""))
         if cycles else None),
        ("field.warranty", t("field.warranty_value", months=p["calendarLifeWarrantyMonths"])
         if p.get("calendarLifeWarrantyMonths") else None),
        ("field.efficiency", " / ".join(f.number(v, "%") for v in efficiency) if all(efficiency) else None),
        ("field.temperature", f"{f.number(idle.get('lowerCelsius'))} … {f.number(idle.get('upperCelsius'), '°C')}"
         if idle else None),
    ]))


def carbon(subject: dict[str, Any], t: Any, f: Formatter) -> Section | None:
    c = subject.get("carbonFootprint")
    if not isinstance(c, dict):
        return None
    stages = {s.get("lifeCycleStage"): to_decimal(s.get("kgCo2ePerKwh")) for s in c.get("lifeCycleStages") or []}
    bars = [Bar(t(f"stage.{name}"), stages[name]) for name in STAGE_ORDER if stages.get(name) is not None]
    chart = bar_chart(bars, title=t("carbon.chart_title"), description=t("carbon.chart_desc"), unit="",
                      number=f.number)
    section = Section("carbon", t("section.carbon"))
    section.extra = {
        "total": f.number(c.get("totalKgCo2ePerKwh")), "unit": t("carbon.unit"),
        "performance_class": c.get("performanceClass"), "chart": chart,
        "table": [(b.label, f.number(b.value)) for b in bars], "study_url": web_link(c.get("studyUrl")),
    }
    return section


def recycled(subject: dict[str, Any], t: Any, f: Formatter) -> Section | None:
    c = subject.get("circularity") or {}
    items = c.get("recycledContent") or []
    if not items and c.get("renewableContentPercent") is None:
        return None
    section = Section("recycled", t("section.recycled"))
    section.extra = {"table": [(t(f"material.{i.get('material')}"), f.number(i.get("preConsumerSharePercent"), "%"),
                                f.number(i.get("postConsumerSharePercent"), "%")) for i in items]}
    if c.get("renewableContentPercent") is not None:
        section.rows.append(Row(t("recycled.renewable"), f.number(c["renewableContentPercent"], "%")))
    return section


def due_diligence(subject: dict[str, Any], t: Any, f: Formatter) -> Section | None:
    d = subject.get("supplyChainDueDiligence")
    if not isinstance(d, dict):
        return None
    section = Section("due-diligence", t("section.due_diligence"))
    if d.get("dueDiligenceReportUrl"):
        section.rows.append(Row(t("dd.report"), d["dueDiligenceReportUrl"], href=d["dueDiligenceReportUrl"]))
    v = d.get("thirdPartyVerification")
    if isinstance(v, dict):
        section.rows.append(Row("", t("dd.verified_by", name=v.get("verifierName", ""),
                                      date=v.get("verificationDate", ""))))
    indices = []
    for r in d.get("indexResults") or []:
        kind = r.get("indexType", "")
        entry = {"name": t(f"index.{kind}"), "meaning": t(f"index.meaning.{kind}"), "label": r.get("scoreLabel"),
                 "detail": t("index.detail", met=r.get("indicatorsMet"), applicable=r.get("indicatorsApplicable"),
                             companies=r.get("companiesAssessed"), coverage=f.number(r.get("coveragePercent")),
                             rulebook=r.get("rulebookVersion", ""))}
        if r.get("score") is None:  # below the rulebook's minimum coverage: no headline number (issue 14)
            entry.update(label=None, rated=False, score=t("index.not_rated"), percent=None,
                         detail=t("index.not_rated_detail", coverage=f.number(r.get("coveragePercent")),
                                  minimum=f.number(r.get("minimumCoveragePercent")),
                                  materials=_traced_by_material(d, t, f) or t("custody.no_origin"),
                                  rulebook=r.get("rulebookVersion", "")))
        else:
            score = to_decimal(r.get("score")) or Decimal(0)
            entry.update(rated=True, score=t("index.score", score=f.number(score)),
                         percent=float(max(Decimal(0), min(score, Decimal(100)))))
        indices.append(entry)
    section.extra = {"indices": indices}
    return section


def _traced_by_material(due_diligence: dict[str, Any], t: Any, f: Formatter) -> str:
    """Per material, the share traced to origin (the chain-of-custody figures the coverage is built from)."""
    rows = due_diligence.get("chainOfCustody")
    return "; ".join(t("index.material_traced", material=t(f"material.{m.get('material')}"),
                       traced=f.number(m.get("tracedPercent")))
                     for m in rows if isinstance(m, dict)) if isinstance(rows, list) else ""


def custody(subject: dict[str, Any], t: Any, f: Formatter) -> Section | None:
    """Chain-of-custody model and origin countries, when the passport carries them (one row per material)."""
    node = subject.get("chainOfCustody") or _get(subject, "supplyChainDueDiligence", "chainOfCustody")
    if isinstance(node, list):
        return Section("custody", t("section.custody"), [Row(t(f"material.{m.get('material')}"), t(
            "custody.material_line", model=t(f"custody_model.{m.get('chainOfCustodyModel')}"),
            origins=", ".join(m.get("originCountries") or []) or t("custody.no_origin"),
            monitored=f.number(m.get("monitoredOriginPercent")), traced=f.number(m.get("tracedPercent"))))
            for m in node if isinstance(m, dict)])
    if not isinstance(node, dict):
        return None
    origins = node.get("originCountries") or node.get("countriesOfOrigin") or []
    return Section("custody", t("section.custody"), _rows(t, [
        ("custody.model", node.get("custodyModel") or node.get("model")),
        ("custody.origins", ", ".join(origins) if isinstance(origins, list) else origins),
    ]))


def end_of_life(subject: dict[str, Any], t: Any, f: Formatter) -> Section | None:
    e = _get(subject, "circularity", "endOfLifeInformation")
    if not isinstance(e, dict):
        return None
    rows = _rows(t, [("eol.prevention", e.get("wastePrevention"))])
    if e.get("collectionPointsUrl"):
        rows.append(Row(t("eol.collection"), e["collectionPointsUrl"], href=e["collectionPointsUrl"]))
    return Section("end-of-life", t("section.end_of_life"), rows)


def restricted(subject: dict[str, Any], t: Any, f: Formatter) -> Section | None:
    """What only higher levels read: battery status, state of health, test reports (only if in the view)."""
    rows = []
    status = _get(subject, "generalProductInformation", "batteryStatus")
    if status:
        rows.append(Row(t("status.battery"), t(f"battery_status.{status}")))
    soh = _get(subject, "performanceAndDurability", "batteryCondition", "stateOfHealthPercent")
    if soh is not None:
        rows.append(Row(t("field.state_of_health"), f.number(soh, "%")))
    for report in subject.get("testReports") or []:
        rows.append(Row(t("field.test_reports"), f"{report.get('reportId')}: {report.get('testStandard')} — "
                        f"{report.get('testResult')}", href=report.get("documentUrl")))
    return Section("restricted", t("section.restricted"), rows) if rows else None


def build(credential: dict[str, Any], t: Any, f: Formatter) -> list[Section]:
    """Every section the page shows, in order, from the reader's credential."""
    subject = credential.get("credentialSubject")
    if isinstance(subject, list):
        subject = subject[0] if subject else {}
    subject = subject if isinstance(subject, dict) else {}
    sections = [section(subject, t, f) for section in (identity, chemistry, performance, carbon, recycled,
                                                        due_diligence, custody, end_of_life, restricted)]
    return [s for s in sections if s is not None and (s.rows or s.extra)]


def battery_status(credential: dict[str, Any]) -> str | None:
    """The battery status, when the reader's view holds it (legitimate interest and above)."""
    subject = credential.get("credentialSubject")
    status = _get(subject, "generalProductInformation", "batteryStatus") if isinstance(subject, dict) else None
    return status if isinstance(status, str) else None


def issuer_name(credential: dict[str, Any]) -> str:
    issuer = credential.get("issuer")
    if isinstance(issuer, dict):
        name = issuer.get("name")
        if isinstance(name, str) and name:
            return name
        issuer = issuer.get("id")
    subject = credential.get("credentialSubject")
    operator = _get(subject, "generalProductInformation", "operator", "legalName") if isinstance(subject, dict) else None
    return operator or str(issuer)


def issued_date(credential: dict[str, Any], fallback: datetime) -> str:
    value = credential.get("validFrom")
    return value[:10] if isinstance(value, str) else fallback.date().isoformat()
