"""The one verification policy: every verdict the product prints goes through `verify_credential`.

    policy.py    TrustSources (where DID documents and status lists come from) and `verify_credential`
    bindings.py  the `relatedResource` digests against the upstream credentials the store holds
    fetch.py     opt-in: a status list dereferenced over HTTPS (bounded size and time)

Callers (the consumer page, `POST /verify` and the `/verify` page, `passport verify`, custody intake, evidence
and supplier-footprint checks) build a `TrustSources` and branch on the result's `outcome` and check codes.
"""

from passport.trust.policy import TrustSources, resolver_for, status_checker_for, verify_credential

__all__ = ["TrustSources", "resolver_for", "status_checker_for", "verify_credential"]
