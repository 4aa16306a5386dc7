"""The store API directly: schema version, refusal of foreign/newer files, events, errors."""

import os
import sqlite3
from pathlib import Path

import pytest

from reviewctl import clock
from reviewctl.errors import NotFoundError, StoreError
from reviewctl.models import Event, Review
from reviewctl.store import SCHEMA_VERSION, FindingFilter, open_store


def _seed(store, n: int = 3) -> list[str]:
    now = clock.now()
    ids = [f"RC-T{i:04d}" for i in range(n)]
    rows = [
        {
            "id": fid,
            "review_id": "r1",
            "ordinal": i,
            "title": f"t{i}",
            "body": "",
            "section": "",
            "status": "open",
            "priority": ["critical", "high", "low"][i % 3],
            "fingerprint": f"fp{i}",
            "created_at": now,
            "updated_at": now,
        }
        for i, fid in enumerate(ids)
    ]
    with store.transaction():
        store.save_review(Review(id="r1", title="R", path="r.md", content_hash="x", imported_at=now))
        store.insert_rows("finding", rows)
    return ids


def test_new_store_records_schema_version(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    open_store(f"sqlite:///{db}")
    row = sqlite3.connect(db).execute("select value from meta where key='schema_version'").fetchone()
    assert row == (str(SCHEMA_VERSION),)


def test_sqlite_connection_pragmas(store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_newer_store_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    open_store(f"sqlite:///{db}")
    with sqlite3.connect(db) as conn:
        conn.execute("update meta set value='99' where key='schema_version'")
    with pytest.raises(StoreError, match="schema version 99, newer than this reviewctl understands"):
        open_store(f"sqlite:///{db}")


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("create table customers (id integer)")
    with pytest.raises(StoreError, match=r"not a reviewctl store \(unknown tables: customers\)"):
        open_store(f"sqlite:///{db}")


def test_non_database_file_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("just some text, certainly not SQLite " * 100)
    with pytest.raises(StoreError, match="not a reviewctl store"):
        open_store(f"sqlite:///{db}")


def test_older_store_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "v1.db"
    store = open_store(f"sqlite:///{db}")
    _seed(store, 1)
    with sqlite3.connect(db) as conn:  # make it look like a version-1 store: no commitlink/check tables
        conn.execute("drop table commitlink")
        conn.execute("drop table 'check'")
        conn.execute("update meta set value='1' where key='schema_version'")
    migrated = open_store(f"sqlite:///{db}")
    tables = {r[0] for r in sqlite3.connect(db).execute("select name from sqlite_master where type='table'")}
    assert {"commitlink", "check"} <= tables
    assert migrated.existing_ids(["RC-T0000", "RC-NOPE"]) == {"RC-T0000"}
    assert sqlite3.connect(db).execute("select value from meta").fetchone() == (str(SCHEMA_VERSION),)


def test_status_change_appends_an_event(store) -> None:
    (fid, *_) = _seed(store)
    with store.transaction():
        changed = store.set_status(fid, "in_progress", kind="status", actor="ann", note="on it")
        again = store.set_status(fid, "in_progress", kind="status", actor="ann", note=None)
    assert (changed, again) == (True, False)
    events = store.events(fid)
    assert [(e.from_status, e.to_status, e.actor, e.note) for e in events] == [("open", "in_progress", "ann", "on it")]
    assert events[0].kind == "status"
    assert store.detail(fid).finding.status == "in_progress"


def test_failed_transaction_leaves_store_unchanged(store) -> None:
    (fid, *_) = _seed(store)
    with pytest.raises(RuntimeError), store.transaction():
        store.set_status(fid, "fixed", kind="status", actor="ann", note=None)
        raise RuntimeError("boom")
    assert store.detail(fid).finding.status == "open"
    assert store.events(fid) == []


def test_resolve_id_accepts_prefix_and_case(store) -> None:
    _seed(store)
    assert store.resolve_id("rc-t0001") == "RC-T0001"
    assert store.resolve_id("t0002") == "RC-T0002"
    with pytest.raises(NotFoundError, match="ambiguous"):
        store.resolve_id("T00")
    with pytest.raises(NotFoundError, match="no finding 'zzz'"):
        store.resolve_id("zzz")


def test_list_rows_filters_in_sql(store) -> None:
    _seed(store, 6)
    rows, total = store.list_rows(FindingFilter(priorities=["critical"], limit=1))
    assert total == 2
    assert [r["id"] for r in rows] == ["RC-T0000"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_store_reports_clearly(tmp_path: Path) -> None:
    db = tmp_path / "ro.db"
    store = open_store(f"sqlite:///{db}")
    (fid, *_) = _seed(store)
    store.engine.dispose()
    for p in tmp_path.iterdir():
        p.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        ro = open_store(f"sqlite:///{db}")
        with pytest.raises(StoreError, match="read-only"), ro.transaction():
            ro.set_status(fid, "fixed", kind="status", actor="a", note=None)
    finally:
        tmp_path.chmod(0o755)


def test_locked_store_reports_clearly(tmp_path: Path) -> None:
    db = tmp_path / "locked.db"
    store = open_store(f"sqlite:///{db}")
    (fid, *_) = _seed(store)
    holder = sqlite3.connect(db, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    try:
        store.engine.dispose()
        quick = open_store(f"sqlite:///{db}")

        @__import__("sqlalchemy").event.listens_for(quick.engine, "connect")
        def _short(dbapi_conn, _):
            dbapi_conn.execute("PRAGMA busy_timeout = 50")

        quick.engine.dispose()
        quick.busy_window = 0.1
        with pytest.raises(StoreError, match="locked by another process"), quick.transaction():
            quick.set_status(fid, "fixed", kind="status", actor="a", note=None)
    finally:
        holder.rollback()
        holder.close()
    assert open_store(f"sqlite:///{db}").detail(fid).finding.status == "open"


def test_unknown_finding_detail(store) -> None:
    with pytest.raises(NotFoundError):
        store.detail("RC-NOPE")


def test_event_rows_are_append_only_history(store) -> None:
    (fid, *_) = _seed(store)
    with store.transaction():
        for to in ("in_progress", "fixed", "open"):
            store.set_status(fid, to, kind="status", actor="a", note=None)
        store.add_event(Event(finding_id=fid, at=clock.now(), kind="note", actor="a", note="hello"))
    kinds = [(e.kind, e.from_status, e.to_status) for e in reversed(store.events(fid))]
    assert kinds == [
        ("status", "open", "in_progress"),
        ("status", "in_progress", "fixed"),
        ("status", "fixed", "open"),
        ("note", None, None),
    ]


def test_light_read_tables_match_the_models() -> None:
    """tables.py (fast reads) names exactly the columns models.py defines."""
    from sqlmodel import SQLModel

    import reviewctl.models  # noqa: F401
    from reviewctl import tables

    for light in tables.ALL:
        full = SQLModel.metadata.tables[light.name]
        assert [c.name for c in light.columns] == [c.name for c in full.columns], light.name
