"""W3C Bitstring Status List v1.0: revocation and suspension of passports without telling the issuer who checks.

    bitstring.py   the compressed bitstring (`encodedList`) and its bit order
    credential.py  `BitstringStatusListCredential` and `BitstringStatusListEntry` documents

The check a verifier runs over these lists (`BitstringStatusChecker`) is part of the verifier:
`passport.credentials.status_list`.
"""

from passport.status.bitstring import MIN_LENGTH, Bitstring
from passport.status.credential import status_entry, status_list_credential

__all__ = ["MIN_LENGTH", "Bitstring", "status_entry", "status_list_credential"]
