"""Battery status transitions (Annex XIII 4(c)), from the Regulation's definitions.

Definitions (Regulation (EU) 2023/1542, Art. 3): *re-use* is the use of a battery again for the purpose for which
it was originally designed (Art. 3(1)(50)); *repurposing* is an operation by which a battery that is not waste is
used for a purpose or application other than the one it was originally designed for (3(1)(51)); *remanufacturing*
restores a battery to a condition for its original purpose, replacing cells or modules (3(1)(52)); a *waste
battery* is a battery that is waste within Directive 2008/98/EC (3(1)(54)). Art. 77(7): a battery prepared for
re-use, repurposed or remanufactured gets a passport linked to the original's, under the new operator.

    from \\ to       repurposed  reused  remanufactured  waste
    original         yes         yes     yes             yes
    reused           yes         -       yes             yes
    remanufactured   yes         yes     -               yes
    repurposed       -           -       -               yes
    waste            (terminal: no transition)

Reasons: a re-used or remanufactured battery still serves its original purpose, so it may be repurposed,
re-used again by a new user, or (if re-used) remanufactured; a repurposed battery already left that purpose, so
re-use or remanufacturing "for the purpose originally designed" no longer apply and its only onward status is
waste; waste ends the passport's life here (Art. 77(6) — a waste battery prepared for re-use or repurposing under
Art. 73 gets a new passport through a responsibility transfer from a non-waste predecessor, not a transition).
A status never "changes" to itself.
"""

from __future__ import annotations

from passport.errors import InputError
from passport.model import BatteryStatus

S = BatteryStatus
ALLOWED: dict[BatteryStatus, frozenset[BatteryStatus]] = {
    S.ORIGINAL: frozenset({S.REPURPOSED, S.REUSED, S.REMANUFACTURED, S.WASTE}),
    S.REUSED: frozenset({S.REPURPOSED, S.REMANUFACTURED, S.WASTE}),
    S.REMANUFACTURED: frozenset({S.REPURPOSED, S.REUSED, S.WASTE}),
    S.REPURPOSED: frozenset({S.WASTE}),
    S.WASTE: frozenset(),
}
#: Statuses under which a new operator takes responsibility with a new, linked passport (Art. 77(7)).
SECOND_LIFE = frozenset({S.REPURPOSED, S.REUSED, S.REMANUFACTURED})


class TransitionError(InputError):
    code = "STATUS_TRANSITION_FORBIDDEN"


def allowed(current: BatteryStatus | str, new: BatteryStatus | str) -> bool:
    return BatteryStatus(new) in ALLOWED[BatteryStatus(current)]


def check_transition(current: BatteryStatus | str, new: BatteryStatus | str) -> None:
    """Raise `TransitionError` (details: from, to, allowed) unless `current -> new` is in the table."""
    try:
        source, target = BatteryStatus(current), BatteryStatus(new)
    except ValueError as exc:
        raise InputError(f"unknown battery status in {current!r} -> {new!r}", code="UNKNOWN_BATTERY_STATUS",
                         details={"from": str(current), "to": str(new),
                                  "known": [s.value for s in BatteryStatus]}) from exc
    if target in ALLOWED[source]:
        return
    reason = ("the battery already has this status" if source is target else
              "waste is terminal" if source is S.WASTE else f"{source.value} cannot become {target.value}")
    raise TransitionError(f"status transition {source.value} -> {target.value} is not allowed: {reason}",
                          details={"from": source.value, "to": target.value,
                                   "allowed": sorted(s.value for s in ALLOWED[source])})
