"""Dashboard and query commands on a 100,000-finding store, against a minimal typer app.

Builds the store with bulk inserts (no ORM object per row), then times each command as a
fresh process (what a user waits for, output piped): the median of several rounds in which every
command and a typer app that prints one line run in turn. Peak memory is the largest RSS of
those runs, cpu the median user + system time. Targets: --help <= 0.6x and each data command
<= 1.5x that app on SQLite, <= 2x on PostgreSQL (`--pg URL` of an empty database). Measure a
regular `pip install .`: an editable install adds its import hook to every start.

    python benchmarks/bench_status.py [--findings 100000] [--runs 9] [--pg URL]
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from timing import interleaved

MINIMAL_APP = """
import typer
app = typer.Typer()
@app.command()
def main() -> None:
    print("hello")
app()
"""


def build_store(db: Path | str, n: int) -> str:
    """Fill a new store (a SQLite file, or an empty database at a URL) with `n` findings."""
    from reviewctl.store import open_store

    store = open_store(str(db) if "://" in str(db) else f"sqlite:///{db}")
    rng = random.Random(7)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    prios = ["critical", "high", "medium", "low", "unknown"]
    statuses = ["open"] * 6 + ["in_progress", "fixed", "verified", "wontfix", "dropped"]
    with store.transaction():
        store.insert_rows(
            "review",
            [
                {
                    "id": f"review-{r}",
                    "title": f"Review {r}",
                    "path": f"r{r}.md",
                    "content_hash": str(r),
                    "imported_at": start,
                    "warnings": "[]",
                }
                for r in range(50)
            ],
        )
        findings, locations, events = [], [], []
        for i in range(n):
            at = start + timedelta(minutes=i)
            fid = f"RC-{i:06d}"
            status = rng.choice(statuses)
            findings.append(
                {
                    "id": fid,
                    "review_id": f"review-{i % 50}",
                    "ordinal": i,
                    "title": f"Finding {i}",
                    "body": "",
                    "section": "",
                    "priority": rng.choice(prios),
                    "effort_minutes": rng.choice([None, 30, 60, 120]),
                    "phase": rng.choice([None, 1, 2, 3, 4]),
                    "status": status,
                    "fingerprint": f"fp{i}",
                    "created_at": at,
                    "updated_at": at,
                }
            )
            locations.append(
                {
                    "finding_id": fid,
                    "path": f"src/mod{i % 500}/file{i % 37}.py",
                    "line_start": i % 900 + 1,
                    "line_end": i % 900 + 3,
                }
            )
            events.append({"finding_id": fid, "at": at, "kind": "imported", "to_status": status, "actor": "import"})
        store.insert_rows("finding", findings)
        store.insert_rows("location", locations)
        store.insert_rows("event", events)
    store.engine.dispose()
    return f"RC-{n // 2:06d}"


def build_apart(db: Path | str, n: int) -> str:
    """build_store in a child process, so this one stays small: a child forked from a large
    parent would report the parent's memory as its own peak."""
    code = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); from bench_status import build_store; "
    code += f"print(build_store({str(db)!r}, {n}))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def report(name: str, seconds: float, peak: float, cpu: float, base: float, target: float) -> bool:
    """Print one command's line; True when it meets its target."""
    ratio = seconds / base
    verdict = "ok" if ratio <= target else "OVER"
    figures = f"{seconds * 1000:7.0f}ms {ratio:6.2f} {'<=' + str(target) + 'x':>7} {peak:6.0f}MB {cpu * 1000:6.0f}ms"
    print(f"{name:42} {figures} {verdict}")
    return ratio <= target


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--findings", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--pg", metavar="URL", help="an empty PostgreSQL database to fill and measure instead of SQLite")
    args = ap.parse_args()
    target = 2.0 if args.pg else 1.5
    with tempfile.TemporaryDirectory() as tmp:
        db = args.pg or Path(tmp) / "big.db"
        t0 = time.perf_counter()
        some_id = build_apart(db, args.findings)
        where = "PostgreSQL" if args.pg else "SQLite"
        print(f"built {args.findings:,} findings in {time.perf_counter() - t0:.1f}s ({where})")
        env = dict(os.environ, REVIEWCTL_DB=str(db), NO_COLOR="1")
        minimal = Path(tmp) / "minimal.py"
        minimal.write_text(MINIMAL_APP)
        rc = [sys.executable, "-m", "reviewctl"]
        cases = {
            "--help": ([*rc, "--help"], 0.6),
            "status": ([*rc, "status"], target),
            "status --json": ([*rc, "status", "--json"], target),
            "list --status open --priority critical": ([*rc, "list", "-s", "open", "-p", "critical"], target),
            "list --path 'src/mod7/*' --sort effort": (
                [*rc, "list", "--path", "src/mod7/*", "--sort", "effort"],
                target,
            ),
            f"show {some_id}": ([*rc, "show", some_id], target),
        }
        print(f"{'command':42} {'median':>8} {'ratio':>6} {'target':>7} {'peak':>7} {'cpu':>7}")
        cmds = [[sys.executable, str(minimal)], *(cmd for cmd, _ in cases.values())]
        (base, base_peak, base_cpu), *figures_of = interleaved(cmds, env, args.runs)
        figures = f"{base * 1000:7.0f}ms {1:6.2f} {'':7} {base_peak:6.0f}MB {base_cpu * 1000:6.0f}ms"
        print(f"{'minimal typer app':42} {figures}")
        results = [
            report(name, *got, base, goal) for (name, (_, goal)), got in zip(cases.items(), figures_of, strict=True)
        ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
