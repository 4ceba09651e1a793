"""W3C Bitstring Status List v1.0: revocation and suspension of passports without telling the issuer who checks.

    bitstring.py   the compressed bitstring (`encodedList`) and its bit order
    credential.py  `BitstringStatusListCredential` and `BitstringStatusListEntry` documents
    checker.py     the status check `passport.verify` runs, from status lists the caller supplies
"""

from passport.status.bitstring import MIN_LENGTH, Bitstring
from passport.status.checker import BitstringStatusChecker
from passport.status.credential import status_entry, status_list_credential

__all__ = ["MIN_LENGTH", "Bitstring", "BitstringStatusChecker", "status_entry", "status_list_credential"]
