"""Light column lists of the store's tables for the Core queries store.py builds (bulk inserts,
status writes, link and verify bookkeeping) without importing the ORM, SQLModel or pydantic.

The everyday reads are SQL text in reads.py; models.py stays the one schema definition (DDL and
writes), and a test checks that every column named here exists there.
"""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, Integer, column, table
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator):
    """Datetimes read back as aware UTC, as the SQLModel tables write them, on every dialect."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.utcoffset() is None else value.astimezone(UTC)

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return value.astimezone(UTC) if isinstance(value, datetime) and value.tzinfo else value


def _table(name: str, *cols: str | tuple[str, Any]) -> Any:
    return table(name, *(column(c) if isinstance(c, str) else column(c[0], c[1]) for c in cols))


_TIME = UtcDateTime()
meta = _table("meta", "key", "value")
review = _table(
    "review", "id", "title", "path", "content_hash", "date", "author", ("imported_at", _TIME), "revision", "warnings"
)
finding = _table(
    "finding",
    "id",
    "review_id",
    ("ordinal", Integer),
    "title",
    "body",
    "section",
    "priority",
    ("effort_minutes", Integer),
    "effort_text",
    ("phase", Integer),
    "phase_label",
    "status",
    "rule",
    "fingerprint",
    ("created_at", _TIME),
    ("updated_at", _TIME),
)
location = _table(
    "location",
    ("id", Integer),
    "finding_id",
    "path",
    ("line_start", Integer),
    ("line_end", Integer),
    "symbol",
    "revision",
)
event = _table(
    "event", ("id", Integer), "finding_id", ("at", _TIME), "kind", "from_status", "to_status", "actor", "note"
)
commitlink = _table(
    "commitlink",
    ("id", Integer),
    "finding_id",
    "sha",
    "kind",
    "author",
    ("committed_at", _TIME),
    "subject",
    ("active", Boolean),
    "note",
)
check = _table(
    "check",
    ("id", Integer),
    "finding_id",
    "rule",
    "revision",
    "verdict",
    "reason",
    "path",
    ("line", Integer),
    "snippet",
    ("at", _TIME),
)
workitem = _table("workitem", "finding_id", "owner", "due")
label = _table("label", "finding_id", "name")
ALL = (meta, review, finding, location, event, commitlink, check, workitem, label)
