"""Peak memory and time of importing one very large review (the hostile-input bound), real CLI.

Writes a document of N numbered finding headings (each with a location line and a sentence),
imports it with `reviewctl import` in a fresh process and reports wall time and the child's peak
RSS, beside a fresh `reviewctl --help` process as the baseline in the same run.
Target (issue "Hostile input"): 100,000 headings import with peak RSS <= 200 MB.

    python benchmarks/bench_memory.py [--headings 100000]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def document(n: int) -> str:
    parts = ["# Review of everything", "", "## High Priority Issues", ""]
    for i in range(1, n + 1):
        parts += [f"### {i}. Cache race in worker {i}", f"`src/w{i % 997}.py:{i % 5000 + 1}`", ""]
        parts += ["Reads the cache before the lock is taken.", ""]
    return "\n".join(parts) + "\n"


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one fresh process."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            sys.exit(f"{' '.join(args)} failed: {err.read().decode()[-500:]}")
    return wall, usage.ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--headings", type=int, default=100_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / "huge.md"
        doc.write_text(document(args.headings), encoding="utf-8")
        env = os.environ | {"REVIEWCTL_DB": f"sqlite:///{tmp}/store.db"}
        exe = [sys.executable, "-m", "reviewctl"]
        base_wall, base_rss = run([*exe, "--help"], env)
        wall, rss = run([*exe, "import", str(doc)], env)
        mb = doc.stat().st_size / 2**20
    print(f"document: {args.headings:,} headings, {mb:.1f} MB")
    print(f"reviewctl --help      {base_wall:6.2f}s  peak {base_rss:6.0f} MB  (baseline)")
    ok = rss <= 200 or args.headings != 100_000
    print(f"reviewctl import      {wall:6.2f}s  peak {rss:6.0f} MB  (target <= 200 MB at 100,000 headings)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
