"""Roadmap, burn-down and weekly report on a 100,000-finding store with 100,000 events.

Each command runs as a fresh process (what a user waits for); best of N runs. The store is the
one bench_status.py builds: imports spread over ten weeks, statuses of every kind.

    python benchmarks/bench_reports.py [--findings 100000] [--runs 3]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_status import build_store
from timing import best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--findings", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "big.db"
        t0 = time.perf_counter()
        build_store(db, args.findings)
        print(f"built {args.findings:,} findings and events in {time.perf_counter() - t0:.1f}s")
        env = dict(os.environ, REVIEWCTL_DB=str(db), NO_COLOR="1", REVIEWCTL_NOW="2026-03-15T12:00:00")
        rc = [sys.executable, "-m", "reviewctl"]
        out = Path(tmp) / "out"
        cases = {
            "roadmap --capacity 40h/week -f md": [*rc, "roadmap", "--capacity", "40h/week", "-o", str(out / "r.md")],
            "roadmap -f json": [*rc, "roadmap", "-o", str(out / "r.json")],
            "burndown --by week -f html": [*rc, "burndown", "--target", "2026-06-30", "-o", str(out / "b.html")],
            "burndown --by day": [*rc, "burndown", "--by", "day"],
            "report weekly -f html": [*rc, "report", "weekly", "-f", "html", "-o", str(out)],
        }
        print(f"{'command':40} {'best':>8}")
        for name, cmd in cases.items():
            seconds = best(lambda cmd=cmd: subprocess.run(cmd, env=env, check=True, capture_output=True), args.runs)
            print(f"{name:40} {seconds:7.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
