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
