"""Import throughput (MB/s of Markdown) against markdown-it-py's bare parse(), and re-import.

Generates a corpus of review documents in the shapes reviewctl reads (numbered findings with
labelled fields, priority sections, a roadmap, a fixes-applied list, a summary table), then in
the same run times: markdown-it parse() of every document; a first `import` of them all into a
fresh store (decode, extract, write); and a re-import of the unchanged documents (skipped by
content hash). Targets: import >= 60% of parse's rate; re-import >= 20x faster than the first.

    python benchmarks/bench_import.py [--docs 200] [--findings 60]
"""

import argparse
import random
import sys
import tempfile
from pathlib import Path

from timing import best  # benchmarks/timing.py

WORDS = [
    "cache",
    "redis",
    "session",
    "lock",
    "thread",
    "pool",
    "query",
    "index",
    "commit",
    "loop",
    "retry",
    "timeout",
    "handler",
    "worker",
    "queue",
    "token",
    "auth",
    "tenant",
    "metrics",
    "logger",
    "config",
    "parser",
    "export",
    "import",
    "schema",
    "migration",
    "client",
    "server",
]
PRIOS = ("Critical", "High", "Medium", "Low")


def _title(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(3, 6)))


def document(rng: random.Random, n: int) -> str:
    """One review: findings grouped by priority section, then a roadmap and a summary table."""
    out = [f"# Review {rng.randint(1, 10**6)}", "", "**Date**: 2026-03-02", ""]
    titles = []
    for number in range(1, n + 1):
        if (number - 1) % (n // 4 or 1) == 0:
            out += [f"## {PRIOS[min(3, (number - 1) // (n // 4 or 1))]} Priority Issues", ""]
        title = _title(rng)
        titles.append(title)
        path = f"src/{rng.choice(WORDS)}/{rng.choice(WORDS)}_{number}.py"
        out += [
            f"### {number}. {title}",
            f"**Issue**: {' '.join(rng.choices(WORDS, k=25))}.",
            "",
            f"**Location**: `{path}:{rng.randint(1, 900)}-{rng.randint(901, 1800)}`",
            "",
            f"**Impact**: {' '.join(rng.choices(WORDS, k=15))}.",
            "",
            "**Fix**:",
            "```python",
            *(f"    {rng.choice(WORDS)}_{i} = {rng.choice(WORDS)}()" for i in range(6)),
            "```",
            "",
            f"**Estimated Time**: {rng.choice([15, 30, 45])} minutes",
            "",
            "---",
            "",
        ]
    out += ["## Roadmap", ""]
    for week in range(1, 4):
        out += [f"### Week {week}: {_title(rng)}", ""]
        out += [f"{i}. **{t}** ({rng.randint(1, 4)} hours)" for i, t in enumerate(rng.sample(titles, 5), 1)] + [""]
    out += ["## Summary", "", "| Priority | Count |", "|---|---|", *(f"| {p} | {n // 4} |" for p in PRIOS), ""]
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--findings", type=int, default=60)
    ap.add_argument("--runs", type=int, default=3, help="best of this many runs for each measurement")
    args = ap.parse_args()
    from markdown_it import MarkdownIt

    from reviewctl.importer import import_paths
    from reviewctl.store import open_store

    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reviews"
        folder.mkdir()
        texts = [document(rng, args.findings) for _ in range(args.docs)]
        for i, text in enumerate(texts):
            (folder / f"review-{i:04d}.md").write_text(text, encoding="utf-8")
        mb = sum(len(t.encode()) for t in texts) / 2**20
        md = MarkdownIt("commonmark").enable("table")
        parse = best(lambda: [md.parse(text) for text in texts], args.runs)
        stores = iter(range(args.runs))

        def first_import() -> None:
            store = open_store(f"sqlite:///{tmp}/bench-{next(stores)}.db")
            assert not any(d.error for d in import_paths(store, paths=[str(folder)]).documents)

        first = best(first_import, args.runs)
        store = open_store(f"sqlite:///{tmp}/bench-0.db")
        found = store.count_findings
        again = best(lambda: import_paths(store, paths=[str(folder)]), args.runs)
        n = sum(found(f"review-{i:04d}") for i in range(args.docs))
    share = (mb / first) / (mb / parse)
    print(f"corpus: {args.docs} documents, {mb:.1f} MB, {n:,} findings imported; best of {args.runs} runs")
    print(f"markdown-it parse()   {parse:7.2f}s  {mb / parse:6.2f} MB/s")
    print(f"reviewctl import      {first:7.2f}s  {mb / first:6.2f} MB/s  = {share:.0%} of parse (target >= 60%)")
    print(f"re-import, unchanged  {again:7.2f}s  {first / again:6.1f}x faster than the first (target >= 20x)")
    return 0 if share >= 0.6 and first / again >= 20 else 1


if __name__ == "__main__":
    sys.exit(main())
