"""The store's read queries as SQL text, run by sqlite3 directly or by SQLAlchemy's text().

`status`, `list`, `show` and `log` must start like a small script: on a SQLite store they open it
with the standard library's sqlite3 and never import SQLAlchemy (~200 ms of start-up). Every
read is one SQL string here; `SqliteReads` runs it through sqlite3 and `Store` through text(),
so both paths run the same SQL (the tests run every read on both). Named `:params` work on both.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from reviewctl.errors import NotFoundError, StoreError
from reviewctl.vocab import PHASE_SQL, PRIORITY_PHASE_SQL

SCHEMA_VERSION = 6
TALLY_PHASE_SQL = f"coalesce(nullif(phase, -1), {PRIORITY_PHASE_SQL})"
"""PHASE_SQL on the tally, which counts a finding without a document phase under phase -1."""
PRIORITY_ORDER = ("critical", "high", "medium", "low", "unknown")
DONE_STATUSES = ("fixed", "verified", "wontfix")
TIME_COLUMNS = frozenset({"at", "created_at", "updated_at", "imported_at", "committed_at"})

Run = Callable[[str, dict[str, Any]], list["Row"]]
"""Runs one SQL string with named parameters and returns its rows."""

PRIO_RANK = "CASE priority " + " ".join(f"WHEN '{p}' THEN {i}" for i, p in enumerate(PRIORITY_ORDER)) + " ELSE 9 END"
ORDERS = {
    "priority": f"{PRIO_RANK}, review_id, ordinal",
    "id": "id",
    "updated": "updated_at DESC, id",
    "effort": f"effort_minutes DESC NULLS LAST, {PRIO_RANK}",
    "phase": f"{PHASE_SQL}, {PRIO_RANK}, ordinal",
    "review": "review_id, ordinal",
}
LIST_COLUMNS = f"id, priority, status, effort_minutes, {PHASE_SQL} AS phase, review_id, title, rule"
GROUP_KEYS = ("priority", "review_id", "phase")


class Row(dict):
    """A result row: a dict with attribute access (and `_mapping`, like a SQLAlchemy Row)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def _mapping(self) -> dict[str, Any]:
        return self


def utc(value: Any) -> datetime | None:
    """A stored time as aware UTC: SQLite keeps naive UTC text, PostgreSQL returns datetimes."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.utcoffset() is None else value.astimezone(UTC)


def converted(names: Sequence[str], values: list[Any]) -> list[Any]:
    """Result tuples with times as aware UTC and `active` as a bool, whichever driver read them."""
    times = [i for i, n in enumerate(names) if n in TIME_COLUMNS]
    flags = [i for i, n in enumerate(names) if n == "active"]
    if not times and not flags:
        return values
    out = []
    for v in values:
        v = list(v)
        for i in times:
            v[i] = utc(v[i])
        for i in flags:
            v[i] = None if v[i] is None else bool(v[i])
        out.append(v)
    return out


def _in(prefix: str, values: Sequence[Any], params: dict[str, Any]) -> str:
    """`(:prefix0, :prefix1, …)` for an IN list, its values added to `params`."""
    names = [f"{prefix}{i}" for i in range(len(values))]
    params.update(zip(names, values, strict=True))
    return "(" + ", ".join(":" + n for n in names) + ")"


@dataclass(frozen=True)
class FindingFilter:
    """What `list` narrows findings by; empty means no restriction."""

    statuses: Sequence[str] = ()
    priorities: Sequence[str] = ()
    review: str | None = None
    path_glob: str | None = None
    phase: int | None = None
    sort: str = "priority"
    limit: int | None = None
    owner: str | None = None  # "" : findings nobody owns
    labels: Sequence[str] = ()  # every one of these


@dataclass
class FindingDetail:
    """Everything known about one finding, as rows with attribute access."""

    finding: Any
    locations: list[Any] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    links: list[Any] = field(default_factory=list)
    checks: list[Any] = field(default_factory=list)


def _where(flt: FindingFilter, params: dict[str, Any], phase: str = PHASE_SQL) -> str:
    """The WHERE clause of a filter on the finding table (on the tally, with its `phase`)."""
    parts = []
    if flt.statuses:
        parts.append("status IN " + _in("s", list(flt.statuses), params))
    if flt.priorities:
        parts.append("priority IN " + _in("p", list(flt.priorities), params))
    if flt.review:
        parts.append("review_id = :review")
        params["review"] = flt.review
    if flt.phase is not None:
        parts.append(f"{phase} = :phase")
        params["phase"] = flt.phase
    if flt.path_glob:
        like = flt.path_glob.replace("%", r"\%").replace("_", r"\_").replace("*", "%").replace("?", "_")
        params |= {"like": like, "sublike": "%/" + like}
        # the glob is matched against the distinct paths (reviewctl.tally), the locations found by index
        paths = "path LIKE :like ESCAPE '\\' OR path LIKE :sublike ESCAPE '\\'"
        matched = f"SELECT path FROM location_path WHERE n > 0 AND ({paths})"
        parts.append(f"id IN (SELECT finding_id FROM location WHERE path IN ({matched}))")
    parts += team_where(flt, params)
    return " WHERE " + " AND ".join(parts) if parts else ""


def list_rows(run: Run, flt: FindingFilter) -> tuple[list[Row], int]:
    """Matching findings (with their first location and team facts), and how many match in all.
    Unless the filter names a path, owner or label, the total comes from the tally and a page reads
    about as many rows as it shows, at any store size; else the matches are counted in one pass (a
    path glob runs over the distinct paths)."""
    if flt.sort not in ORDERS:
        raise NotFoundError(f"unknown sort {flt.sort!r}; use one of {', '.join(ORDERS)}")
    params: dict[str, Any] = {}
    if _tallied(flt):
        where = _where(flt, params, phase=TALLY_PHASE_SQL)
        total = run(f"SELECT coalesce(sum(n), 0) AS total FROM finding_tally{where}", params)[0]["total"]
        rows = _page(run, flt)
    else:  # the total rides along as a window count: one pass over the matches
        where, tail = _where(flt, params), f" LIMIT {int(flt.limit)}" if flt.limit else ""
        sql = f"SELECT {LIST_COLUMNS}, count(*) OVER () AS total FROM finding{where} ORDER BY {ORDERS[flt.sort]}{tail}"
        rows = run(sql, params)
        total = rows[0]["total"] if rows else 0
        for r in rows:
            del r["total"]
    first = first_locations(run, [r.id for r in rows])
    for r in rows:
        r["location"] = first.get(r.id)
    add_team(run, rows)
    return rows, total


def _tallied(flt: FindingFilter) -> bool:
    """Can the tally count this filter's matches? (It knows status, priority, review and phase;
    not paths, owners or labels.)"""
    return not (flt.path_glob or flt.owner is not None or flt.labels)


def _page(run: Run, flt: FindingFilter) -> list[Row]:
    """The rows of one page; in priority order one priority at a time, each from the
    (priority, review_id, ordinal) index, so a page reads about as many rows as it shows."""
    if flt.sort != "priority":
        params: dict[str, Any] = {}
        where = _where(flt, params)
        tail = f" LIMIT {int(flt.limit)}" if flt.limit else ""
        return run(f"SELECT {LIST_COLUMNS} FROM finding{where} ORDER BY {ORDERS[flt.sort]}{tail}", params)
    rows: list[Row] = []
    for group in _priority_groups(run, flt):
        if flt.limit and len(rows) >= flt.limit:
            break
        params = {}
        where = _where(replace(flt, priorities=group), params)
        tail = f" LIMIT {int(flt.limit) - len(rows)}" if flt.limit else ""
        rows += run(f"SELECT {LIST_COLUMNS} FROM finding{where} ORDER BY review_id, ordinal{tail}", params)
    return rows


def _priority_groups(run: Run, flt: FindingFilter) -> list[list[str]]:
    """The priorities to page through in PRIO_RANK order: each known one alone, then all others
    together (they share one rank); the filter's, or those the tally holds findings of."""
    held = "SELECT DISTINCT priority FROM finding_tally WHERE n > 0"
    wanted = set(flt.priorities) or {r.priority for r in run(held, {})}
    others = sorted(wanted - set(PRIORITY_ORDER))
    return [[p] for p in PRIORITY_ORDER if p in wanted] + ([others] if others else [])


def first_locations(run: Run, ids: list[str]) -> dict[str, str]:
    """`path:line` of each finding's first location."""
    out: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        params: dict[str, Any] = {}
        among = _in("f", ids[i : i + 500], params)
        sql = f"SELECT finding_id, path, line_start FROM location WHERE finding_id IN {among} ORDER BY id"
        for r in run(sql, params):
            out.setdefault(r.finding_id, f"{r.path}:{r.line_start}" if r.line_start else r.path)
    return out


def resolve_id(run: Run, ref: str) -> str:
    """Full finding ID for what a user typed (any case, with or without the RC- prefix)."""
    key = ref.strip().upper()
    if not key.startswith("RC-"):
        key = "RC-" + key
    if key == "RC-":  # '' or 'RC-' would name every finding
        raise NotFoundError(f"{ref!r} is not a finding ID (RC- and at least one character)")
    if run("SELECT id FROM finding WHERE id = :key", {"key": key}):
        return key
    like = key.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
    hits = [
        r.id for r in run("SELECT id FROM finding WHERE id LIKE :like ESCAPE '\\' ORDER BY id LIMIT 2", {"like": like})
    ]
    if len(hits) == 1:
        return hits[0]
    raise NotFoundError(f"no finding {ref!r}" if not hits else f"{ref!r} is ambiguous: {', '.join(hits)}")


def detail(run: Run, finding_id: str) -> FindingDetail:
    """A finding with its locations, events, commit links and checks, each oldest first."""
    rows = run("SELECT * FROM finding WHERE id = :id", {"id": finding_id})
    if not rows:
        raise NotFoundError(f"no finding {finding_id!r}")

    def of(table: str) -> list[Row]:
        return run(f'SELECT * FROM "{table}" WHERE finding_id = :id ORDER BY id', {"id": finding_id})

    return FindingDetail(rows[0], of("location"), of("event"), of("commitlink"), of("check"))


def events(run: Run, finding_id: str | None = None, limit: int | None = None) -> list[Row]:
    """Events, newest first, of one finding or all."""
    where = " WHERE finding_id = :id" if finding_id else ""
    tail = f" LIMIT {int(limit)}" if limit else ""
    return run(f"SELECT * FROM event{where} ORDER BY at DESC, id DESC{tail}", {"id": finding_id} if finding_id else {})


def recent_events(run: Run, limit: int) -> list[Row]:
    """The latest events with their finding's title."""
    sql = (
        "SELECT e.at, e.finding_id, e.kind, e.from_status, e.to_status, e.actor, e.note, f.title"
        " FROM event e JOIN finding f ON f.id = e.finding_id"
        f" ORDER BY e.at DESC, e.id DESC LIMIT {int(limit)}"
    )
    return run(sql, {})


def grouped(run: Run, key: str) -> list[Row]:
    """(key, status, n, effort minutes) per group, from the tally (reviewctl.tally): a few hundred
    rows whatever the store's size. A finding without a document phase counts in its priority's
    phase (vocab.phase_of); callers sum keys that come more than once."""
    if key not in GROUP_KEYS:
        raise ValueError(key)
    column = TALLY_PHASE_SQL if key == "phase" else key
    sql = (
        f"SELECT {column} AS key, status, sum(n) AS n, CAST(sum(effort) AS BIGINT) AS effort"
        f" FROM finding_tally WHERE n > 0 GROUP BY {column}, status"
    )
    return run(sql, {})


def oldest(run: Run, *, priority: str, statuses: Sequence[str], limit: int) -> list[Row]:
    """The longest-standing findings of a priority in these statuses: the first few of each
    status straight from the (priority, status, created_at) index, merged."""
    params: dict[str, Any] = {"priority": priority}
    cols, order = "id, title, created_at, status", f"ORDER BY created_at, id LIMIT {int(limit)}"
    parts = []
    for i, status in enumerate(statuses):
        params[f"s{i}"] = status
        where = f"priority = :priority AND status = :s{i}"
        parts.append(f"SELECT {cols} FROM (SELECT {cols} FROM finding WHERE {where} {order}) AS o{i}")
    return run(" UNION ALL ".join(parts) + f" {order}", params) if parts else []


def plan_rows(run: Run) -> list[Row]:
    """Every finding (dropped ones too) with the facts reports plan and count by, and its first location."""
    cols = "id, review_id, ordinal, title, priority, status, effort_minutes, phase, phase_label, rule, created_at"
    sql = (
        f"SELECT {', '.join('f.' + c for c in cols.split(', '))}, l.path, l.line_start FROM finding f"
        " LEFT JOIN location l ON l.id = (SELECT min(id) FROM location WHERE finding_id = f.id)"
        " ORDER BY f.review_id, f.ordinal"
    )
    rows = run(sql, {})
    for r in rows:
        path, line = r.pop("path"), r.pop("line_start")
        r["location"] = f"{path}:{line}" if line else path
    return rows


def claims_of(run: Run, finding_ids: Sequence[str]) -> dict[str, list[Row]]:
    """Active claiming commits of these findings, oldest first."""
    ids, out = sorted(set(finding_ids)), {}
    for i in range(0, len(ids), 500):
        params: dict[str, Any] = {"active": True}
        among = _in("f", ids[i : i + 500], params)
        sql = (
            f"SELECT * FROM commitlink WHERE finding_id IN {among} AND kind = 'claim' AND active = :active"
            " ORDER BY committed_at, id"
        )
        for r in run(sql, params):
            out.setdefault(r.finding_id, []).append(r)
    return out


def verdicts_at(run: Run, finding_ids: Sequence[str]) -> dict[tuple[str, str], str]:
    """The latest verdict verify gave each (finding, revision) it checked, for these findings."""
    ids, out = sorted(set(finding_ids)), {}
    for i in range(0, len(ids), 500):
        params: dict[str, Any] = {}
        among = _in("f", ids[i : i + 500], params)
        sql = (
            f'SELECT finding_id, revision, verdict FROM "check" WHERE finding_id IN {among}'
            " AND revision IS NOT NULL ORDER BY at, id"
        )
        for r in run(sql, params):
            out[(r.finding_id, r.revision)] = r.verdict
    return out


class Reads:
    """Every read query, for any object with `fetch(sql, params)`: Store (text()) and SqliteReads."""

    def fetch(self, sql: str, params: dict[str, Any]) -> tuple[list[str], list[Any]]:
        """Column names and converted value tuples of one query."""
        raise NotImplementedError

    def run(self, sql: str, params: dict[str, Any]) -> list[Row]:
        names, values = self.fetch(sql, params)
        return [Row(zip(names, v, strict=True)) for v in values]

    def resolve_id(self, ref: str) -> str:
        return resolve_id(self.run, ref)

    def detail(self, finding_id: str) -> FindingDetail:
        return detail(self.run, finding_id)

    def list_rows(self, flt: FindingFilter) -> tuple[list[Row], int]:
        """Matching findings as plain rows, and how many match in all."""
        return list_rows(self.run, flt)

    def events(self, finding_id: str | None = None, limit: int | None = None) -> list[Row]:
        return events(self.run, finding_id, limit)

    def recent_events(self, limit: int) -> list[Row]:
        return recent_events(self.run, limit)

    def grouped(self, key: str) -> list[Row]:
        return grouped(self.run, key)

    def oldest(self, *, priority: str, statuses: Sequence[str], limit: int) -> list[Row]:
        return oldest(self.run, priority=priority, statuses=statuses, limit=limit)

    def plan_rows(self) -> list[Row]:
        return plan_rows(self.run)

    def claims_of(self, finding_ids: Sequence[str]) -> dict[str, list[Row]]:
        return claims_of(self.run, finding_ids)

    def events_between(self, start: datetime, end: datetime) -> list[Row]:
        """Events in [start, end) with their finding's title and priority, oldest first."""
        sql = (
            "SELECT e.at, e.finding_id, e.kind, e.from_status, e.to_status, e.note, f.title, f.priority"
            " FROM event e JOIN finding f ON f.id = e.finding_id"
            " WHERE e.at >= :start AND e.at < :end ORDER BY e.at, e.id"
        )
        return self.run(sql, {"start": start, "end": end})

    def latest_checks(self) -> dict[str, Row]:
        """The most recent check of each finding that was ever checked."""
        return {r.finding_id: r for r in self.run('SELECT * FROM "check" ORDER BY at, id', {})}

    def review_rows(self) -> list[Row]:
        return self.run("SELECT id, title, path, warnings, imported_at FROM review ORDER BY id", {})


def sqlite_params(params: dict[str, Any]) -> dict[str, Any]:
    """Times as SQLite stores them (naive UTC text with microseconds), so comparisons hold."""
    return {
        k: (v.astimezone(UTC) if v.tzinfo else v).strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v
        for k, v in params.items()
    }


class SqliteReads(Reads):
    """Read queries on a SQLite store through the standard library's sqlite3 (no SQLAlchemy)."""

    def __init__(self, conn: sqlite3.Connection, url: str) -> None:
        self.conn, self.url = conn, url

    def fetch(self, sql: str, params: dict[str, Any]) -> tuple[list[str], list[Any]]:
        try:
            cur = self.conn.execute(sql, sqlite_params(params))
            names = [d[0] for d in cur.description]
            return names, converted(names, cur.fetchall())
        except sqlite3.Error as exc:
            raise StoreError(f"store {self.url}: {str(exc).splitlines()[0]}") from exc


_PARAM = re.compile(r"'[^']*'|(?<![:\w]):(\w+)")


def pyformat(sql: str) -> str:
    """The same SQL with psycopg's parameter style: `:name` → `%(name)s`, a literal % doubled
    (named parameters in quoted text are left alone)."""
    return _PARAM.sub(lambda m: f"%({m[1]})s" if m[1] else m[0], sql.replace("%", "%%"))


class PgReads(Reads):
    """Read queries on a PostgreSQL store through psycopg directly (no SQLAlchemy): the same SQL
    text, its `:name` parameters turned into psycopg's `%(name)s`."""

    def __init__(self, conn: Any, url: str) -> None:
        self.conn, self.url = conn, url

    def fetch(self, sql: str, params: dict[str, Any]) -> tuple[list[str], list[Any]]:
        import psycopg

        try:
            cur = self.conn.execute(pyformat(sql), params)
            names = [d.name for d in cur.description]
            return names, converted(names, cur.fetchall())
        except psycopg.Error as exc:
            raise StoreError(f"store {self.url}: {str(exc).splitlines()[0]}") from exc


def open_reads(url: str) -> Reads | None:
    """Reads without SQLAlchemy where a driver can run them directly (SQLite; PostgreSQL through
    psycopg); None when the full Store must decide."""
    if url.startswith("postgresql+psycopg://"):
        return open_pg_reads(url)
    return open_sqlite_reads(url)


def open_pg_reads(url: str) -> PgReads | None:
    """psycopg reads for a `postgresql+psycopg://` store at the current schema version; None when
    the Store must decide (no psycopg, a store to create, migrate or refuse)."""
    try:
        import psycopg
    except ImportError:
        return None
    try:
        conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True)
    except psycopg.Error as exc:
        raise StoreError(f"store {url}: {str(exc).splitlines()[0]}") from exc
    try:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except psycopg.Error:
        version = None
    if version is None or version[0] != str(SCHEMA_VERSION):
        conn.close()
        return None
    return PgReads(conn, url)


def open_sqlite_reads(url: str) -> SqliteReads | None:
    """sqlite3 reads for a plain `sqlite:///PATH` store at the current schema version; None when
    the full Store must decide (another database, URL options, a store to migrate or refuse)."""
    if not url.startswith("sqlite:///") or "?" in url:
        return None
    path = Path(url.removeprefix("sqlite:///"))
    if not path.exists():
        raise NotFoundError(f"no store at {path}; run `reviewctl init` or import a review first")
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 5000")
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.Error:
        return None
    if version is None or version[0] != str(SCHEMA_VERSION):
        conn.close()
        return None
    return SqliteReads(conn, url)


# -- team: owners, labels, due dates (issue #13) ------------------------------------------


def team_where(flt: FindingFilter, params: dict[str, Any]) -> list[str]:
    """The WHERE parts of `list --owner` and `list --label`."""
    parts = []
    if flt.owner == "":
        parts.append("id NOT IN (SELECT finding_id FROM workitem WHERE owner IS NOT NULL)")
    elif flt.owner is not None:  # the whole owner, or the name or e-mail of 'Name <e-mail>', any case
        parts.append(
            "id IN (SELECT finding_id FROM workitem WHERE lower(owner) = :owner"
            " OR lower(owner) LIKE :owner_name ESCAPE '\\' OR lower(owner) LIKE :owner_mail ESCAPE '\\')"
        )
        who = flt.owner.lower()
        like = who.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params |= {"owner": who, "owner_name": f"{like} <%", "owner_mail": f"%<{like}>"}
    for i, name in enumerate(flt.labels):
        parts.append(f"id IN (SELECT finding_id FROM label WHERE name = :label{i})")
        params[f"label{i}"] = name
    return parts


def team_of(run: Run, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Each finding's owner, labels (sorted) and due date: None, [] and None when it has none."""
    out: dict[str, dict[str, Any]] = {fid: {"owner": None, "labels": [], "due": None} for fid in ids}
    for i in range(0, len(ids), 500):
        params: dict[str, Any] = {}
        among = _in("f", list(ids[i : i + 500]), params)
        for r in run(f"SELECT finding_id, owner, due FROM workitem WHERE finding_id IN {among}", params):
            out[r.finding_id] |= {"owner": r.owner, "due": r.due}
        for r in run(f"SELECT finding_id, name FROM label WHERE finding_id IN {among} ORDER BY name", params):
            out[r.finding_id]["labels"].append(r.name)
    return out


def add_team(run: Run, rows: list[Row]) -> None:
    """Put each row's owner, labels and due date in it."""
    team = team_of(run, [r["id"] for r in rows])
    for r in rows:
        r.update(team[r["id"]])


def team_detail(run: Run, finding_id: str) -> FindingDetail:
    """`detail` with the finding's owner, labels and due date in its row."""
    found = detail(run, finding_id)
    add_team(run, [found.finding])
    return found


def due_day(due: str) -> date:
    """The last day a due value allows: the date itself, or the Sunday of an ISO week."""
    if "-W" in due:
        year, week = due.split("-W")
        return date.fromisocalendar(int(year), int(week), 7)
    return date.fromisoformat(due)


def overdue(run: Run, today: date, limit: int = 10) -> tuple[int, list[Row]]:
    """Open or in-progress findings past their due day: how many, and the `limit` most overdue.
    Due values are set by hand, so there are few: they are compared here, not in SQL."""
    sql = (
        "SELECT f.id, w.due, w.owner, f.title FROM workitem w JOIN finding f ON f.id = w.finding_id"
        " WHERE w.due IS NOT NULL AND f.status IN ('open', 'in_progress')"
    )
    late = sorted((due_day(r.due), r.id, r) for r in run(sql, {}) if due_day(r.due) < today)
    return len(late), [r for _, _, r in late[:limit]]


def grouped_by_owner(run: Run) -> list[Row]:
    """(owner, status, n, effort minutes) per group of the findings someone owns: it reads only the
    owned ones (the dashboard takes the rest from its totals), so a large store stays fast."""
    sql = (
        "SELECT w.owner AS key, f.status, count(*) AS n, coalesce(sum(f.effort_minutes), 0) AS effort"
        " FROM workitem w JOIN finding f ON f.id = w.finding_id WHERE w.owner IS NOT NULL"
        " GROUP BY w.owner, f.status"
    )
    return run(sql, {})


# --- Report reads (roadmap, burn-down, weekly): called as reads.NAME(store.run, ...) -----------


def status_flows(run: Run, start: datetime, end: datetime) -> list[Row]:
    """Status changes in [start, end) counted by (from, to, priority), with the effort they carry
    (`unestimated`: how many of them have no effort, for the caller's per-priority default)."""
    sql = (
        "SELECT e.from_status, e.to_status, f.priority, count(*) AS n, sum(f.effort_minutes) AS minutes,"
        " sum(CASE WHEN f.effort_minutes IS NULL THEN 1 ELSE 0 END) AS unestimated"
        " FROM event e JOIN finding f ON f.id = e.finding_id"
        " WHERE e.to_status IS NOT NULL AND e.at >= :start AND e.at < :end"
        " GROUP BY e.from_status, e.to_status, f.priority ORDER BY e.from_status, e.to_status, f.priority"
    )
    return run(sql, {"start": start, "end": end})


def regression_commit(run: Run, finding_id: str, at: datetime) -> str | None:
    """The revision of the regressed check recorded with a regression event at `at` (the latest up to
    then): the first commit where the problem was seen again."""
    sql = (
        "SELECT revision FROM \"check\" WHERE finding_id = :id AND verdict = 'regressed' AND at <= :at"
        " ORDER BY at DESC, id DESC LIMIT 1"
    )
    rows = run(sql, {"id": finding_id, "at": at})
    return rows[0].revision if rows else None


ACTIVE_SQL = "status IN ('open', 'in_progress')"
PLAN_ORDER = f"{PHASE_SQL}, {PRIO_RANK}, created_at, review_id, ordinal"
"""The order open work is planned in: phase, priority, age, then the document's order."""
PLAN_COLUMNS = "id, review_id, ordinal, title, priority, status, effort_minutes, phase, phase_label, created_at"


def plan_totals(run: Run) -> list[Row]:
    """Findings (dropped ones left out) counted by (phase, status, priority), with their known effort;
    `defaults` counts those without one (the caller adds the priority's default), `unestimated` those
    whose effort is unknown."""
    sql = (
        f"SELECT {PHASE_SQL} AS phase, status, priority, count(*) AS n, coalesce(sum(effort_minutes), 0) AS minutes,"
        " sum(CASE WHEN effort_minutes IS NULL OR effort_minutes = 0 THEN 1 ELSE 0 END) AS defaults,"
        " sum(CASE WHEN effort_minutes IS NULL THEN 1 ELSE 0 END) AS unestimated"
        f" FROM finding WHERE status != 'dropped' GROUP BY {PHASE_SQL}, status, priority"
        " ORDER BY phase, status, priority"
    )
    return run(sql, {})


def phase_labels(run: Run) -> list[Row]:
    """The labels documents give each phase number, most used first (then in document order)."""
    sql = (
        "SELECT phase, phase_label, count(*) AS n FROM finding WHERE phase IS NOT NULL AND status != 'dropped'"
        " GROUP BY phase, phase_label ORDER BY phase, n DESC, min(review_id), min(ordinal)"
    )
    return run(sql, {})


def phase_items(run: Run, phase: int, limit: int) -> list[Row]:
    """The first `limit` findings of a phase as the roadmap lists them: open work first, by priority."""
    sql = (
        f"SELECT {PLAN_COLUMNS} FROM finding WHERE {PHASE_SQL} = :phase AND status != 'dropped'"
        f" ORDER BY CASE WHEN {ACTIVE_SQL} THEN 0 ELSE 1 END, {PRIO_RANK}, review_id, ordinal LIMIT {int(limit)}"
    )
    return run(sql, {"phase": phase})


def plan_order(
    fetch: Callable[[str, dict[str, Any]], tuple[list[str], list[Any]]], limit: int | None = None, offset: int = 0
) -> list[tuple[str, str, int | None]]:
    """(id, priority, effort minutes) of the open findings, in the order open work is planned (a page of it).
    Takes a store's `fetch`: plain tuples, as there may be a million of them."""
    sql = f"SELECT id, priority, effort_minutes FROM finding WHERE {ACTIVE_SQL} ORDER BY {PLAN_ORDER}, id"
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return fetch(sql, {})[1]


def min_open_effort(run: Run) -> int | None:
    """The least effort an open finding has (findings without one take their priority's default)."""
    rows = run(f"SELECT min(effort_minutes) AS m FROM finding WHERE {ACTIVE_SQL} AND effort_minutes > 0", {})
    return rows[0]["m"] if rows else None


def _among(run: Run, ids: Sequence[str], sql: str, params: dict[str, Any] | None = None) -> list[Row]:
    """The rows of `sql` — whose `IN :among` takes the ids — run over the distinct ids 500 at a time."""
    unique, out = sorted(set(ids)), []
    for i in range(0, len(unique), 500):
        chunk = dict(params or {})
        out += run(sql.replace(":among", _in("f", unique[i : i + 500], chunk)), chunk)
    return out


def plan_findings(run: Run, ids: Sequence[str]) -> dict[str, Row]:
    """The roadmap's facts of these findings, by id."""
    return {r.id: r for r in _among(run, ids, f"SELECT {PLAN_COLUMNS} FROM finding WHERE id IN :among")}


def first_change(run: Run) -> datetime | None:
    """When the first status change happened (where a burn-down starts by default)."""
    rows = run("SELECT min(at) AS at FROM event WHERE to_status IS NOT NULL", {})
    return utc(rows[0]["at"]) if rows else None


def _slot(bounds: int, lo: int = 0, hi: int | None = None) -> str:
    """A CASE numbering the slot of c.at among :b0 < :b1 < …: 0 before :b0, k between :b(k-1) and :bk,
    `bounds` after the last — nested as a binary search, so a year of days costs nine comparisons."""
    hi = bounds if hi is None else hi
    if lo == hi:
        return str(lo)
    mid = (lo + hi) // 2
    return f"CASE WHEN c.at < :b{mid} THEN {_slot(bounds, lo, mid)} ELSE {_slot(bounds, mid + 1, hi)} END"


def status_changes(run: Run, bounds: Sequence[datetime], horizon: datetime) -> list[Row]:
    """Status changes before `horizon` counted by (slot among `bounds`, from, to, priority), with the effort
    they move (as plan_totals). `from` is the finding's previous status event, as a replay would see it."""
    params: dict[str, Any] = {f"b{i}": b for i, b in enumerate(bounds)} | {"horizon": horizon}
    sql = (
        f"SELECT {_slot(len(bounds))} AS slot, c.from_status, c.to_status, f.priority, count(*) AS n,"
        " coalesce(sum(f.effort_minutes), 0) AS minutes,"
        " sum(CASE WHEN f.effort_minutes IS NULL OR f.effort_minutes = 0 THEN 1 ELSE 0 END) AS defaults,"
        " sum(CASE WHEN f.effort_minutes IS NULL THEN 1 ELSE 0 END) AS unestimated"
        " FROM (SELECT e.finding_id, e.at, e.to_status,"
        " lag(e.to_status) OVER (PARTITION BY e.finding_id ORDER BY e.at, e.id) AS from_status"
        " FROM event e WHERE e.to_status IS NOT NULL AND e.at < :horizon) AS c"
        " JOIN finding f ON f.id = c.finding_id"
        " GROUP BY 1, c.from_status, c.to_status, f.priority ORDER BY 1, c.from_status, c.to_status, f.priority"
    )
    return run(sql, params)


def statuses_at(run: Run, ids: Sequence[str], until: datetime) -> dict[str, str]:
    """Each finding's status as of `until` (its last status event before then)."""
    sql = (
        "SELECT finding_id, to_status FROM event WHERE finding_id IN :among AND to_status IS NOT NULL"
        " AND at < :until ORDER BY at, id"
    )
    return {r.finding_id: r.to_status for r in _among(run, ids, sql, {"until": until})}


def stale_criticals(run: Run, before: datetime, until: datetime) -> list[Row]:
    """Critical findings reported before `before` and open or in progress as of `until`, oldest first."""
    last = (
        "(SELECT e.to_status FROM event e WHERE e.finding_id = f.id AND e.to_status IS NOT NULL AND e.at < :until"
        " ORDER BY e.at DESC, e.id DESC LIMIT 1)"
    )
    sql = (
        f"SELECT f.id, f.title, f.created_at, {last} AS status FROM finding f"
        f" WHERE f.priority = 'critical' AND f.created_at < :before AND {last} IN ('open', 'in_progress')"
        " ORDER BY f.created_at, f.id"
    )
    return run(sql, {"before": before, "until": until})
