"""Plain-text rendering of the Step 5 report: the tables of the OECD Step 5 report, counts and percentages."""

from __future__ import annotations

from collections.abc import Sequence

from indices.bettermining.report import Share, Step5Report

MAX_ACTION_LINES = 200


def _table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]], left_last: bool = False) -> list[str]:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)] if rows else [len(h) for h in header]
    line = "  ".join(("{:<%d}" if i == 0 or i == len(widths) - 1 and left_last else "{:>%d}") % w
                     for i, w in enumerate(widths))
    out = [title, line.format(*header).rstrip(), line.format(*("-" * w for w in widths))]
    out += [line.format(*row).rstrip() for row in rows]
    return [*out, ""]


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _share_rows(shares: dict[str, Share], total: int) -> list[list[str]]:
    rows = [[code, str(s.count), _pct(s.share)] for code, s in shares.items()]
    return [*rows, ["total", str(total), _pct(1.0 if total else None)]]


def render_text(report: Step5Report) -> str:
    scope = report.site_id or "programme"
    period = f"{report.period_from or '…'} to {report.period_to or '…'}"
    out = [f"Better Mining — OECD Step 5 report ({scope}, {period})",
           f"{report.incidents_total} Annex II incidents, {report.unscored_incidents} without a score", ""]
    total = report.incidents_total
    out += _table("Incidents by risk", ["risk", "incidents", "share"], _share_rows(report.incidents_by_risk, total))
    out += _table("Incidents by risk category", ["category", "incidents", "share"],
                  _share_rows(report.incidents_by_risk_category, total))
    out += _table("Incidents by score category", ["category", "incidents", "share"],
                  _share_rows(report.incidents_by_score_category, total))
    out += _table("Incidents by month", ["month", "incidents", "share"], _share_rows(report.incidents_by_month, total))
    cap_rows = []
    for risk, c in report.corrective_actions_by_risk.items():
        r = report.corrective_action_rates[risk]
        cap_rows.append([risk, str(c.implemented), str(c.in_progress), str(c.not_started), str(c.cancelled),
                         str(c.assigned), _pct(r.implementation_rate), _pct(r.progress_rate)])
    t = report.corrective_action_rates["total"]
    cap_rows.append(["total", *(str(sum(getattr(c, s) for c in report.corrective_actions_by_risk.values()))
                                for s in ("implemented", "in_progress", "not_started", "cancelled")),
                     str(t.assigned), _pct(t.implementation_rate), _pct(t.progress_rate)])
    out += _table("Corrective actions by risk (status at the end of the period)",
                  ["risk", "implemented", "in progress", "not started", "cancelled", "assigned", "impl. rate",
                   "progress rate"], cap_rows)
    out += _major_breach_lines(report)
    return "\n".join(out).rstrip() + "\n"


def _major_breach_lines(report: Step5Report) -> list[str]:
    mb = report.major_breaches
    actions = [(risk, a) for risk, items in mb.actions_by_risk.items() for a in items]
    out = [f"Major breaches: {mb.incidents} incidents, {len(actions)} corrective actions "
           f"({mb.action_status.implemented} implemented, {mb.action_status.in_progress} in progress)"]
    rows = [[risk, a.id, a.status, a.implemented_month or "-", a.action[:70]] for risk, a in actions[:MAX_ACTION_LINES]]
    out += _table("Major-breach mitigation", ["risk", "action id", "status", "implemented", "action"], rows,
                  left_last=True)
    if len(actions) > MAX_ACTION_LINES:
        out.append(f"… and {len(actions) - MAX_ACTION_LINES} more (use --json for all)")
    return out
