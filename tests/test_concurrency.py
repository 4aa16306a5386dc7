"""A team at once: parallel CLI processes importing the same documents, linking the same history
and changing the same statuses, on SQLite and on PostgreSQL. Afterwards every finding, link and
status transition is recorded once and each finding's history is an unbroken chain."""

import os
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections import Counter
from pathlib import Path

from sqlalchemy import event

from reviewctl.importer import import_paths
from reviewctl.store import FindingFilter, open_store
from reviewctl.transfer import export_data
from tests.conftest import ASSETS, commit, git_repo
from tests.test_postgres import pg_url  # noqa: F401  (the suite's throwaway PostgreSQL cluster)

OTHER = """# Worker review

### 1. Unbounded queue in the dispatcher (High)
**Location**: `app/dispatch.py:10`

### 2. Retry without back-off (Medium)
**Location**: `app/retry.py:22`

### 3. Secrets read from the environment at import (Low)
**Location**: `app/config.py:5`
"""


def _run_all(commands: list[list[str]], env: dict[str, str], cwd: Path) -> list[subprocess.CompletedProcess]:
    """Start every command at once and wait for all of them."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "reviewctl", *c], env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for c in commands
    ]
    return [subprocess.CompletedProcess(p.args, p.wait(timeout=120), *p.communicate()) for p in procs]


def _failures(done: list[subprocess.CompletedProcess]) -> list[str]:
    return [f"{p.args[3:]} → {p.returncode}: {p.stderr.decode()}" for p in done if p.returncode]


def _project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Two review documents and a repository whose commits claim (even) and mention (odd) their findings."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "payments.md").write_text((ASSETS / "small_review.md").read_text())
    (docs / "worker.md").write_text(OTHER)
    scratch = open_store(f"sqlite:///{tmp_path / 'scratch.db'}")
    import_paths(scratch, paths=[str(docs)])
    ids = sorted(r["id"] for r in scratch.list_rows(FindingFilter())[0])  # the same in every empty store
    repo = git_repo(tmp_path / "repo")
    for n, fid in enumerate(ids):
        commit(repo, f"change {n}\n\n{'Fixes' if n % 2 == 0 else 'Refs:'} {fid}", {f"f{n}.py": f"x = {n}\n"})
    return docs, ids


def _team(docs: Path, repo: Path, ids: list[str]) -> list[list[str]]:
    """A team's work at once: imports, link runs and status changes of the same findings."""
    return (
        [["import", str(docs)], ["link", "--repo", str(repo)], ["link", "--repo", str(repo)]]
        + [["fix", ids[1]]] * 2
        + [["start", ids[3], ids[5]], ["wontfix", ids[5]]]
    )


def _chain_breaks(export: dict) -> list[str]:
    """Events whose from-status is not the status the finding's previous event left it in."""
    status: dict[str, str | None] = {}
    breaks = []
    for e in export["events"]:
        if e["to_status"] is None:
            continue
        if e["from_status"] != status.get(e["finding_id"]):
            breaks.append(
                f"{e['finding_id']}: {e['from_status']} → {e['to_status']} after {status.get(e['finding_id'])}"
            )
        status[e["finding_id"]] = e["to_status"]
    breaks += [
        f"{f['id']} is {f['status']}, history says {status[f['id']]}"
        for f in export["findings"]
        if status[f["id"]] != f["status"]
    ]
    return breaks


def _run_team(url: str, tmp_path: Path) -> None:
    docs, ids = _project(tmp_path)
    env = dict(os.environ, REVIEWCTL_DB=url, REVIEWCTL_ACTOR="dev")
    assert _failures(_run_all([["import", str(docs)]] * 3, env, tmp_path)) == []
    assert _failures(_run_all(_team(docs, tmp_path / "repo", ids), env, tmp_path)) == []
    export = export_data(open_store(url))
    assert sorted(f["id"] for f in export["findings"]) == ids
    assert Counter(e["kind"] for e in export["events"])["imported"] == len(ids)
    links = Counter((x["finding_id"], x["sha"], x["kind"]) for x in export["commit_links"])
    assert len(links) == len(ids) and set(links.values()) == {1}
    assert sorted(f for f, _, kind in links if kind == "claim") == ids[::2]
    assert _chain_breaks(export) == []
    fixes = [e for e in export["events"] if e["finding_id"] == ids[1] and e["to_status"] == "fixed"]
    assert [(e["from_status"], e["kind"]) for e in fixes] == [("open", "status")]


def test_a_team_at_once_on_sqlite(tmp_path: Path) -> None:
    _run_team(f"sqlite:///{tmp_path / 'team.db'}", tmp_path)


def test_a_team_at_once_on_postgres(pg_url: str, tmp_path: Path) -> None:  # noqa: F811
    import psycopg

    name = f"team_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    _run_team(pg_url.rsplit("/", 1)[0] + f"/{name}", tmp_path)


def test_a_writer_waits_out_a_lock_longer_than_the_busy_timeout(tmp_path: Path) -> None:
    """SQLite gives up after its busy timeout; the store tries again with back-off inside its busy window."""
    db = tmp_path / "s.db"
    store = open_store(f"sqlite:///{db}")
    import_paths(store, paths=[str(ASSETS / "small_review.md")])
    fid = store.list_rows(FindingFilter())[0][0]["id"]
    event.listen(store.engine, "connect", lambda dbapi_conn, _: dbapi_conn.execute("PRAGMA busy_timeout = 50"))
    store.engine.dispose()
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(1.0, holder.execute, ["COMMIT"])
    release.start()
    with store.transaction():
        assert store.set_status(fid, "fixed", kind="status", actor="dev", note=None)
    release.join()
    holder.close()
    assert store.detail(fid).finding.status == "fixed"
