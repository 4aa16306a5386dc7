"""One source of 'now', so reports and tests can fix time with REVIEWCTL_NOW."""

import os
from datetime import UTC, datetime


def now() -> datetime:
    """Current time in UTC (second precision), or REVIEWCTL_NOW when set (ISO 8601; UTC if no offset)."""
    fixed = os.environ.get("REVIEWCTL_NOW")
    if fixed:
        value = datetime.fromisoformat(fixed)
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.now(UTC).replace(microsecond=0)
