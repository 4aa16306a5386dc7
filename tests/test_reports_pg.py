"""The report reads (SQL aggregates, the burn-down's slots, the roadmap's totals) give the same reports on
PostgreSQL as on SQLite (skipped without a PostgreSQL server to start, as tests/test_postgres.py), and
through sqlite3 as through SQLAlchemy on one SQLite store."""

from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.history import History
from tests.test_postgres import pg_url  # noqa: F401  (the fixture: a PostgreSQL cluster for this module)


def _reports(cli: Cli, monkeypatch: pytest.MonkeyPatch, folder: Path) -> list[str]:
    History(cli, monkeypatch, folder)
    monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-22T18:00:00")
    weekly = cli("report", "weekly", "-f", "md", "--capacity", "3h", "-o", str(folder / "out")).stdout.strip()
    return [
        cli("burndown", "-f", "md", "--since", "2026-W45", "--target", "2026-11-29").stdout,
        cli("burndown", "-f", "json", "--by", "day", "--since", "2026-11-01").stdout,
        cli("roadmap", "-f", "md", "--capacity", "3h/week", "--deadline", "2026-12-01").stdout,
        cli("roadmap", "-f", "json").stdout,
        Path(weekly).read_text(),
    ]


def test_reports_are_the_same_on_postgresql_and_sqlite(
    pg_url: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lite = _reports(Cli(tmp_path / "lite" / "findings.db", monkeypatch), monkeypatch, tmp_path / "lite")
    pg = Cli(tmp_path / "pg" / "unused.db", monkeypatch)
    monkeypatch.setenv("REVIEWCTL_DB", pg_url)
    assert _reports(pg, monkeypatch, tmp_path / "pg") == lite
    assert "| 2026-W47 | 5 | 3 | 1 | 1 | 5h |" in lite[0]


def test_report_reads_are_the_same_through_sqlite3_and_sqlalchemy(history: History) -> None:
    """The reports built on the sqlite3 reads and on the SQLAlchemy Store of one SQLite store agree."""
    from datetime import date

    from reviewctl import reads
    from reviewctl.config import ProjectConfig
    from reviewctl.report.burndown import build_burndown
    from reviewctl.report.render import plain
    from reviewctl.report.roadmap import build_roadmap
    from reviewctl.report.weekly import build_weekly
    from reviewctl.store import open_store

    history.monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-22T18:00:00")
    url = f"sqlite:///{history.cli.db}"
    direct, store = reads.open_sqlite_reads(url), open_store(url, create=False)
    assert direct is not None
    config = ProjectConfig(capacity_minutes=120)

    def built(r: object) -> list:
        return [
            plain(build_burndown(r, config, by="day", since=date(2026, 11, 1), target=date(2026, 11, 29))),
            plain(build_roadmap(r, config, deadline=date(2026, 12, 1))),
            plain(build_weekly(r, config)),
        ]

    assert built(direct) == built(store)
    direct.conn.close()
    store.engine.dispose()
