"""The finding tally (counts by priority, review, phase and status kept by triggers) equals a
GROUP BY over the findings after every kind of write, by reviewctl or by plain SQL, on SQLite and
PostgreSQL; an older store gets it (and the list indexes) filled when it is migrated; `list` pages
read priority by priority give exactly the rows of the one ORDER BY they replace."""

from dataclasses import replace
from datetime import UTC, datetime
from itertools import product

from sqlalchemy import inspect, text

from reviewctl import reads
from reviewctl.store import SCHEMA_VERSION, open_store
from tests.conftest import ASSETS, Cli
from tests.test_postgres import pg_url  # noqa: F401  (the suite's throwaway PostgreSQL cluster)
from tests.test_reads import db_url  # noqa: F401  (a new store on SQLite, then on PostgreSQL)

AT = datetime(2026, 3, 4, tzinfo=UTC)
TALLIED = "SELECT priority, review_id, nullif(phase, -1), status, n, effort FROM finding_tally WHERE n > 0"
COUNTED = (
    "SELECT priority, review_id, phase, status, count(*), coalesce(sum(effort_minutes), 0) FROM finding"
    " GROUP BY priority, review_id, phase, status"
)


def _sql(store, *statements: str) -> list[tuple]:
    """Run plain SQL in one transaction (a writer that is not reviewctl); the last statement's rows."""
    with store.engine.begin() as conn:
        for s in statements:
            result = conn.execute(text(s))
        return [tuple(r) for r in result] if result.returns_rows else []


def _exact(store) -> list[tuple]:
    """The finding tally, after checking both tallies equal the GROUP BYs they stand for."""
    paths = "SELECT path, n FROM location_path WHERE n > 0"
    assert sorted(_sql(store, paths)) == sorted(_sql(store, "SELECT path, count(*) FROM location GROUP BY path"))
    tallied = sorted(_sql(store, TALLIED), key=repr)
    assert tallied == sorted(_sql(store, COUNTED), key=repr)
    return tallied


def _finding(fid: str, ordinal: int, priority: str, phase: str, effort: str) -> str:
    return (
        "INSERT INTO finding (id, review_id, ordinal, title, body, section, priority, effort_minutes, phase, status,"
        f" fingerprint, created_at, updated_at) SELECT '{fid}', id, {ordinal}, 'raw {fid}', '', '', '{priority}',"
        f" {effort}, {phase}, 'open', 'fp-{fid}', imported_at, imported_at FROM review"
    )


def test_the_tally_follows_every_write(cli: Cli, db_url: str) -> None:  # noqa: F811
    url = db_url
    cli("import", str(ASSETS / "small_review.md"))
    store = open_store(url, create=False)
    ids = {r["title"]: r["id"] for r in cli.json("list")}
    assert _exact(store)
    cli("fix", ids["SQL built by string formatting"])
    cli("wontfix", ids["Add structured logging"])
    _exact(store)
    _sql(store, _finding("RC-RAW1", 10, "critical", "NULL", "NULL"), _finding("RC-RAW2", 11, "blocker", "0", "45"))
    _sql(
        store,
        "UPDATE finding SET phase = NULL, effort_minutes = 5 WHERE id = 'RC-RAW2'",
        "UPDATE finding SET priority = 'low', status = 'fixed' WHERE priority = 'medium'",
    )
    _exact(store)
    _sql(store, "DELETE FROM finding WHERE id = 'RC-RAW1'")
    _sql(
        store,
        "INSERT INTO location (finding_id, path) VALUES ('RC-RAW2', 'app/worker.py'), ('RC-RAW2', 'new/place.py')",
        "UPDATE location SET path = 'moved.py' WHERE path = 'client.py'",
        "DELETE FROM location WHERE path = 'app/db/queries.py'",
    )
    assert [r["id"] for r in reads.open_reads(url).list_rows(reads.FindingFilter(path_glob="*.py"))[0]] == [
        ids["Bare except in the retry loop"],
        ids["Missing timeout on HTTP calls"],
        "RC-RAW2",
    ]
    rows = _exact(store)
    assert [r for r in rows if r[0] in ("blocker", "low")] == [
        ("blocker", rows[0][1], None, "open", 1, 5),
        ("low", rows[0][1], 2, "fixed", 1, 90),
    ]
    assert reads.open_reads(url).list_rows(reads.FindingFilter(statuses=["open"]))[1] == 2
    store.engine.dispose()


def test_an_older_store_gets_the_tally_and_index_when_migrated(cli: Cli, db_url: str) -> None:  # noqa: F811
    url = db_url
    cli("import", str(ASSETS / "small_review.md"))
    store = open_store(url, create=False)
    expected = _exact(store)
    drop = "DROP TRIGGER finding_tally ON finding" if "postgresql" in url else "DROP TRIGGER finding_tally_insert"
    _sql(
        store,
        drop,
        "DROP TABLE finding_tally",
        "DROP TABLE location_path",
        "DROP INDEX ix_finding_priority_order",
        "DROP INDEX ix_location_path_finding",
        "CREATE INDEX ix_location_path ON location (path)",  # what schema version 5 indexed locations by
        f"UPDATE meta SET value = '{SCHEMA_VERSION - 1}' WHERE key = 'schema_version'",
    )
    store.engine.dispose()
    assert reads.open_reads(url) is None  # an older store: the full Store migrates it
    assert [r["id"] for r in cli.json("list", "--sort", "id")] == sorted(r[0] for r in _rows(url))
    migrated = open_store(url, create=False)
    assert _exact(migrated) == expected
    indexes = {ix["name"] for ix in inspect(migrated.engine).get_indexes("finding")}
    assert "ix_finding_priority_order" in indexes
    by_path = {ix["name"]: ix["column_names"] for ix in inspect(migrated.engine).get_indexes("location")}
    assert by_path == {"ix_location_finding_id": ["finding_id"], "ix_location_path_finding": ["path", "finding_id"]}
    assert _sql(migrated, "SELECT value FROM meta WHERE key = 'schema_version'") == [(str(SCHEMA_VERSION),)]
    migrated.engine.dispose()


def _rows(url: str) -> list[tuple]:
    return reads.open_reads(url).fetch("SELECT id FROM finding", {})[1]


def test_list_pages_by_priority_equal_the_one_order(cli: Cli, db_url: str) -> None:  # noqa: F811
    url = db_url
    cli("import", str(ASSETS / "small_review.md"))
    store = open_store(url, create=False)
    raw = [("RC-R0", 7, "blocker", "1", "30"), ("RC-R1", 8, "zzz", "NULL", "NULL"), ("RC-R2", 9, "high", "2", "10")]
    _sql(store, *(_finding(*r) for r in raw), _finding("RC-R3", -1, "critical", "NULL", "NULL"))
    cli("assign", "RC-R0", "RC-R3", "ann")
    cli("label", "RC-R3", "RC-R2", "+later")
    direct = reads.open_reads(url)
    cols = reads.LIST_COLUMNS
    team = [{}, {"owner": "ann"}, {"owner": ""}, {"labels": ["later"]}, {"phase": 1}, {"phase": 2}, {"phase": 4}]
    for statuses, priorities, more in product(
        [[], ["open"], ["open", "fixed"]], [[], ["critical", "zzz"], ["low"]], team
    ):
        flt = reads.FindingFilter(statuses, priorities, **more)
        where = reads._where(flt, params := {})
        one = direct.run(f"SELECT {cols} FROM finding{where} ORDER BY {reads.ORDERS['priority']}", params)
        for limit in (None, 1, 2, 3, 5):
            rows, total = direct.list_rows(replace(flt, limit=limit))
            assert [r["id"] for r in rows] == [r["id"] for r in one][:limit], (flt, limit)
            assert total == len(one)
    assert [r["priority"] for r in direct.list_rows(reads.FindingFilter())[0]] == [
        "critical",
        "critical",
        "critical",
        "high",
        "medium",
        "unknown",
        "blocker",
        "zzz",
    ]
    store.engine.dispose()


def test_everyday_reads_scan_no_table_on_sqlite(cli: Cli) -> None:
    """What status, list (filters, default order, a path) and show run is found by index or read
    from the tallies: no query plan scans the finding, location or event table (EXPLAIN QUERY PLAN)."""
    from reviewctl.dashboard import build_dashboard

    cli("import", str(ASSETS / "small_review.md"))
    fid = cli.json("list")[0]["id"]
    direct = reads.open_reads(f"sqlite:///{cli.db}")
    plans: list[str] = []
    fetch = direct.fetch

    def explained(sql: str, params: dict) -> tuple[list[str], list]:
        rows = direct.conn.execute("EXPLAIN QUERY PLAN " + sql, reads.sqlite_params(params)).fetchall()
        plans.extend(f"{r[3]}  <- {sql}" for r in rows)
        return fetch(sql, params)

    direct.fetch = explained
    build_dashboard(direct)
    for flt in (
        reads.FindingFilter(limit=100),
        reads.FindingFilter(["open"], ["critical"], limit=100),
        reads.FindingFilter(["open", "in_progress"], review="small_review", limit=100),
        reads.FindingFilter(path_glob="app/*", sort="effort", limit=100),
    ):
        direct.list_rows(flt)
    direct.detail(direct.resolve_id(fid))
    assert any("USING INDEX ix_finding_priority_order" in p for p in plans)
    by_path = {p.split("  <- ")[0] for p in plans if p.startswith("SEARCH location ") and "location_path" in p}
    assert by_path == {"SEARCH location USING COVERING INDEX ix_location_path_finding (path=?)"}  # no location row
    scans = [p for p in plans if p.split()[:2] in (["SCAN", "finding"], ["SCAN", "location"], ["SCAN", "event"])]
    assert scans == []  # an ordered index scan that stops at its LIMIT (SCAN e USING INDEX ix_event_at) is fine
