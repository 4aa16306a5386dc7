"""`reviewctl verify` of 200 findings on a generated 5,100-file repository.

Builds the repository with `git fast-import` (5,000 Python files, every 50th with a bare except,
and 100 Go files), imports a review naming 100 of the Python files (with lines; judged by the
bare-except rule at the baseline and at the claim) and 100 Go files (quoting their code; no rule),
claims half of each fixed in a commit that really changes them, then times `verify` (best of 3;
each run re-checks all 200 findings). Target: a few seconds.

    python benchmarks/bench_verify.py
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

FILES, FINDINGS = 5000, 100
BAD = "def handler(job):\n    try:\n        job()\n    except:\n        return None\n"
GOOD = BAD.replace("except:", "except ValueError:")
GO = 'package svc\n\nimport "os"\n\nfunc Port() string {\n\tport := os.Getenv("PORT")\n\treturn port\n}\n'
GO_FIXED = GO.replace('os.Getenv("PORT")', 'os.Getenv("APP_PORT")')


def fast_import(root: Path, commits: list[tuple[str, dict[str, str]]], *, on_main: bool = False) -> None:
    out = []
    for n, (message, files) in enumerate(commits, 1):
        out += [
            b"commit refs/heads/main",
            f"committer Dev <dev@example.com> {1_700_000_000 + n} +0000".encode(),
            f"data {len(message.encode())}".encode(),
            message.encode(),
        ]
        if n > 1 or on_main:
            out.append(b"from refs/heads/main^0")
        for path, text in files.items():
            out += [f"M 100644 inline {path}".encode(), f"data {len(text.encode())}".encode(), text.encode()]
        out.append(b"")
    subprocess.run(["git", "fast-import", "--quiet"], input=b"\n".join(out) + b"\n", cwd=root, check=True)


def main() -> int:
    from reviewctl.importer import import_paths
    from reviewctl.linker import link
    from reviewctl.store import open_store
    from reviewctl.verifier import verify

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
        tree = {f"pkg{i // 100}/mod{i}.py": BAD if i % 50 == 0 else f"VALUE = {i}\n" for i in range(FILES)}
        tree |= {f"svc/s{i}/port.go": GO for i in range(FINDINGS)}
        fast_import(root, [("initial", tree)])
        subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)
        bad = sorted(p for p, text in tree.items() if text == BAD)[:FINDINGS]
        go = [f"svc/s{i}/port.go" for i in range(FINDINGS)]
        review = "# Review\n\n" + "".join(
            f"### {n}. Bare except in {p} (High)\n- **Location**: `{p}:4`\n\n" for n, p in enumerate(bad, 1)
        )
        review += "".join(
            f"### {n}. Port read from the wrong variable in {p} (Low)\n- **Location**: `{p}:6`\n\n"
            '```go\nport := os.Getenv("PORT")\n```\n\n'
            for n, p in enumerate(go, len(bad) + 1)
        )
        doc = Path(tmp) / "review.md"
        doc.write_text(review)
        store = open_store(f"sqlite:///{tmp}/v.db")
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()
        import_paths(store, paths=[str(doc)], revision=head)
        ids = [f.id for f in store.review_findings("review")]
        fixed = bad[: len(bad) // 2]
        changes = dict.fromkeys(fixed, GOOD) | dict.fromkeys(go[: len(go) // 2], GO_FIXED)
        claimed = ids[: len(fixed)] + ids[len(bad) : len(bad) + len(go)]  # every Go claim; half really changed
        fast_import(root, [("fix " + " ".join(claimed), changes)], on_main=True)
        subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)
        link(store, repo_path=root)
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            result = verify(store, repo_path=root, refs=tuple(ids))
            times.append(time.perf_counter() - t0)
    verdicts = ("verified", "changed", "rejected", "regressed", "still_open", "unverifiable")
    counts = {k: result.count(k) for k in verdicts}
    print(f"repository: {FILES + FINDINGS:,} files; {len(ids)} findings verified")
    print(f"verify: {min(times):.2f}s (best of 3)  verdicts of the last run: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
