"""`reviewctl link` on a generated repository of 50,000 commits, against plain `git log`.

Builds the repository with `git fast-import` (one small change per commit; one commit in ten
claims or references a finding), a store with 1,000 findings, then in the same run times: plain
`git log` to /dev/null; a first `link` scan; an incremental re-scan with nothing new. Targets:
first scan >= 50% of git log's commits/s; a re-scan well under a second (best of 3 runs each).

    python benchmarks/bench_link.py [--commits 50000] [--repo PATH  (an existing repository instead)]
"""

import argparse
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from timing import best  # benchmarks/timing.py

FINDINGS = 1000


def make_repo(root: Path, n: int) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    rng = random.Random(3)
    lines = []
    for i in range(1, n + 1):
        fid = f"RC-{rng.randrange(FINDINGS):05d}"
        kind = rng.random()
        msg = f"change {i}" + (f"\n\nFixes: {fid}" if kind < 0.05 else f"\n\nRefs: {fid}" if kind < 0.1 else "")
        data = msg.encode()
        blob = f"line {i}\n".encode()
        lines += [
            b"commit refs/heads/main",
            f"mark :{i}".encode(),
            f"committer Dev <dev@example.com> {1_700_000_000 + i * 60} +0000".encode(),
            f"data {len(data)}".encode(),
            data,
        ]
        if i > 1:
            lines.append(f"from :{i - 1}".encode())
        lines += [f"M 100644 inline src/file{i % 200}.py".encode(), f"data {len(blob)}".encode(), blob, b""]
    subprocess.run(["git", "fast-import", "--quiet"], input=b"\n".join(lines) + b"\n", cwd=root, check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)


def make_store(url: str):
    from reviewctl.store import open_store

    store = open_store(url)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with store.transaction():
        store.insert_rows(
            "review",
            [{"id": "r", "title": "R", "path": "r.md", "content_hash": "x", "imported_at": now, "warnings": "[]"}],
        )
        store.insert_rows(
            "finding",
            [
                {
                    "id": f"RC-{i:05d}",
                    "review_id": "r",
                    "ordinal": i,
                    "title": f"F{i}",
                    "body": "",
                    "section": "",
                    "priority": "high",
                    "status": "open",
                    "fingerprint": f"fp{i}",
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(FINDINGS)
            ],
        )
    return store


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--commits", type=int, default=50_000)
    ap.add_argument("--repo", type=Path, help="measure an existing repository instead of a generated one")
    ap.add_argument("--runs", type=int, default=3, help="best of this many runs for each measurement")
    args = ap.parse_args()
    from reviewctl.linker import link

    with tempfile.TemporaryDirectory() as tmp:
        root = args.repo
        if root is None:
            root = Path(tmp) / "repo"
            t0 = time.perf_counter()
            make_repo(root, args.commits)
            print(f"generated {args.commits:,} commits in {time.perf_counter() - t0:.1f}s")
        n = int(
            subprocess.run(
                ["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True, check=True
            ).stdout
        )
        plain = best(lambda: subprocess.run(["git", "log"], cwd=root, stdout=subprocess.DEVNULL, check=True), args.runs)
        stores = iter(range(args.runs))
        results = []

        def first_scan() -> None:
            store = make_store(f"sqlite:///{tmp}/links-{next(stores)}.db")
            t0 = time.perf_counter()
            results.append((link(store, repo_path=root), store))
            return time.perf_counter() - t0

        scan = min(first_scan() for _ in range(args.runs))
        first, store = results[0]
        again_results = []
        rescan = best(lambda: again_results.append(link(store, repo_path=root)), args.runs)
        again = again_results[-1]
    share = scan and plain / scan
    print(
        f"repository: {n:,} commits; first scan found {len(first.claims):,} claims, "
        f"{len(first.references):,} references"
    )
    print(f"plain git log        {plain:6.2f}s  {n / plain:9,.0f} commits/s")
    print(f"link, first scan     {scan:6.2f}s  {n / scan:9,.0f} commits/s = {share:.0%} of git log (target >= 50%)")
    print(f"link, nothing new    {rescan:6.3f}s  ({again.scanned} commits scanned; target well under 1 s)")
    return 0 if share >= 0.5 and rescan < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
