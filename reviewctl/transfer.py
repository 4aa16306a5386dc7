"""Export the whole store as JSON (the reviewctl/2 contract) or CSV, and restore a JSON export.

The JSON carries events, commit links and checks too, so export → restore loses nothing and moves
a store between SQLite and PostgreSQL. reviewctl/2 adds each finding's owner, labels and due date
(notes are events); a reviewctl/1 export still restores, its findings owned by nobody.
"""

import csv
import io
import json
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime

from reviewctl import reads
from reviewctl.errors import InputError
from reviewctl.models import Check, CommitLink, Event, Finding, Label, Location, Review, WorkItem
from reviewctl.store import Store

SCHEMA = "reviewctl/2"
READABLE = ("reviewctl/1", SCHEMA)
"""Export schemas `restore` reads: this one, and the one before owners, labels and due dates."""
LOCATION_KEYS = ("path", "line_start", "line_end", "symbol", "revision")
CSV_COLUMNS = (
    "id",
    "review_id",
    "priority",
    "status",
    "effort_minutes",
    "effort_text",
    "phase",
    "phase_label",
    "rule",
    "title",
    "locations",
    "owner",
    "labels",
    "due",
)


def _plain(obj: Any, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """A row as JSON-ready data, keys in table-column order (the same from every dialect)."""
    names = [c.name for c in type(obj).__table__.columns if c.name not in drop]
    return {k: v.isoformat() if isinstance(v, datetime) else v for k in names for v in [getattr(obj, k)]}


def export_data(store: Store) -> dict[str, Any]:
    """The whole store as plain data, in a stable order."""
    findings = list(store.dump(Finding, Finding.review_id, Finding.ordinal))
    locs = store.locations_of([f.id for f in findings]) if findings else {}
    team = reads.team_of(store.run, [f.id for f in findings])
    out_findings = []
    for f in findings:
        row = _plain(f)
        row["locations"] = [{k: getattr(loc, k) for k in LOCATION_KEYS} for loc in locs.get(f.id, [])]
        out_findings.append(row | team[f.id])
    reviews = [_plain(r) | {"warnings": json.loads(r.warnings or "[]")} for r in store.dump(Review)]
    return {
        "schema": SCHEMA,
        "reviews": reviews,
        "findings": out_findings,
        "events": [_plain(e, ("id",)) for e in store.dump(Event)],
        "commit_links": [_plain(c, ("id",)) for c in store.dump(CommitLink)],
        "checks": [_plain(c, ("id",)) for c in store.dump(Check)],
    }


def export_json(store: Store) -> str:
    return json.dumps(export_data(store), indent=2, ensure_ascii=False, sort_keys=False)


def export_csv(store: Store) -> str:
    """One row per finding; locations joined as path:start-end with '; '."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in export_data(store)["findings"]:
        row["locations"] = "; ".join(_loc_text(loc) for loc in row["locations"])
        row["labels"] = " ".join(row["labels"])
        writer.writerow(row)
    return buf.getvalue()


def _loc_text(loc: dict[str, Any]) -> str:
    start, end = loc.get("line_start"), loc.get("line_end")
    if start is None:
        return loc["path"]
    return f"{loc['path']}:{start}" + (f"-{end}" if end and end != start else "")


def _dt(value: Any) -> Any:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _row(model: Any, data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, col in model.__table__.columns.items():
        if name in data:
            is_time = isinstance(getattr(col.type, "impl", col.type), DateTime)
            out[name] = _dt(data[name]) if is_time else data[name]
    return out


def is_export(text: str) -> bool:
    """True when `text` looks like a reviewctl JSON export (of any version) rather than a review document."""
    head = text.lstrip()[:200]
    return head.startswith("{") and '"schema"' in head and '"reviewctl/' in head


def restore(store: Store, data: dict[str, Any]) -> dict[str, int]:
    """Load a JSON export (reviewctl/2 or /1) into an empty store, in one transaction; returns row counts."""
    if data.get("schema") not in READABLE:
        raise InputError(f"not a {' or '.join(READABLE)} export (schema: {data.get('schema')!r})")
    if not store.is_empty():
        raise InputError("restore needs an empty store; this one already has findings")
    reviews = [_row(Review, r | {"warnings": json.dumps(r.get("warnings") or [])}) for r in data["reviews"]]
    findings = [_row(Finding, f) for f in data["findings"]]
    work = [_row(WorkItem, f | {"finding_id": f["id"]}) for f in data["findings"] if f.get("owner") or f.get("due")]
    labels = [{"finding_id": f["id"], "name": name} for f in data["findings"] for name in f.get("labels") or []]
    locations = [_row(Location, loc | {"finding_id": f["id"]}) for f in data["findings"] for loc in f["locations"]]
    tables = [
        (Review, reviews),
        (Finding, findings),
        (Location, locations),
        (Event, [_row(Event, e) for e in data.get("events", [])]),
        (CommitLink, [_row(CommitLink, c) for c in data.get("commit_links", [])]),
        (Check, [_row(Check, c) for c in data.get("checks", [])]),
        (WorkItem, work),
        (Label, labels),
    ]
    with store.transaction():
        for model, rows in tables:
            store.insert_rows(model.__tablename__, rows)
    return {model.__tablename__: len(rows) for model, rows in tables}
