"""Import of a SARIF 2.1.0 log with 100,000 results into a fresh SQLite store, with the real CLI.

Generates one run of a scanner (a few dozen rules, results spread over a few hundred files, lines
and messages varied and seeded, so every result is its own finding) and times `reviewctl import`
of it as a fresh process: the median of N runs, each into a new store, the largest peak RSS among
them and the median CPU time (user + system). Target: <= 10 s. The log is written compactly so
that 100,000 results stay under the 20 MB a document may be (importer.MAX_BYTES).

    python benchmarks/bench_sarif.py [--results 100000] [--files 300] [--runs 3]
"""

import argparse
import json
import os
import random
import sys
import tempfile
from pathlib import Path
from statistics import median

from timing import run_once

TARGET_SECONDS = 10.0
RULES = [f"E{700 + i}" for i in range(20)] + [f"S{300 + i}" for i in range(20)] + ["B006", "B008", "F401", "F841"]
LEVELS = ["error", "warning", "note"]


def sarif_log(results: int, files: int) -> dict:
    """A SARIF 2.1.0 log of one run with `results` results over `files` files (seeded)."""
    rng = random.Random(15)
    paths = [f"src/pkg{i % 23}/module_{i}.py" for i in range(files)]
    out = []
    for i in range(results):
        rule, line = rng.choice(RULES), rng.randint(1, 2000)
        out.append(
            {
                "ruleId": rule,
                "level": rng.choice(LEVELS),
                "message": {"text": f"{rule} result {i}"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": rng.choice(paths)},
                            "region": {"startLine": line, "endLine": line + rng.randint(0, 3)},
                        }
                    }
                ],
            }
        )
    driver = {"name": "benchscan", "version": "1.0", "rules": [{"id": r} for r in RULES]}
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": out}],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--results", type=int, default=100_000)
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "scan.sarif"
        log.write_text(json.dumps(sarif_log(args.results, args.files), separators=(",", ":")))
        print(f"{args.results:,} results over {args.files} files: {log.stat().st_size / 1e6:.1f} MB of SARIF")
        samples = []
        for i in range(args.runs):
            env = dict(os.environ, REVIEWCTL_DB=str(Path(tmp) / f"store{i}.db"), NO_COLOR="1")
            samples.append(run_once([sys.executable, "-m", "reviewctl", "import", str(log)], env))
        seconds, peak, cpu = median(s[0] for s in samples), max(s[1] for s in samples), median(s[2] for s in samples)
        verdict = "ok" if seconds <= TARGET_SECONDS else "OVER"
        print(f"{'command':32} {'median':>8} {'target':>8} {'peak':>8} {'cpu':>7}")
        print(f"{'import scan.sarif':32} {seconds:7.2f}s {'<=10s':>8} {peak:6.0f}MB {cpu:6.2f}s {verdict}")
    return 0 if seconds <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
