"""The same store code on PostgreSQL: a throwaway cluster on loopback, skipped where none can start.

Needs `initdb`/`pg_ctl` on PATH and psycopg; as root the cluster runs as the `postgres` user.
"""

import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import ASSETS, Cli


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def pg_url():
    pytest.importorskip("psycopg")
    if not (shutil.which("initdb") and shutil.which("pg_ctl")):
        pytest.skip("no PostgreSQL server binaries")
    run_as: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="reviewctl-pg-"))  # pytest's own tmp dirs are private to root
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and no postgres user")
        os.chown(root, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()
    subprocess.run(
        [*run_as, "initdb", "-D", str(data), "-A", "trust", "-U", "postgres"], check=True, capture_output=True
    )
    subprocess.run(
        [
            *run_as,
            "pg_ctl",
            "-D",
            str(data),
            "-w",
            "-l",
            str(root / "log"),
            "-o",
            f"-k {root} -h 127.0.0.1 -p {port}",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*run_as, "pg_ctl", "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def test_cli_and_round_trip_on_postgres(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pg = Cli(tmp_path / "unused.db", monkeypatch)
    monkeypatch.setenv("REVIEWCTL_DB", pg_url)
    pg("import", str(ASSETS / "small_review.md"))
    ids = {r["title"]: r["id"] for r in pg.json("list")}
    pg("fix", ids["SQL built by string formatting"], "--note", "done")
    board = pg.json("status")
    assert board["overall"] == {"label": "all", "total": 4, "done": 1, "effort": 420, "done_effort": 120}
    assert [r["title"] for r in pg.json("list", "--path", "*/http.py")] == ["Missing timeout on HTTP calls"]
    from_pg = pg.export()
    backup = tmp_path / "pg.json"
    backup.write_text(json.dumps(from_pg))
    sqlite = Cli(tmp_path / "moved.db", monkeypatch)
    sqlite("import", str(backup))
    assert sqlite.export() == from_pg
    assert "restore needs an empty store" in pg("import", str(backup), code=2).stderr


def test_team_work_items_on_postgres(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """assign, label, due and note, their filters, status by owner and the export round trip (own database)."""
    import psycopg

    with psycopg.connect(pg_url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS team")
        conn.execute("CREATE DATABASE team")
    pg = Cli(tmp_path / "unused.db", monkeypatch)
    monkeypatch.setenv("REVIEWCTL_DB", pg_url.rsplit("/", 1)[0] + "/team")
    pg("import", str(ASSETS / "small_review.md"))
    ids = {r["title"]: r["id"] for r in pg.json("list")}
    sql, bare = ids["SQL built by string formatting"], ids["Bare except in the retry loop"]
    assert pg("assign", sql, bare, "ann").stdout == f"{sql}: owner - → ann\n{bare}: owner - → ann\n"
    pg("label", sql, "+security", "+later")
    pg("label", sql, "-later")
    pg("due", bare, "2026-W51")
    pg("note", sql, "on postgres")
    pg("wontfix", bare)
    assert [r["id"] for r in pg.json("list", "--owner", "ann")] == [sql]
    assert [r["id"] for r in pg.json("list", "--owner", "ann", "--all")] == [sql, bare]
    assert [(r["labels"], r["due"]) for r in pg.json("list", "--label", "security")] == [(["security"], None)]
    assert len(pg.json("list", "--owner", "-")) == 2
    assert pg.json("status")["by_owner"] == [
        {"label": "ann", "total": 2, "done": 1, "effort": 150, "done_effort": 30},
        {"label": "unassigned", "total": 2, "done": 0, "effort": 270, "done_effort": 0},
    ]
    shown = pg.json("show", sql)
    assert (shown["owner"], shown["labels"], shown["due"]) == ("ann", ["security"], None)
    assert [(h["kind"], h["note"]) for h in shown["history"][1:]] == [
        ("assign", "owner: - → ann"),
        ("label", "labels: +security +later"),
        ("label", "labels: -later"),
        ("note", "on postgres"),
    ]
    from_pg = pg.export()
    backup = tmp_path / "team.json"
    backup.write_text(json.dumps(from_pg))
    sqlite = Cli(tmp_path / "moved.db", monkeypatch)
    sqlite("import", str(backup))
    assert sqlite.export() == from_pg
