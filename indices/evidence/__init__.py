"""Evidence the indices are computed from, and the store edge.

    credentials   DueDiligenceAssessmentCredential: build, and check on intake (passport.verify, issuer rules)
    performance   SiteCounts per programme site; company metrics (response quality, never incidents alone)
    programme     the same counts from the Better Mining store tables (SQL, SQLite and PostgreSQL)
    custody       per-material flows of a battery: origin site, companies along the way, mass share
    inputs        IndexInputs: the disclosure a result is re-derived from
    digest        multibase sha2-256 digests of JCS bytes (what results cite)
    store         add_assessments, collect_inputs, compute, latest, passport_index_results
"""
