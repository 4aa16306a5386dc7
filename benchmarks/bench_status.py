"""status, list and show at 100,000 and 1,000,000 findings, on SQLite and PostgreSQL, against a minimal typer app.

Each command runs as a fresh process (what a user waits for, output piped): the median of several
rounds in which every command and a typer app that prints one line run in turn, so the ratios hold
on a busy machine. Beside each target it prints the median time, the ratio, the peak memory (the
largest RSS of those runs) and the median CPU time. Targets: --help <= 0.6x and each data command
<= 1.5x that app on SQLite, <= 2x on PostgreSQL, at every size. Measure a regular `pip install .`:
an editable install adds its import hook to every start.

Stores are built once and cached: a SQLite file under $TMPDIR/reviewctl-bench keyed by the size,
the builder and the schema; on PostgreSQL a database `reviewctl_bench_N_BUILDER` on the server
`--pg` names (any database URL on it, e.g. one started with `initdb` + `pg_ctl`), filled once and
migrated to the current schema when reused.

    python benchmarks/bench_status.py [--findings 100000 1000000] [--runs 9] [--pg URL] [--no-sqlite]
"""

import argparse
import hashlib
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from timing import interleaved

CACHE = Path(tempfile.gettempdir()) / "reviewctl-bench"
MINIMAL_APP = """
import typer
app = typer.Typer()
@app.command()
def main() -> None:
    print("hello")
app()
"""


STATUSES = ["open"] * 6 + ["in_progress", "fixed", "verified", "wontfix", "dropped"]
PRIORITIES = ["critical", "high", "medium", "low", "unknown"]
START = datetime(2026, 1, 1, tzinfo=UTC)
BUILDER = "2"
"""Bump when build_store writes other data: cached stores are keyed by it."""


def _rows(n: int) -> Iterator[tuple[tuple, tuple, tuple]]:
    """(finding, location, event) rows of `n` findings, the same for every run (seeded)."""
    rng = random.Random(7)
    for i in range(n):
        at = START + timedelta(minutes=i)
        fid, status = f"RC-{i:06d}", rng.choice(STATUSES)
        prio, effort, phase = rng.choice(PRIORITIES), rng.choice([None, 30, 60, 120]), rng.choice([None, 1, 2, 3, 4])
        finding = (fid, f"review-{i % 50}", i, f"Finding {i}", "", "", prio, effort, phase, status, f"fp{i}", at, at)
        location = (fid, f"src/mod{i % 500}/file{i % 37}.py", i % 900 + 1, i % 900 + 3)
        yield finding, location, (fid, at, "imported", status, "import")


COLUMNS = {
    "review": "id, title, path, content_hash, imported_at, warnings",
    "finding": "id, review_id, ordinal, title, body, section, priority, effort_minutes, phase, status, fingerprint,"
    " created_at, updated_at",
    "location": "finding_id, path, line_start, line_end",
    "event": "finding_id, at, kind, to_status, actor",
}


def build_store(db: Path | str, n: int) -> str:
    """Fill a new store (a SQLite file, or an empty database at a URL) with `n` findings, one
    location and one event each: the schema from open_store, the rows through the driver in one
    transaction (COPY on PostgreSQL, executemany on SQLite)."""
    from reviewctl.reads import sqlite_params
    from reviewctl.store import open_store

    store = open_store(str(db) if "://" in str(db) else f"sqlite:///{db}")
    pg = store.engine.dialect.name == "postgresql"
    reviews = [(f"review-{r}", f"Review {r}", f"r{r}.md", str(r), START, "[]") for r in range(50)]
    per_table: dict[str, list[tuple]] = {"finding": [], "location": [], "event": []}
    conn = store.engine.raw_connection()
    try:
        cur = conn.cursor()
        if not pg:
            cur.execute("PRAGMA synchronous = OFF")
            cur.execute("BEGIN")

        def put(table: str, rows: list[tuple]) -> None:
            if pg:
                with cur.copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" * len(rows[0]))
                times = lambda row: [*sqlite_params(dict(enumerate(row))).values()]  # noqa: E731
                cur.executemany(f"INSERT INTO {table} ({COLUMNS[table]}) VALUES ({marks})", map(times, rows))

        put("review", reviews)
        for rows in _rows(n):
            for table, row in zip(per_table, rows, strict=True):
                per_table[table].append(row)
            if len(per_table["finding"]) == 100_000:
                for table, batch in per_table.items():
                    put(table, batch)
                    batch.clear()
        for table, batch in per_table.items():
            if batch:
                put(table, batch)
        cur.execute(f"INSERT INTO meta (key, value) VALUES ('bench', '{n}:{BUILDER}')")
        conn.commit()
    finally:
        conn.close()
        store.engine.dispose()
    if pg:  # one COPY leaves a row version per finding in the tallies, which imports of a usual size don't
        import psycopg

        with psycopg.connect(str(db).replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as vac:
            vac.execute("VACUUM (FULL, ANALYZE) finding_tally, location_path")
            vac.execute("VACUUM (ANALYZE)")  # the visibility map autovacuum keeps: index-only scans read no row
    return f"RC-{n // 2:06d}"


def cached_store(n: int, pg: str | None = None) -> tuple[str, str]:
    """(store, a finding ID in it) of `n` findings: a SQLite file cached under /tmp keyed by the size,
    the builder and the schema (models.py, tally.py, the schema version), built once; or the database at
    `pg`, filled when empty and reused when it already holds this benchmark's store of that size."""
    key = f"{n}:{BUILDER}"
    some_id = f"RC-{n // 2:06d}"
    if pg:
        held = _pg_marker(pg)
        if held == key:
            from reviewctl.store import open_store

            open_store(pg).engine.dispose()  # brought to the current schema before any command is timed
            return pg, some_id
        if held is not None:
            raise SystemExit(f"{pg} holds another store ({held!r}); give an empty database")
        return pg, build_apart(pg, n)
    import reviewctl.models
    import reviewctl.tally
    from reviewctl.reads import SCHEMA_VERSION

    sources = "".join(Path(m.__file__).read_text() for m in (reviewctl.models, reviewctl.tally))
    schema = hashlib.sha256(f"{SCHEMA_VERSION}{sources}".encode()).hexdigest()
    path = CACHE / f"status-{n}-{BUILDER}-{schema[:12]}.db"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        part = path.with_suffix(f".{os.getpid()}.part")
        build_apart(part, n)
        sqlite3.connect(part).execute("PRAGMA wal_checkpoint(TRUNCATE)").connection.close()
        part.rename(path)
    return str(path), some_id


def _pg_marker(url: str) -> str | None:
    """What benchmark store the database at `url` holds: its marker, '' for a store that is not
    one of ours, None when the database is empty."""
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        if conn.execute("SELECT to_regclass('meta')").fetchone()[0] is None:
            return None
        row = conn.execute("SELECT value FROM meta WHERE key = 'bench'").fetchone()
        return row[0] if row else ""


def apart(call: str) -> list[str]:
    """The lines a call of this module's functions prints, run in a child process so that this one
    never imports reviewctl, SQLAlchemy or psycopg: a child forked from a large parent would report
    the parent's memory as its own peak."""
    code = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import bench_status as b; print(*{call})"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1].split()


def build_apart(db: Path | str, n: int) -> str:
    """build_store in a child process (see apart); a finding ID in the new store."""
    return apart(f"[b.build_store({str(db)!r}, {n})]")[0]


def prepared(n: int, server: str | None) -> tuple[str, str]:
    """cached_store of `n` findings on SQLite, or on the PostgreSQL server at `server`."""
    return cached_store(n, pg_database(server, n) if server else None)


def report(name: str, seconds: float, peak: float, cpu: float, base: float, target: float) -> bool:
    """Print one command's line; True when it meets its target."""
    ratio = seconds / base
    verdict = "ok" if ratio <= target else "OVER"
    figures = f"{seconds * 1000:7.0f}ms {ratio:6.2f} {'<=' + str(target) + 'x':>7} {peak:6.0f}MB {cpu * 1000:6.0f}ms"
    print(f"{name:42} {figures} {verdict}")
    return ratio <= target


def cases(rc: list[str], some_id: str, target: float) -> dict[str, tuple[list[str], float]]:
    """Command name → (argv, target ratio to the minimal app)."""
    return {
        "--help": ([*rc, "--help"], 0.6),
        "status": ([*rc, "status"], target),
        "status --json": ([*rc, "status", "--json"], target),
        "list --status open --priority critical": ([*rc, "list", "-s", "open", "-p", "critical"], target),
        "list --path 'src/mod7/*' --sort effort": ([*rc, "list", "--path", "src/mod7/*", "--sort", "effort"], target),
        f"show {some_id}": ([*rc, "show", some_id], target),
    }


def measure(db: str, some_id: str, target: float, runs: int, minimal: Path) -> bool:
    """One table: every command and the minimal app in turn, round after round; True when all meet their targets."""
    env = dict(os.environ, REVIEWCTL_DB=db, NO_COLOR="1")
    todo = cases([sys.executable, "-m", "reviewctl"], some_id, target)
    print(f"{'command':42} {'median':>8} {'ratio':>6} {'target':>7} {'peak':>7} {'cpu':>7}")
    cmds = [[sys.executable, str(minimal)], *(cmd for cmd, _ in todo.values())]
    (base, base_peak, base_cpu), *figures_of = interleaved(cmds, env, runs)
    figures = f"{base * 1000:7.0f}ms {1:6.2f} {'':7} {base_peak:6.0f}MB {base_cpu * 1000:6.0f}ms"
    print(f"{'minimal typer app':42} {figures}")
    met = [report(name, *got, base, goal) for (name, (_, goal)), got in zip(todo.items(), figures_of, strict=True)]
    return all(met)


def pg_database(server: str, n: int) -> str:
    """URL of this benchmark's database of `n` findings on the PostgreSQL server at `server`
    (created when missing: `reviewctl_bench_N_BUILDER`)."""
    import psycopg

    base, name = server.rsplit("/", 1)[0], f"reviewctl_bench_{n}_{BUILDER}"
    with psycopg.connect(server.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--findings", type=int, nargs="+", default=[100_000], help="store sizes to measure (each cached)")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--pg", metavar="URL", help="a PostgreSQL server (any database URL on it) to measure too")
    ap.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    args = ap.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Path(tmp) / "minimal.py"
        minimal.write_text(MINIMAL_APP)
        for n in args.findings:
            backends = [] if args.no_sqlite else [("SQLite", None, 1.5)]
            backends += [("PostgreSQL", args.pg, 2.0)] if args.pg else []
            for where, server, target in backends:
                t0 = time.perf_counter()
                db, some_id = apart(f"b.prepared({n}, {server!r})")
                print(f"\n{where}, {n:,} findings (store ready in {time.perf_counter() - t0:.1f}s: {db})")
                ok &= measure(db, some_id, target, args.runs, minimal)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
