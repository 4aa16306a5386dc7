"""One source of 'now', so reports and tests can fix time (REVIEWCTL_NOW) and the demo can replay a history."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

_frozen: datetime | None = None


def now() -> datetime:
    """Current time in UTC (second precision): a `frozen` moment, else REVIEWCTL_NOW (ISO 8601; UTC if no
    offset), else the system clock."""
    if _frozen is not None:
        return _frozen
    fixed = os.environ.get("REVIEWCTL_NOW")
    if fixed:
        value = datetime.fromisoformat(fixed)
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.now(UTC).replace(microsecond=0)


@contextmanager
def frozen(moment: datetime) -> Iterator[None]:
    """Make `now()` return `moment` inside the block (the demo replays steps at past times)."""
    global _frozen
    before, _frozen = _frozen, moment.astimezone(UTC).replace(microsecond=0)
    try:
        yield
    finally:
        _frozen = before
