"""Who may read what: role credentials, the trust list of role issuers, legitimate-interest grants, delegations.

    roles.py             reader roles a credential may attest; legitimate-interest purposes
    trust.py             the trust list (file + store), each issuer with its roles and validity
    challenges.py        login nonces: short-lived, single use, bound to our domain
    presentations.py     a Verifiable Presentation of a role credential -> who logged in (coded 401s)
    jwt_presentations.py the same presentation as a vp+jwt (nonce and aud claims: the JOSE key binding)
    role_credentials.py  issue (and revoke) role credentials, for small authorities and tests
    tokens.py            the short-lived access token a login is answered with (a bearer token)

Errors: `AuthenticationError` (401) with CHALLENGE_UNKNOWN, CHALLENGE_REPLAYED, CHALLENGE_EXPIRED,
PRESENTATION_WRONG_DOMAIN, PRESENTATION_EXPIRED, PRESENTATION_INVALID, ROLE_CREDENTIAL_INVALID,
ROLE_CREDENTIAL_REVOKED, ROLE_CREDENTIAL_STATUS_UNKNOWN, ROLE_ISSUER_UNTRUSTED, ROLE_ORGANISATION_CONFLICT; `InputError` TRUST_LIST_INVALID /
TRUST_LIST_UNREADABLE.
"""
