"""The findings store: engine set-up, schema version, and one method per query or write.

This is the only module that opens database sessions. SQLite-specific behaviour (WAL, busy
timeout, foreign keys, BEGIN IMMEDIATE for writers) is confined to engine set-up, so the same
queries run on PostgreSQL.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, inspect, or_, select, update
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from reviewctl import clock
from reviewctl.errors import NotFoundError, StoreError
from reviewctl.models import SCHEMA_VERSION, Check, CommitLink, Event, Finding, Location, Meta, Review
from reviewctl.vocab import Status

MIGRATIONS: dict[int, str] = {
    1: "add the commitlink and check tables",
}
"""from-version → what the step to the next version does (the step itself is create_all)."""


@dataclass(frozen=True)
class FindingFilter:
    """What `list` narrows findings by; None means no restriction."""

    statuses: Sequence[str] = ()
    priorities: Sequence[str] = ()
    review: str | None = None
    path_glob: str | None = None
    phase: int | None = None
    sort: str = "priority"
    limit: int | None = None


@dataclass
class FindingDetail:
    """Everything known about one finding."""

    finding: Finding
    locations: list[Location] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    links: list[CommitLink] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)


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
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


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


class Store:
    """A findings store at a SQLAlchemy URL; writes happen inside `transaction()`."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.url = url
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            if not path.exists() and not create:
                raise StoreError(f"no store at {path}; run `reviewctl init` or import a review first")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the store directory {path.parent}: {exc.strerror}") from exc
        self.engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            _sqlite_setup(self.engine)
        self._writer = self.engine.execution_options(immediate=True)
        self._tx: Session | None = None
        self._guard(self._check_schema)

    # -- set-up ---------------------------------------------------------------------------
    def _guard(self, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except SQLAlchemyError as exc:
            raise _friendly(exc, self.url) from exc

    def _check_schema(self) -> None:
        tables = set(inspect(self.engine).get_table_names())
        if not tables:
            self._create()
            return
        if "meta" not in tables:
            raise StoreError(f"{self.url} is not a reviewctl store (unknown tables: {', '.join(sorted(tables))})")
        with Session(self.engine) as s:
            row = s.get(Meta, "schema_version")
        version = int(row.value) if row else 0
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"store {self.url} has schema version {version}, newer than this reviewctl "
                f"understands ({SCHEMA_VERSION}); upgrade reviewctl"
            )
        if version < SCHEMA_VERSION:
            self._migrate(version)

    def _create(self) -> None:
        SQLModel.metadata.create_all(self._writer)
        with Session(self._writer) as s:
            s.merge(Meta(key="schema_version", value=str(SCHEMA_VERSION)))
            s.commit()

    def _migrate(self, version: int) -> None:
        """Bring an older store up to date, one recorded step at a time, in one transaction."""
        if version not in MIGRATIONS:
            raise StoreError(f"store {self.url} has unknown schema version {version}")
        self._create()  # every step so far only adds tables and indexes

    # -- transactions ---------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One write transaction (BEGIN IMMEDIATE on SQLite); rolled back whole on any error."""
        session = Session(self._writer, expire_on_commit=False)
        self._tx = session
        try:
            yield self
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise _friendly(exc, self.url) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            self._tx = None
            session.close()

    @contextmanager
    def _read(self) -> Iterator[Session]:
        if self._tx is not None:
            yield self._tx
            return
        try:
            with Session(self.engine, expire_on_commit=False) as s:
                yield s
        except SQLAlchemyError as exc:
            raise _friendly(exc, self.url) from exc

    def _w(self) -> Session:
        if self._tx is None:
            raise RuntimeError("store writes must happen inside Store.transaction()")
        return self._tx

    # -- reviews --------------------------------------------------------------------------
    def get_review(self, review_id: str) -> Review | None:
        with self._read() as s:
            return s.get(Review, review_id)

    def reviews(self) -> list[Review]:
        with self._read() as s:
            return list(s.execute(select(Review).order_by(Review.id)).scalars())

    def save_review(self, review: Review) -> Review:
        merged = self._w().merge(review)
        self._w().flush()  # findings reference it; no ORM relationship orders the inserts
        return merged

    # -- findings -------------------------------------------------------------------------
    def resolve_id(self, ref: str) -> str:
        """Full finding ID for what a user typed (any case, with or without the RC- prefix)."""
        key = ref.strip().upper()
        if not key.startswith("RC-"):
            key = "RC-" + key
        with self._read() as s:
            if s.get(Finding, key) is not None:
                return key
            hits = list(s.execute(select(Finding.id).where(Finding.id.like(key + "%")).limit(2)).scalars())
        if len(hits) == 1:
            return hits[0]
        raise NotFoundError(f"no finding {ref!r}" if not hits else f"{ref!r} is ambiguous: {', '.join(hits)}")

    def finding_ids(self) -> set[str]:
        with self._read() as s:
            return set(s.execute(select(Finding.id)).scalars())

    def review_findings(self, review_id: str) -> list[Finding]:
        with self._read() as s:
            stmt = select(Finding).where(Finding.review_id == review_id).order_by(Finding.ordinal)
            return list(s.execute(stmt).scalars())

    def locations_of(self, finding_ids: Sequence[str]) -> dict[str, list[Location]]:
        out: dict[str, list[Location]] = {fid: [] for fid in finding_ids}
        with self._read() as s:
            stmt = select(Location).where(Location.finding_id.in_(list(finding_ids))).order_by(Location.id)
            for loc in s.execute(stmt).scalars():
                out[loc.finding_id].append(loc)
        return out

    def add_finding(self, finding: Finding, locations: Sequence[Location]) -> None:
        s = self._w()
        s.add(finding)
        s.flush()
        s.add_all(locations)
        s.flush()

    def update_finding(self, finding: Finding, locations: Sequence[Location] | None = None) -> None:
        """Write changed fields; replace the locations when given."""
        s = self._w()
        s.merge(finding)
        if locations is not None:
            for old in s.execute(select(Location).where(Location.finding_id == finding.id)).scalars():
                s.delete(old)
            s.flush()
            s.add_all(locations)

    def set_status(self, finding_id: str, to: str, *, kind: str, actor: str, note: str | None) -> Event | None:
        """Move a finding to status `to`, recording an Event; None when it is already there."""
        s = self._w()
        current = s.get(Finding, finding_id)
        if current is None:
            raise NotFoundError(f"no finding {finding_id!r}")
        if current.status == to:
            return None
        now = clock.now()
        ev = Event(
            finding_id=finding_id, at=now, kind=kind, from_status=current.status, to_status=to, actor=actor, note=note
        )
        s.execute(update(Finding).where(Finding.id == finding_id).values(status=to, updated_at=now))
        s.add(ev)
        return ev

    def add_event(self, ev: Event) -> None:
        self._w().add(ev)

    def detail(self, finding_id: str) -> FindingDetail:
        with self._read() as s:
            f = s.get(Finding, finding_id)
            if f is None:
                raise NotFoundError(f"no finding {finding_id!r}")
            return FindingDetail(
                finding=f,
                locations=self._rows(s, Location, Location.finding_id == finding_id, Location.id),
                events=self._rows(s, Event, Event.finding_id == finding_id, Event.id),
                links=self._rows(s, CommitLink, CommitLink.finding_id == finding_id, CommitLink.id),
                checks=self._rows(s, Check, Check.finding_id == finding_id, Check.id),
            )

    @staticmethod
    def _rows(s: Session, model: Any, where: Any, order: Any) -> list[Any]:
        return list(s.execute(select(model).where(where).order_by(order)).scalars())

    def list_rows(self, flt: FindingFilter) -> tuple[list[dict[str, Any]], int]:
        """Matching findings as plain rows (no ORM objects), and how many match in all."""
        cols = (
            Finding.id,
            Finding.priority,
            Finding.status,
            Finding.effort_minutes,
            Finding.phase,
            Finding.review_id,
            Finding.title,
            Finding.rule,
        )
        stmt = self._filtered(select(*cols), flt)
        count_stmt = self._filtered(select(func.count()).select_from(Finding), flt)
        stmt = stmt.order_by(*self._order(flt.sort))
        if flt.limit:
            stmt = stmt.limit(flt.limit)
        with self._read() as s:
            total = s.execute(count_stmt).scalar_one()
            rows = [dict(r._mapping) for r in s.execute(stmt)]
            first = self._first_paths(s, [r["id"] for r in rows])
        for r in rows:
            r["location"] = first.get(r["id"])
        return rows, total

    @staticmethod
    def _filtered(stmt: Any, flt: FindingFilter) -> Any:
        if flt.statuses:
            stmt = stmt.where(Finding.status.in_(list(flt.statuses)))
        if flt.priorities:
            stmt = stmt.where(Finding.priority.in_(list(flt.priorities)))
        if flt.review:
            stmt = stmt.where(Finding.review_id == flt.review)
        if flt.phase is not None:
            stmt = stmt.where(Finding.phase == flt.phase)
        if flt.path_glob:
            like = flt.path_glob.replace("%", r"\%").replace("_", r"\_").replace("*", "%").replace("?", "_")
            sub = select(Location.finding_id).where(
                or_(Location.path.like(like, escape="\\"), Location.path.like("%/" + like, escape="\\"))
            )
            stmt = stmt.where(Finding.id.in_(sub))
        return stmt

    @staticmethod
    def _order(sort: str) -> list[Any]:
        from sqlalchemy import case

        prio = case(
            {p: i for i, p in enumerate(["critical", "high", "medium", "low", "unknown"])},
            value=Finding.priority,
            else_=9,
        )
        orders = {
            "priority": [prio, Finding.review_id, Finding.ordinal],
            "id": [Finding.id],
            "updated": [Finding.updated_at.desc(), Finding.id],
            "effort": [Finding.effort_minutes.desc().nulls_last(), prio],
            "phase": [Finding.phase.nulls_last(), prio, Finding.ordinal],
            "review": [Finding.review_id, Finding.ordinal],
        }
        if sort not in orders:
            raise NotFoundError(f"unknown sort {sort!r}; use one of {', '.join(orders)}")
        return orders[sort]

    @staticmethod
    def _first_paths(s: Session, ids: list[str]) -> dict[str, str]:
        if not ids:
            return {}
        stmt = (
            select(Location.finding_id, Location.path, Location.line_start)
            .where(Location.finding_id.in_(ids))
            .order_by(Location.id)
        )
        out: dict[str, str] = {}
        for fid, path, line in s.execute(stmt):
            out.setdefault(fid, f"{path}:{line}" if line else path)
        return out

    # -- history --------------------------------------------------------------------------
    def events(self, finding_id: str | None = None, limit: int | None = None) -> list[Event]:
        stmt = select(Event).order_by(Event.at.desc(), Event.id.desc())
        if finding_id:
            stmt = stmt.where(Event.finding_id == finding_id)
        if limit:
            stmt = stmt.limit(limit)
        with self._read() as s:
            return list(s.execute(stmt).scalars())

    # -- dashboard aggregates -------------------------------------------------------------
    def counts(self, *group: str) -> list[tuple[Any, ...]]:
        """(group values..., count, effort minutes sum, done count, done effort) per group."""
        cols = [getattr(Finding, g) for g in group]
        done = Finding.status.in_([s.value for s in (Status.fixed, Status.verified, Status.wontfix)])
        from sqlalchemy import case

        stmt = select(
            *cols,
            func.count(),
            func.coalesce(func.sum(Finding.effort_minutes), 0),
            func.coalesce(func.sum(case((done, 1), else_=0)), 0),
            func.coalesce(func.sum(case((done, Finding.effort_minutes), else_=0)), 0),
        ).where(Finding.status != Status.dropped.value)
        if cols:
            stmt = stmt.group_by(*cols)
        with self._read() as s:
            return [tuple(r) for r in s.execute(stmt)]

    def status_matrix(self) -> list[tuple[str, str, int]]:
        """(priority, status, count) for every combination present."""
        stmt = select(Finding.priority, Finding.status, func.count()).group_by(Finding.priority, Finding.status)
        with self._read() as s:
            return [tuple(r) for r in s.execute(stmt)]

    def oldest(self, *, priority: str, statuses: Sequence[str], limit: int) -> list[dict[str, Any]]:
        stmt = (
            select(Finding.id, Finding.title, Finding.created_at, Finding.status)
            .where(Finding.priority == priority, Finding.status.in_(list(statuses)))
            .order_by(Finding.created_at, Finding.id)
            .limit(limit)
        )
        with self._read() as s:
            return [dict(r._mapping) for r in s.execute(stmt)]

    def recent_events(self, limit: int) -> list[dict[str, Any]]:
        stmt = (
            select(
                Event.at,
                Event.finding_id,
                Event.kind,
                Event.from_status,
                Event.to_status,
                Event.actor,
                Event.note,
                Finding.title,
            )
            .join(Finding, Finding.id == Event.finding_id)
            .order_by(Event.at.desc(), Event.id.desc())
            .limit(limit)
        )
        with self._read() as s:
            return [dict(r._mapping) for r in s.execute(stmt)]

    # -- bulk copy (export / restore) ---------------------------------------------------
    def dump(self, model: Any, *order: Any) -> Iterator[Any]:
        """Every row of one table, in the given order (default: primary key)."""
        with self._read() as s:
            yield from s.execute(select(model).order_by(*(order or inspect(model).primary_key))).scalars()

    def is_empty(self) -> bool:
        with self._read() as s:
            return s.execute(select(func.count()).select_from(Finding)).scalar_one() == 0

    def bulk_insert(self, model: Any, rows: list[dict[str, Any]]) -> None:
        """Insert plain rows without building ORM objects (restores and benchmarks)."""
        if rows:
            self._w().execute(model.__table__.insert(), rows)


def open_store(url: str, *, create: bool = True) -> Store:
    """Open (and create or migrate when needed) the store at `url`."""
    try:
        return Store(url, create=create)
    except (OperationalError, DatabaseError) as exc:
        raise _friendly(exc, url) from exc
