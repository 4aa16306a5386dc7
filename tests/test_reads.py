"""Every read query runs on both paths — the driver directly (sqlite3 on SQLite, psycopg on
PostgreSQL) and SQLAlchemy's text() — with the same rows, on SQLite and on PostgreSQL; piped
reading commands import neither SQLAlchemy nor rich."""

import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reviewctl import reads
from reviewctl.store import open_store
from tests.conftest import ASSETS, Cli
from tests.test_postgres import pg_url  # noqa: F401  (the suite's throwaway PostgreSQL cluster)

ROOT = Path(__file__).resolve().parents[1]
AT = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


def new_pg_database(server: str) -> str:
    """URL of a new empty database on the cluster at `server`."""
    import psycopg

    name = f"reads_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> str:
    """The URL of a new store on each database, which `cli` works on."""
    if request.param == "sqlite":
        return f"sqlite:///{cli.db}"
    db = new_pg_database(request.getfixturevalue("pg_url"))
    monkeypatch.setenv("REVIEWCTL_DB", db)
    return db


@pytest.fixture
def both(cli: Cli, db_url: str):
    url = db_url
    """(direct reads, SQLAlchemy Store) over one store with history, a commit link and a check."""
    cli("import", str(ASSETS / "small_review.md"))
    ids = {r["title"]: r["id"] for r in cli.json("list")}
    sql, bare = ids["SQL built by string formatting"], ids["Bare except in the retry loop"]
    cli("fix", sql, "--note", "parameterised")
    cli("wontfix", bare)
    store = open_store(url, create=False)
    with store.transaction():
        link = {"finding_id": sql, "sha": "a" * 40, "kind": "claim", "committed_at": AT, "subject": "fix it"}
        store.insert_rows("commitlink", [link | {"active": False, "note": "reverted"}])
        check = {"finding_id": sql, "rule": "sql-format", "verdict": "rejected", "path": "app/db/queries.py"}
        store.insert_rows("check", [check | {"line": 88, "at": AT}])
    direct = reads.open_reads(url)
    assert type(direct) is (reads.SqliteReads if url.startswith("sqlite") else reads.PgReads)
    yield direct, store, ids
    direct.conn.close()
    store.engine.dispose()


def same(direct, store, method: str, *args, **kwargs):
    """The result of one read, after checking both paths give exactly the same."""
    got = getattr(direct, method)(*args, **kwargs)
    assert got == getattr(store, method)(*args, **kwargs), method
    return got


def test_list_filters_and_sorts(both) -> None:
    direct, store, ids = both
    titles = {v: k for k, v in ids.items()}

    def listed(**flt) -> tuple[list[str], int]:
        rows, total = same(direct, store, "list_rows", reads.FindingFilter(**flt))
        return [titles.get(r["id"], r["title"]) for r in rows], total

    assert listed() == (
        [
            "SQL built by string formatting",
            "Bare except in the retry loop",
            "Missing timeout on HTTP calls",
            "Add structured logging",
        ],
        4,
    )
    assert listed(statuses=["open"], priorities=["medium"]) == (["Missing timeout on HTTP calls"], 1)
    assert listed(path_glob="*/http.py") == (["Missing timeout on HTTP calls"], 1)
    assert listed(path_glob="worker.py") == (["Bare except in the retry loop"], 1)
    assert listed(phase=2, sort="effort") == (["Add structured logging", "Missing timeout on HTTP calls"], 2)
    assert listed(sort="id", limit=1)[1] == 4
    rows, _ = same(direct, store, "list_rows", reads.FindingFilter(statuses=["fixed"]))
    assert rows == [
        {
            "id": ids["SQL built by string formatting"],
            "priority": "critical",
            "status": "fixed",
            "effort_minutes": 120,
            "phase": 1,
            "review_id": rows[0]["review_id"],
            "title": "SQL built by string formatting",
            "rule": rows[0]["rule"],
            "location": "app/db/queries.py:88",
            "owner": None,
            "labels": [],
            "due": None,
        }
    ]
    for sort in reads.ORDERS:
        same(direct, store, "list_rows", reads.FindingFilter(sort=sort))


def test_detail_and_history(both) -> None:
    direct, store, ids = both
    sql = ids["SQL built by string formatting"]
    assert same(direct, store, "resolve_id", sql[3:].lower()) == sql
    detail = same(direct, store, "detail", sql)
    assert detail.finding.created_at.tzinfo is UTC
    assert [(loc.path, loc.line_start, loc.line_end) for loc in detail.locations] == [("app/db/queries.py", 88, 92)]
    assert [(e.from_status, e.to_status, e.note) for e in detail.events] == [
        (None, "open", None),
        ("open", "fixed", "parameterised"),
    ]
    assert [(c.sha, c.active, c.note, c.committed_at) for c in detail.links] == [("a" * 40, False, "reverted", AT)]
    assert [(c.verdict, c.line, c.at) for c in detail.checks] == [("rejected", 88, AT)]
    assert [e.to_status for e in same(direct, store, "events", sql, 1)] == ["fixed"]
    assert len(same(direct, store, "events")) == 4 + 2
    recent = same(direct, store, "recent_events", 2)
    assert [(e["to_status"], e["title"]) for e in recent] == [
        ("wontfix", "Bare except in the retry loop"),
        ("fixed", "SQL built by string formatting"),
    ]


def test_dashboard_aggregates(both) -> None:
    direct, store, _ = both
    by_priority = same(direct, store, "grouped", "priority")
    assert sorted((g.key, g.status, g.n, g.effort) for g in by_priority) == [
        ("critical", "fixed", 1, 120),
        ("critical", "wontfix", 1, 30),
        ("medium", "open", 1, 90),
        ("unknown", "open", 1, 180),
    ]
    assert sorted((g.key, g.status, g.n) for g in same(direct, store, "grouped", "phase")) == [
        (1, "fixed", 1),
        (1, "wontfix", 1),
        (2, "open", 2),
    ]
    same(direct, store, "grouped", "review_id")
    oldest = same(direct, store, "oldest", priority="medium", statuses=["open", "in_progress"], limit=5)
    assert [o["title"] for o in oldest] == ["Missing timeout on HTTP calls"]
    assert same(direct, store, "oldest", priority="critical", statuses=["open"], limit=5) == []


def test_unknown_ids_and_sorts_fail_alike(both) -> None:
    direct, store, _ = both
    for reader in (direct, store):
        with pytest.raises(reads.NotFoundError, match="no finding 'RC-NOPE'"):
            reader.resolve_id("RC-NOPE")
        with pytest.raises(reads.NotFoundError, match="unknown sort 'size'"):
            reader.list_rows(reads.FindingFilter(sort="size"))


@pytest.mark.parametrize("args", [["status"], ["status", "--json"], ["list"], ["show", "{id}"], ["log"]])
def test_piped_reads_import_neither_sqlalchemy_nor_rich(cli: Cli, db_url: str, args: list[str]) -> None:
    cli("import", str(ASSETS / "small_review.md"))
    fid = cli.json("list")[0]["id"]
    code = (
        "import sys\nfrom reviewctl.cli import app\n"
        f"try:\n    app({[a.format(id=fid) for a in args]!r})\nexcept SystemExit as exc:\n    assert not exc.code\n"
        "print('LOADED=' + ','.join(m for m in ('sqlalchemy', 'rich') if m in sys.modules), file=sys.stderr)"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip()
    assert out.stderr.strip().endswith("LOADED=")


@pytest.mark.parametrize("args", [["status"], ["list"], ["import", str(ASSETS / "small_review.md")]])
def test_unreachable_postgres_is_one_line_and_exit_1(tmp_path: Path, args: list[str]) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:1/postgres"  # nothing listens on port 1
    env = dict(os.environ, REVIEWCTL_DB=url)
    out = subprocess.run(
        [sys.executable, "-m", "reviewctl", *args], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert out.returncode == 1
    assert out.stderr == (
        f'reviewctl: error: store {url}: connection failed: connection to server at "127.0.0.1", port 1 failed:'
        " Connection refused\n"
    )


def test_report_reads(both) -> None:
    direct, store, ids = both
    sql = ids["SQL built by string formatting"]
    plan = same(direct, store, "plan_rows")
    assert [(r["title"], r["location"]) for r in plan][:2] == [
        ("SQL built by string formatting", "app/db/queries.py:88"),
        ("Bare except in the retry loop", "app/worker.py:40"),
    ]
    history = same(direct, store, "events_between", AT - timedelta(days=3650), AT + timedelta(days=3650))
    assert [h["to_status"] for h in history if h["finding_id"] == sql and h["to_status"]] == ["open", "fixed"]
    first, after = history[0]["at"], history[-1]["at"] + timedelta(seconds=1)
    assert same(direct, store, "events_between", first - timedelta(seconds=1), first) == []
    between = same(direct, store, "events_between", first, after)
    assert [(e["to_status"], e["priority"]) for e in between][-2:] == [("fixed", "critical"), ("wontfix", "critical")]
    assert {k: (c.verdict, c.at) for k, c in same(direct, store, "latest_checks").items()} == {sql: ("rejected", AT)}
    assert same(direct, store, "claims_of", [sql]) == {}
    with store.transaction():
        claim = {"finding_id": sql, "sha": "b" * 40, "kind": "claim", "subject": "fix", "active": True}
        store.insert_rows("commitlink", [claim])
    assert [c.sha for c in same(direct, store, "claims_of", [sql])[sql]] == ["b" * 40]
    assert [r["path"] for r in same(direct, store, "review_rows")] == [str(ASSETS / "small_review.md")]
