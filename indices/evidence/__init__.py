"""Evidence the indices are computed from (the store edge that collects it is `indices.store`).

    credentials   DueDiligenceAssessmentCredential: build, and check on intake (passport.verify, issuer rules)
    performance   company metrics over Better Mining's per-site counts (response quality, never incidents alone)
    custody       per-material flows of a battery: origin site, companies along the way, mass share
    inputs        IndexInputs: the disclosure a result is re-derived from
    digest        multibase sha2-256 digests of JCS bytes (what results cite)
"""
