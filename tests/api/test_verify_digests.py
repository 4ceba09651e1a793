"""The digest-binding check of /verify: a passport's `relatedResource` digests against the contributions held here."""

from __future__ import annotations

from sqlalchemy import update

from passport.trust.bindings import DIGEST_BINDINGS, digest_bindings_check
from passport.custody.tables import CustodyCredential
from tests.custody.conftest import MINE_A, MONITOR, chain  # noqa: F401  (fixture)
from tests.custody.test_intake import _bags


def _bound(*digests: str) -> dict:
    return {"relatedResource": [{"digestSRI": d, "mediaType": "application/vc"} for d in digests]}


def test_bound_contributions_held_here_pass_unknown_ones_are_not_checked(chain):  # noqa: F811
    held = chain.submit(MONITOR, _bags(MINE_A, 1, 2, 1)).digest_sri
    check = digest_bindings_check(_bound(held), chain.engine)
    assert check is not None and check.name == DIGEST_BINDINGS and check.passed is True
    assert digest_bindings_check(_bound(held, "sha384-" + "A" * 64), chain.engine).passed is None
    assert digest_bindings_check({"id": "urn:x"}, chain.engine) is None  # nothing bound: no check
    assert digest_bindings_check({"relatedResource": [{"id": "urn:x"}]}, chain.engine).passed is False


def test_a_held_contribution_altered_in_the_store_fails(chain):  # noqa: F811
    held = chain.submit(MONITOR, _bags(MINE_A, 1, 2, 1)).digest_sri
    with chain.engine.begin() as conn:
        conn.execute(update(CustodyCredential).where(CustodyCredential.digest_sri == held).values(raw=b"{}"))
    check = digest_bindings_check(_bound(held), chain.engine)
    assert check.passed is False and check.code == "DIGEST_MISMATCH"
