"""`reviewctl detect --rule bare-except` over a large Python tree, against `ruff check --select E722`.

Both run as whole commands on the same tree in the same run (best of 3): files/s and the ratio.
The default tree is this Python's standard library (~2,000 files, some deliberately broken).
Target: detect within 3x of ruff's time. Also reports how many instances each found.

`--ts [TREE]` measures the ast-grep rules instead: every rule of the catalog over a JavaScript tree
copied with its .js files renamed .ts (default: the global npm package, `npm root -g`/npm), read
by the TypeScript grammar — files/s, MB/s and instances per rule. No other tool runs these rules,
so there is no ratio.

    python benchmarks/bench_detect.py [TREE]
    python benchmarks/bench_detect.py --ts [TREE]
"""

import json
import resource
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections import Counter
from pathlib import Path


def best(cmd: list[str], runs: int = 3) -> tuple[float, str, float]:
    """Best wall time, the output, and the CPU seconds (user + system, all processes) of that run:
    on a busy machine the CPU time is the steadier figure."""
    times, out = [], ""
    for _ in range(runs):
        cpu0, t0 = _cpu(), time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True).stdout
        times.append((time.perf_counter() - t0, _cpu() - cpu0))
    wall, cpu = min(times)
    return wall, out, cpu


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    if sys.argv[1:2] == ["--ts"]:
        return typescript(Path(sys.argv[2]) if len(sys.argv) > 2 else _npm())
    ruff = shutil.which("ruff")
    if not ruff:
        print("ruff is not installed (pip install ruff)")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        if len(sys.argv) > 1:
            tree = Path(sys.argv[1])
        else:  # the standard library without site-packages, so both tools see exactly the same files
            tree = Path(tmp) / "stdlib"
            shutil.copytree(sysconfig.get_paths()["stdlib"], tree, ignore=shutil.ignore_patterns("site-packages"))
        return compare(ruff, tree)


def compare(ruff: str, tree: Path) -> int:
    files = sum(1 for _ in tree.rglob("*.py"))
    ruff_cmd = [ruff, "check", "--select", "E722", "--no-cache", "--exit-zero", "--output-format", "json", str(tree)]
    ours_cmd = [sys.executable, "-m", "reviewctl", "detect", str(tree), "--rule", "bare-except", "--json"]
    ruff_time, ruff_out, ruff_cpu = best(ruff_cmd)
    ours_time, ours_out, ours_cpu = best(ours_cmd)
    ruff_hits = sum(1 for d in json.loads(ruff_out or "[]") if d.get("code") == "E722")
    ours_hits = len(json.loads(ours_out or "[]"))
    print(f"tree: {tree} ({files:,} Python files)")
    for name, wall, hits, cpu in (
        ("ruff --select E722", ruff_time, ruff_hits, ruff_cpu),
        ("reviewctl detect", ours_time, ours_hits, ours_cpu),
    ):
        print(f"{name:20} {wall:6.2f}s  {files / wall:8,.0f} files/s  {hits:,} instances  cpu {cpu:5.2f}s")
    ratio = ours_time / ruff_time
    print(f"ratio: {ratio:.2f}x ruff's time (target <= 3x); {ours_cpu / ruff_cpu:.2f}x its CPU time")
    return 0 if ratio <= 3 else 1


def _npm() -> Path | None:
    npm = shutil.which("npm")
    if not npm:
        return None
    root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True).stdout.strip()
    return Path(root) / "npm" if root else None


def typescript(source: Path | None) -> int:
    """Every rule over a large tree read as TypeScript."""
    if source is None or not source.is_dir():
        print("no JavaScript tree found (give one: --ts TREE)")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "ts"
        for f in source.rglob("*.js"):
            if f.is_file() and not f.is_symlink():
                rel = Path(*("deps" if p == "node_modules" else p for p in f.relative_to(source).parts))
                target = tree / rel.with_suffix(".ts")  # detect skips node_modules folders
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, target)
        files = list(tree.rglob("*.ts"))
        megabytes = sum(f.stat().st_size for f in files) / 1e6
        seconds, out, _cpu_seconds = best([sys.executable, "-m", "reviewctl", "detect", str(tree), "--json"])
    rows = json.loads(out or "[]")
    print(f"tree: {source} as TypeScript ({len(files):,} files, {megabytes:.1f} MB)")
    rate = f"{len(files) / seconds:8,.0f} files/s  {megabytes / seconds:5.1f} MB/s"
    print(f"reviewctl detect (all rules)  {seconds:6.2f}s  {rate}")
    for rule, n in sorted(Counter(r["rule"] for r in rows).items()):
        print(f"  {rule:24} {n:6,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
