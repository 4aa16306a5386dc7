"""Priorities and statuses: plain enums with no heavy imports, shared by every layer."""

from enum import StrEnum


class Priority(StrEnum):
    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"
    unknown = "unknown"

    @property
    def rank(self) -> int:
        """Sort key: critical first, unknown last."""
        return list(Priority).index(self)


class Status(StrEnum):
    open = "open"
    in_progress = "in_progress"
    fixed = "fixed"
    verified = "verified"
    wontfix = "wontfix"
    dropped = "dropped"


DONE = (Status.fixed, Status.verified, Status.wontfix)
"""Statuses that count as work done (dropped findings leave the scope instead)."""
ACTIVE = (Status.open, Status.in_progress)

PRIORITY_PHASE = {"critical": 1, "high": 2, "medium": 3, "low": 4, "unknown": 4}
"""A finding no document puts in a phase is in its priority's phase: the one rule `status`, `list`,
`roadmap` and the reports all apply (through phase_of in Python and PHASE_SQL in queries)."""
PRIORITY_PHASE_SQL = (
    "CASE priority " + " ".join(f"WHEN '{p}' THEN {n}" for p, n in PRIORITY_PHASE.items() if n != 4) + " ELSE 4 END"
)
PHASE_SQL = f"coalesce(phase, {PRIORITY_PHASE_SQL})"


def phase_of(phase: int | None, priority: str) -> int:
    """The phase a finding is in: its document's, else its priority's."""
    return phase if phase is not None else PRIORITY_PHASE.get(priority, 4)
