"""The findings store: engine set-up, schema version, and one method per query or write.

This is the only module that opens database sessions. SQLite-specific behaviour (WAL, busy
timeout, foreign keys, BEGIN IMMEDIATE for writers) is confined to engine set-up, so the same
queries run on PostgreSQL. Writers are serialised on both: BEGIN IMMEDIATE on SQLite, a
transaction-level advisory lock on PostgreSQL (without it, concurrent imports, links and status
changes double links and events); taking the lock is retried with back-off for BUSY_WINDOW.
The dashboard, list, show and log reads are SQL text in reads.py, run here through text() (and by
sqlite3 directly for the CLI on SQLite); other reads use SQLAlchemy Core (tables.py), writes the
SQLModel tables.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, bindparam, create_engine, event, func, insert, inspect, or_, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError, SQLAlchemyError

from reviewctl import clock, reads, tables, tally
from reviewctl.errors import InputError, NotFoundError, StoreError
from reviewctl.reads import SCHEMA_VERSION, FindingFilter  # noqa: F401  (FindingFilter: re-exported)

T = TypeVar("T")

MIGRATIONS: dict[int, str] = {
    1: "add the commitlink and check tables",
    2: "add the workitem (owner, due) and label tables",
    3: "add the tallies (counts kept by triggers) and the index list pages by priority with",
    4: "index finding titles, which every import looks up to recognise a renamed review",
    5: "index locations by (path, finding_id) instead of path alone: `list --path` reads no location row",
}
"""from-version → what the step to the next version does (every step so far only adds tables and indexes,
and drops the indexes in RETIRED_INDEXES)."""
RETIRED_INDEXES = ("ix_location_path",)
"""Indexes older schema versions made that a newer index serves; a migration drops them."""
BUSY_WINDOW = 30.0
"""Seconds a writer keeps trying to take the store's write lock before it reports the store locked."""
WRITE_LOCK = 0x7265766965776374  # "reviewct": the PostgreSQL advisory lock every writer takes
RETRY_STATES = ("40001", "40P01", "55P03")  # serialization failure, deadlock, lock not available

F, L, E = tables.finding, tables.location, tables.event


def _sqlite_setup(engine: Engine) -> None:
    """Pragmas on every connection, and transactions we begin ourselves (IMMEDIATE for writers)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout = 5000")
        cur.execute("PRAGMA foreign_keys = ON")
        with contextlib.suppress(Exception):  # a read-only file or directory: readers still work
            cur.execute("PRAGMA journal_mode = WAL")
        # WAL's recommended sync level: a commit is atomic and survives a crash of reviewctl; only a
        # power loss can undo the latest commits (never corrupt the file), and no fsync per commit.
        cur.execute("PRAGMA synchronous = NORMAL")
        # a checkpoint every 4,000 pages (16 MB of WAL) instead of 1,000: an import of many documents
        # commits once per document, and each checkpoint syncs the database file
        cur.execute("PRAGMA wal_autocheckpoint = 4000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _busy(exc: SQLAlchemyError) -> bool:
    """Would trying again later help? (Another writer holds the store.)"""
    orig = getattr(exc, "orig", None)
    return "database is locked" in str(orig) or getattr(orig, "sqlstate", None) in RETRY_STATES


def _retrying(attempt: Callable[[], T], url: str, window: float = BUSY_WINDOW) -> T:
    """Run `attempt` until it gets past a busy store, with jittered back-off, for up to `window` seconds."""
    deadline, delay = time.monotonic() + window, 0.02
    while True:
        try:
            return attempt()
        except DBAPIError as exc:
            if not _busy(exc) or time.monotonic() + delay > deadline:
                raise _friendly(exc, url) from exc
        time.sleep(delay * random.uniform(0.5, 1.5))
        delay = min(delay * 2, 1.0)


def _friendly(exc: SQLAlchemyError, url: str) -> StoreError:
    """One-line message for a database failure, naming the store."""
    text = str(getattr(exc, "orig", exc)).splitlines()[0]
    if "locked" in text:
        return StoreError(f"store {url} is locked by another process; try again")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"store {url} is read-only; nothing was changed")
    if "not a database" in text:
        return StoreError(f"{url} is not a reviewctl store (not a database)")
    return StoreError(f"store {url}: {text}")


class Store(reads.Reads):
    """A findings store at a SQLAlchemy URL; writes happen inside `transaction()`."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.url = url
        self.may_create = create
        if url.startswith("sqlite:///"):
            _prepare_sqlite_path(_sqlite_path(url), create)
        self.engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            _sqlite_setup(self.engine)
        self._writer = self.engine.execution_options(immediate=True)
        self._tx: Any = None
        self.busy_window = BUSY_WINDOW
        try:
            self._check_schema()
        except SQLAlchemyError as exc:
            raise _friendly(exc, url) from exc

    # -- set-up ---------------------------------------------------------------------------
    def _check_schema(self) -> None:
        version = self._version()
        if version is None and not self.may_create:  # an empty database or file: a reading command leaves it so
            raise NotFoundError(f"no store at {self.url}; run `reviewctl init` or import a review first")
        if version is None:
            self._create()  # checks again under the write lock: another process may be creating it
            return
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"store {self.url} has schema version {version}, newer than this reviewctl "
                f"understands ({SCHEMA_VERSION}); upgrade reviewctl"
            )
        if version < SCHEMA_VERSION:
            if version not in MIGRATIONS:
                raise StoreError(f"store {self.url} has unknown schema version {version}")
            self._create()

    def _version(self) -> int | None:
        """The recorded schema version (0 when unrecorded); None when there is no meta table."""
        stmt = select(tables.meta.c.value).where(tables.meta.c.key == "schema_version")
        try:
            with self.engine.connect() as conn:
                row = conn.execute(stmt).first()
        except (OperationalError, ProgrammingError) as exc:
            if "no such table" in str(exc) or "does not exist" in str(exc) or "UndefinedTable" in repr(exc.orig):
                return None
            raise
        if row and not row[0].isdigit():
            raise StoreError(f"{self.url} is not a reviewctl store (its schema_version {row[0]!r} is not a number)")
        return int(row[0]) if row else 0

    def _create(self) -> None:
        """Create missing tables and indexes and record the schema version, in one transaction."""
        _retrying(self._create_once, self.url, self.busy_window)

    def _create_once(self) -> None:
        from sqlmodel import SQLModel

        import reviewctl.models  # noqa: F401  (registers the tables)

        with self._writer.begin() as conn:
            self._lock(conn)
            names = set(inspect(conn).get_table_names())
            if names and "meta" not in names:
                raise StoreError(f"{self.url} is not a reviewctl store (unknown tables: {', '.join(sorted(names))})")
            SQLModel.metadata.create_all(conn)
            for index in (ix for table in SQLModel.metadata.sorted_tables for ix in table.indexes):
                index.create(conn, checkfirst=True)  # create_all makes indexes only with new tables
            for name in RETIRED_INDEXES:
                conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
            tally.ensure(conn, self.engine.dialect.name, names)
            conn.execute(tables.meta.delete().where(tables.meta.c.key == "schema_version"))
            conn.execute(insert(tables.meta).values(key="schema_version", value=str(SCHEMA_VERSION)))

    # -- transactions ---------------------------------------------------------------------
    def _lock(self, conn: Any) -> None:
        """Hold the store's write lock until the transaction ends (SQLite took it with BEGIN IMMEDIATE)."""
        if self.engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})

    def _locked_session(self) -> Any:
        from sqlalchemy.orm import Session

        session = Session(self._writer, expire_on_commit=False)
        try:
            self._lock(session.connection())  # begins: BEGIN IMMEDIATE on SQLite
        except BaseException:
            session.close()
            raise
        return session

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One write transaction holding the store's write lock; rolled back whole on any error."""
        session = _retrying(self._locked_session, self.url, self.busy_window)
        self._tx = session
        try:
            yield self
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise _friendly(exc, self.url) from exc
        except OverflowError as exc:  # SQLite's driver refuses integers past 64 bits itself
            session.rollback()
            raise InputError("a number is too large to store (more than 64 bits); nothing was changed") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            self._tx = None
            session.close()

    def _rows(self, stmt: Any) -> list[Any]:
        """Run a Core query: inside the open transaction, else on a short read connection."""
        try:
            if self._tx is not None:
                return list(self._tx.execute(stmt).all())
            with self.engine.connect() as conn:
                return list(conn.execute(stmt).all())
        except SQLAlchemyError as exc:
            raise _friendly(exc, self.url) from exc

    def fetch(self, sql: str, params: dict[str, Any]) -> tuple[list[str], list[Any]]:
        """Run one read of reads.py through text(): the same SQL the sqlite3 path runs."""
        if self.engine.dialect.name == "sqlite":
            params = reads.sqlite_params(params)
        try:
            if self._tx is not None:
                return _made(self._tx.execute(text(sql), params))
            with self.engine.connect() as conn:
                return _made(conn.execute(text(sql), params))
        except SQLAlchemyError as exc:
            raise _friendly(exc, self.url) from exc

    def _w(self) -> Any:
        if self._tx is None:
            raise RuntimeError("store writes must happen inside Store.transaction()")
        return self._tx

    def _orm(self, stmt: Any) -> list[Any]:
        """ORM objects for the write path (the importer updates and merges them)."""
        if self._tx is not None:
            return list(self._tx.execute(stmt).scalars())
        from sqlalchemy.orm import Session

        with Session(self.engine, expire_on_commit=False) as s:
            return list(s.execute(stmt).scalars())

    # -- reviews --------------------------------------------------------------------------
    def get_review(self, review_id: str) -> Any | None:
        rows = self._rows(select(tables.review).where(tables.review.c.id == review_id))
        return rows[0] if rows else None

    def reviews_like(self, review_id: str, path: str, content_hash: str) -> list[Any]:
        """Reviews with this key, or last imported from this file, or of exactly this content: the one
        read that tells an import whether its document is new, an update, or a copy under another name."""
        R = tables.review
        stmt = select(R).where(or_(R.c.id == review_id, R.c.path == path, R.c.content_hash == content_hash))
        return self._rows(stmt.order_by(R.c.id))

    def reviews_sharing_titles(self, titles: Sequence[str]) -> dict[str, int]:
        """Review id → how many of these titles its findings that are not dropped carry."""
        out: dict[str, int] = {}
        for i in range(0, len(titles), 500):
            stmt = select(F.c.review_id, func.count(F.c.title.distinct())).where(
                F.c.title.in_(list(titles[i : i + 500])), F.c.status != "dropped"
            )
            for review_id, n in self._rows(stmt.group_by(F.c.review_id)):
                out[review_id] = out.get(review_id, 0) + n
        return out

    def save_review(self, review: Any, *, new: bool = False) -> None:
        """Write a review; a `new` one (its key known to be free) is inserted without a lookup first."""
        if new:
            self._w().add(review)
        else:
            self._w().merge(review)
        self._w().flush()  # findings reference it; no ORM relationship orders the inserts

    # -- findings -------------------------------------------------------------------------
    def existing_ids(self, candidates: Sequence[str]) -> set[str]:
        """Which of these finding IDs are already taken."""
        found: set[str] = set()
        chunk = 500
        for i in range(0, len(candidates), chunk):
            found |= {r.id for r in self._rows(select(F.c.id).where(F.c.id.in_(list(candidates[i : i + chunk]))))}
        return found

    def findings_to_verify(self, statuses: Sequence[str]) -> list[Any]:
        """Findings with a rule and one of these statuses, in priority order."""
        stmt = (
            select(F)
            .where(F.c.rule.is_not(None), F.c.status.in_(list(statuses)))
            .order_by(text(reads.ORDERS["priority"]))
        )
        return self._rows(stmt)

    def findings_without_rule(self, statuses: Sequence[str]) -> list[Any]:
        """Findings with no rule and one of these statuses: verify judges claims on them by quoted code."""
        stmt = (
            select(F).where(F.c.rule.is_(None), F.c.status.in_(list(statuses))).order_by(text(reads.ORDERS["priority"]))
        )
        return self._rows(stmt)

    def set_rule(self, finding_id: str, rule: str | None) -> None:
        self._w().execute(update(F).where(F.c.id == finding_id).values(rule=rule, updated_at=clock.now()))

    def rule_locations(self, *, exclude_review: str | None = None) -> dict[tuple[str, str], list[tuple]]:
        """(rule, path) → [(line_start, line_end)] of findings with a rule that are not dropped."""
        stmt = select(F.c.rule, L.c.path, L.c.line_start, L.c.line_end).join_from(F, L, L.c.finding_id == F.c.id)
        stmt = stmt.where(F.c.rule.is_not(None), F.c.status != "dropped")
        if exclude_review:
            stmt = stmt.where(F.c.review_id != exclude_review)
        out: dict[tuple[str, str], list[tuple]] = {}
        for r in self._rows(stmt):
            out.setdefault((r.rule, r.path), []).append((r.line_start, r.line_end or r.line_start))
        return out

    def count_findings(self, review_id: str, *, exclude_status: str | None = None) -> int:
        stmt = select(func.count()).select_from(F).where(F.c.review_id == review_id)
        if exclude_status:
            stmt = stmt.where(F.c.status != exclude_status)
        return self._rows(stmt)[0][0]

    def review_findings(self, review_id: str) -> list[Any]:
        from reviewctl.models import Finding

        return self._orm(select(Finding).where(Finding.review_id == review_id).order_by(Finding.ordinal))

    def locations_of(self, finding_ids: Sequence[str]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {fid: [] for fid in finding_ids}
        for loc in self._rows(select(L).where(L.c.finding_id.in_(list(finding_ids))).order_by(L.c.id)):
            out[loc.finding_id].append(loc)
        return out

    def update_finding(self, finding: Any, locations: Sequence[Any] | None = None) -> None:
        """Write changed fields; replace the locations when given."""
        s = self._w()
        s.merge(finding)
        if locations is not None:
            s.flush()
            s.execute(L.delete().where(L.c.finding_id == finding.id))
            s.add_all(locations)
        s.flush()

    def set_status(self, finding_id: str, to: str, *, kind: str, actor: str, note: str | None) -> bool:
        """Move a finding to status `to`, recording an Event; False when it is already there."""
        s = self._w()
        s.flush()
        row = s.execute(select(F.c.status).where(F.c.id == finding_id)).first()
        if row is None:
            raise NotFoundError(f"no finding {finding_id!r}")
        if row.status == to:
            return False
        now = clock.now()
        s.execute(update(F).where(F.c.id == finding_id).values(status=to, updated_at=now))
        s.execute(
            insert(E).values(
                finding_id=finding_id, at=now, kind=kind, from_status=row.status, to_status=to, actor=actor, note=note
            )
        )
        return True

    def add_event(self, ev: Any) -> None:
        self._w().add(ev)

    # -- team: owner, due, labels, notes (each change an Event) ---------------------------
    def record(self, finding_id: str, *, kind: str, actor: str, note: str | None) -> None:
        """Append an Event that changes no status (assign, label, due, note)."""
        s = self._w()
        s.flush()
        s.execute(insert(E).values(finding_id=finding_id, at=clock.now(), kind=kind, actor=actor, note=note))

    def put_work(self, finding_id: str, **values: str | None) -> None:
        """Set a finding's owner and/or due date (the row is created on first use)."""
        W, s = tables.workitem, self._w()
        s.flush()
        if s.execute(select(W.c.finding_id).where(W.c.finding_id == finding_id)).first():
            s.execute(update(W).where(W.c.finding_id == finding_id).values(**values))
        else:
            s.execute(insert(W).values(finding_id=finding_id, **values))

    def put_labels(self, finding_id: str, *, add: Sequence[str], remove: Sequence[str]) -> None:
        """Add and remove labels of a finding (the caller knows which are new and which are there)."""
        B, s = tables.label, self._w()
        s.flush()
        if remove:
            s.execute(B.delete().where(B.c.finding_id == finding_id, B.c.name.in_(list(remove))))
        if add:
            s.execute(insert(B), [{"finding_id": finding_id, "name": name} for name in add])

    # -- commit links and scan bookkeeping ------------------------------------------------
    def statuses(self, finding_ids: Sequence[str]) -> dict[str, str]:
        ids = sorted(set(finding_ids))
        out: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            stmt = select(F.c.id, F.c.status).where(F.c.id.in_(ids[i : i + 500]))
            out |= {r.id: r.status for r in self._rows(stmt)}
        return out

    def write_statuses(self, changes: dict[str, str], at: Any) -> None:
        """Set many findings' statuses at once (their Events are written by the caller)."""
        if changes:
            stmt = update(F).where(F.c.id == bindparam("fid")).values(status=bindparam("to"), updated_at=at)
            self._w().execute(stmt, [{"fid": k, "to": v} for k, v in changes.items()])

    def links_of(self, shas: Sequence[str]) -> list[Any]:
        """Commit links of these full SHAs."""
        C, out, shas = tables.commitlink, [], sorted(set(shas))
        for i in range(0, len(shas), 500):
            out += self._rows(select(C).where(C.c.sha.in_(shas[i : i + 500])).order_by(C.c.id))
        return out

    def links(self, *, sha_prefix: str | None = None, finding_id: str | None = None) -> list[Any]:
        """Commit links, optionally of one commit (by SHA prefix) or one finding."""
        C = tables.commitlink
        stmt = select(C).order_by(C.c.id)
        if sha_prefix:
            stmt = stmt.where(C.c.sha.like(sha_prefix.lower() + "%"))
        if finding_id:
            stmt = stmt.where(C.c.finding_id == finding_id)
        return self._rows(stmt)

    def add_link(self, **row: Any) -> None:
        self.insert_rows("commitlink", [row])

    def set_link(self, link_id: int, *, active: bool, note: str | None) -> None:
        C = tables.commitlink
        self._w().execute(update(C).where(C.c.id == link_id).values(active=active, note=note))

    def meta(self, key: str) -> str | None:
        rows = self._rows(select(tables.meta.c.value).where(tables.meta.c.key == key))
        return rows[0].value if rows else None

    def set_meta(self, key: str, value: str) -> None:
        s = self._w()
        s.execute(tables.meta.delete().where(tables.meta.c.key == key))
        s.execute(insert(tables.meta).values(key=key, value=value))

    # -- history --------------------------------------------------------------------------
    # -- reports --------------------------------------------------------------------------
    # -- bulk copy (export / restore) ---------------------------------------------------
    def dump(self, model: Any, *order: Any) -> list[Any]:
        """Every row of one table as model objects, in the given order (default: primary key)."""
        return self._orm(select(model).order_by(*(order or inspect(model).primary_key)))

    def is_empty(self) -> bool:
        return self._rows(select(func.count()).select_from(F))[0][0] == 0

    def insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert plain rows into one table with one executemany, no ORM objects (imports, restores)."""
        if rows:
            s = self._w()
            s.flush()
            s.execute(insert(getattr(tables, table)), rows)


def _made(result: Any) -> tuple[list[str], list[Any]]:
    names = list(result.keys())
    return names, reads.converted(names, result.all())


def _sqlite_path(url: str) -> Path:
    """The file a sqlite:/// URL names, also in its `file:PATH?mode=ro&uri=true` form."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.query.get("uri") and database.startswith("file:"):
        database = database.removeprefix("file:")
    return Path(database)


def _prepare_sqlite_path(path: Path, create: bool) -> None:
    if not path.exists() and not create:
        raise NotFoundError(f"no store at {path}; run `reviewctl init` or import a review first")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the store directory {path.parent}: {exc.strerror}") from exc


def open_store(url: str, *, create: bool = True) -> Store:
    """Open (and create or migrate when needed) the store at `url`."""
    try:
        return Store(url, create=create)
    except SQLAlchemyError as exc:
        raise _friendly(exc, url) from exc
