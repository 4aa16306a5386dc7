"""Roadmap, burn-down and weekly report on a 100,000-finding store with 100,000 events.

Each command runs as a fresh process (what a user waits for); median of N runs, the largest peak
RSS among them, and the median CPU time (user + system, which a busy machine does not inflate).
The store is the one bench_status.py builds: imports spread over ten weeks, statuses of every
kind. Targets: <= 1.5 s each on 100,000 findings; <= 10 s and 500 MB on 1,000,000
(`--findings 1000000`). `--pg URL` fills and measures an empty PostgreSQL database.

    python benchmarks/bench_reports.py [--findings 100000] [--runs 3] [--pg URL]
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench_status import build_apart
from timing import measured


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--findings", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pg", metavar="URL", help="an empty PostgreSQL database to fill and measure instead of SQLite")
    args = ap.parse_args()
    seconds_target, memory_target = (1.5, None) if args.findings <= 100_000 else (10.0, 500)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.pg or Path(tmp) / "big.db"
        t0 = time.perf_counter()
        build_apart(db, args.findings)
        print(f"built {args.findings:,} findings and events in {time.perf_counter() - t0:.1f}s")
        env = dict(os.environ, REVIEWCTL_DB=str(db), NO_COLOR="1", REVIEWCTL_NOW="2026-03-15T12:00:00")
        rc = [sys.executable, "-m", "reviewctl"]
        out = Path(tmp) / "out"
        cases = {
            "roadmap --capacity 40h/week -f md": [*rc, "roadmap", "--capacity", "40h/week", "-o", str(out / "r.md")],
            "roadmap -f json": [*rc, "roadmap", "-o", str(out / "r.json")],
            "burndown --by week -f html": [*rc, "burndown", "--target", "2026-06-30", "-o", str(out / "b.html")],
            "burndown --by day": [*rc, "burndown", "--by", "day"],
            "report weekly -f md": [*rc, "report", "weekly", "-f", "md", "-o", str(out)],
            "report weekly -f html": [*rc, "report", "weekly", "-f", "html", "-o", str(out)],
        }
        memory = f"<= {memory_target} MB" if memory_target else ""
        print(f"{'command':40} {'median':>8} {'target':>8} {'peak':>8} {'cpu':>7} {memory}")
        ok = True
        for name, cmd in cases.items():
            seconds, peak, cpu = measured(cmd, env, args.runs)
            fits = seconds <= seconds_target and (memory_target is None or peak <= memory_target)
            ok &= fits
            verdict = "ok" if fits else "OVER"
            target = f"<={seconds_target}s"
            print(f"{name:40} {seconds:7.2f}s {target:>8} {peak:6.0f}MB {cpu:6.2f}s {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
