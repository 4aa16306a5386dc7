"""Dashboard and query commands on a 100,000-finding store, against a minimal typer app.

Builds the store with bulk inserts (no ORM object per row), then times each command as a
fresh process (what a user waits for), median of several runs, in the same run as a typer
app that prints one line. Targets: --help <= 1.2x and each data command <= 2x that app.

    python benchmarks/bench_status.py [--findings 100000] [--runs 7]
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

MINIMAL_APP = """
import typer
app = typer.Typer()
@app.command()
def main() -> None:
    print("hello")
app()
"""


def build_store(db: Path, n: int) -> str:
    from reviewctl.store import open_store

    store = open_store(f"sqlite:///{db}")
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


def timed(cmd: list[str], env: dict[str, str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--findings", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "big.db"
        t0 = time.perf_counter()
        some_id = build_store(db, args.findings)
        print(
            f"built {args.findings:,} findings in {time.perf_counter() - t0:.1f}s ({db.stat().st_size / 2**20:.0f} MB)"
        )
        env = dict(os.environ, REVIEWCTL_DB=str(db), NO_COLOR="1")
        minimal = Path(tmp) / "minimal.py"
        minimal.write_text(MINIMAL_APP)
        rc = [sys.executable, "-m", "reviewctl"]
        base = timed([sys.executable, str(minimal)], env, args.runs)
        cases = {
            "--help": ([*rc, "--help"], 1.2),
            "status": ([*rc, "status"], 2.0),
            "list --status open --priority critical": (
                [*rc, "list", "--status", "open", "--priority", "critical"],
                2.0,
            ),
            f"show {some_id}": ([*rc, "show", some_id], 2.0),
            "status --json": ([*rc, "status", "--json"], 2.0),
        }
        print(f"{'command':42} {'median':>8} {'ratio':>6} {'target':>7}")
        print(f"{'minimal typer app':42} {base * 1000:7.0f}ms {1:6.2f}")
        worst = 0.0
        for name, (cmd, target) in cases.items():
            t = timed(cmd, env, args.runs)
            ratio = t / base
            worst = max(worst, ratio / target)
            verdict = "ok" if ratio <= target else "OVER"
            print(f"{name:42} {t * 1000:7.0f}ms {ratio:6.2f} {'<=' + str(target) + 'x':>7} {verdict}")
    return 0 if worst <= 1 else 1


if __name__ == "__main__":
    sys.exit(main())
