"""Chain of custody from mine shaft to battery: EPCIS 2.0 events carried in signed UNTP DTE credentials, lots
with a per-material mass-balance ledger, integrity findings, trace queries and the public summary.

    events      EPCIS 2.0 event models (one per type) and lot master data (`bp:` extension)
    untp        UNTP Digital Traceability Event import/export
    credential  the DTE credential envelope; digestSRI
    compose     one-line constructors for the business steps
    rules/      the custody rules (pure): findings and effects of one event, one module per kind of event
    findings    replay a chain for its findings
    intake      verify, authorise and apply a signed contribution in one transaction
    trace       origins of a lot (closure and recursive CTE), batteries reached from a site
    summary     public figures of a passport; upstream digest binding (binding)
    lot_binding proof that a lot is the battery a passport is about and that its issuer speaks for it
"""

from passport.citation import digest_sri
from passport.custody.binding import BindingCheck, bind_upstream, check_binding, merkle_root
from passport.custody.credential import event_credential, events_from_credential
from passport.custody.events import EPCISDocument, parse_event
from passport.custody.findings import CODES, check_store, find_integrity
from passport.custody.intake import Receipt, record, submit
from passport.custody.lot_binding import LotBinding, LotBindingError, prove_lot_binding
from passport.custody.rules import apply_event
from passport.custody.state import ChainState, Finding, SiteInfo
from passport.custody.trace import Trace, batteries_reached, resolve_lot, trace_origins, trace_origins_cte
from passport.custody.untp import from_untp_event, to_untp_event

__all__ = sorted([
    "BindingCheck", "CODES", "ChainState", "EPCISDocument", "Finding", "LotBinding", "LotBindingError",
    "Receipt", "SiteInfo", "Trace",
    "apply_event", "batteries_reached", "bind_upstream", "check_binding", "check_store", "digest_sri",
    "event_credential", "events_from_credential", "find_integrity", "from_untp_event", "merkle_root",
    "parse_event", "prove_lot_binding", "record", "resolve_lot", "submit", "to_untp_event", "trace_origins", "trace_origins_cte",
])
