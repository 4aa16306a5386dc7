"""`reviewctl detect`: run the catalog over a working tree or a revision and list instances.

Paths are repository-relative, whatever folder detect was pointed at, and instances come sorted by
path, line and column. In a git work tree the files are those git lists (tracked, plus untracked
ones .gitignore does not ignore) — unless detect was pointed at an ignored folder; elsewhere the
folder is walked. Files are read as text and parsed
once for all rules that apply; a cheap needle test skips files that cannot contain an instance;
large trees are split across worker processes. Nothing outside the tree is read (symlinks leading
out are skipped).
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reviewctl.detectors import Context, Instance, ParseFailure, run_many, worth_parsing
from reviewctl.detectors.registry import declared_dependencies
from reviewctl.errors import InputError
from reviewctl.rules import Catalog, Rule, load_catalog

SKIP_DIRS = {
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "__pycache__",
    ".venv",
    "venv",
    ".tox",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    "build",
    "dist",
    ".reviewctl",
}
PARALLEL_FROM_BYTES = 2_000_000  # below this much text to parse, one process beats starting workers
MAX_BYTES = 2 * 1024 * 1024
Deps = tuple[set[str] | None, set[str]]  # (declared dependencies or None when unknown, local modules)


@dataclass
class DetectResult:
    root: str  # the repository (or folder) the paths are relative to
    revision: str | None
    files: int = 0
    instances: list[Instance] = field(default_factory=list)
    suppressed: list[Instance] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files that could not be parsed

    def rows(self) -> list[dict]:
        return [
            {
                "rule": i.rule,
                "path": i.path,
                "line": i.line,
                "col": i.col,
                "end_line": i.end_line,
                "symbol": i.symbol,
                "snippet": i.snippet,
            }
            for i in self.instances
        ]


def detect(
    *,
    path: str | Path = ".",
    rule: str | None = None,
    rev: str | None = None,
    workers: int | None = None,
    exclude: tuple[str, ...] = (),
) -> DetectResult:
    """Instances of every rule (or one) under `path`, in the working tree or at revision `rev`,
    leaving out paths that match an `exclude` glob."""
    root = Path(path).resolve()
    if not root.exists():
        raise InputError(f"{path}: no such file or directory")
    top = _top(root)
    catalog = load_catalog(top)
    rules = [catalog.get(rule)] if rule else list(catalog.rules.values())
    if rev:
        return _at_revision(root, rev, rules, exclude)
    names = [n for n in _listed(root, top) if not excluded(n, exclude)]
    result = DetectResult(str(top), None)
    deps = _dependencies(rules, names, lambda name: _read(top / name))
    jobs = []
    for name in names:  # read and prefilter here: only files that may contain an instance are parsed
        wanted = [r for r in rules if r.applies_to(name)]
        text = _read(top / name) if wanted else None
        result.files += bool(wanted)
        if text is not None and (ids := [r.id for r in wanted if worth_parsing(r, text)]):
            jobs.append((name, text, ids))
    for found, skipped in _map(_scan_jobs, jobs, catalog, deps, workers):
        _add(result, found, skipped)
    return _sorted(result)


def excluded(path: str, globs: tuple[str, ...]) -> bool:
    """`path` (repository-relative) matches a glob, by whole path, by name, or as a folder it lies in."""
    parts = path.split("/")
    return any(
        fnmatch.fnmatch(path, g) or any(fnmatch.fnmatch(p, g.rstrip("/")) for p in parts) or path.startswith(g)
        for g in globs
    )


def _top(root: Path) -> Path:
    from reviewctl.location import project_root

    return project_root(root if root.is_dir() else root.parent)


def _listed(root: Path, top: Path) -> list[str]:
    """Repository-relative paths of the files under `root`: what git lists, else a walk."""
    where = root.relative_to(top).as_posix() if root != top else "."
    if (top / ".git").exists() and not _ignored(top, where):
        cmd = ["git", "-C", str(top), "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", where]
        done = subprocess.run(cmd, capture_output=True, check=False)
        if done.returncode == 0:
            names = sorted(set(done.stdout.decode("utf-8", errors="replace").split("\0")) - {""})
            return [n for n in names if not SKIP_DIRS & set(n.split("/")[:-1]) and _inside(top / n, top)]
    return [f.relative_to(top).as_posix() for f in _walk(root, top)]


def _ignored(top: Path, where: str) -> bool:
    """The folder asked for is one git ignores (a virtualenv, a build): it is read as asked, walked."""
    cmd = ["git", "-C", str(top), "check-ignore", "-q", "--", where]
    return where != "." and subprocess.run(cmd, capture_output=True, check=False).returncode == 0


def _inside(f: Path, top: Path) -> bool:
    return not f.is_symlink() or f.resolve().is_relative_to(top)


def _read(f: Path) -> str | None:
    try:
        if f.stat().st_size > MAX_BYTES:
            return None
        data = f.read_bytes()
    except OSError:
        return None
    return None if b"\x00" in data[:8192] else data.decode("utf-8", errors="replace")


def _walk(root: Path, top: Path) -> list[Path]:
    if root.is_file():
        return [root]
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        out += [f for name in sorted(filenames) if _inside(f := Path(dirpath) / name, top)]
    return out


def _map(fn, jobs: list, catalog: Catalog, deps: Deps, workers: int | None):
    """Run `fn` over the jobs, spread by size across worker processes when there is enough work."""
    total = sum(len(text) for _, text, _ in jobs)
    if total < PARALLEL_FROM_BYTES or workers == 1:
        yield fn(jobs, catalog, deps)
        return
    n = workers or os.cpu_count() or 2
    chunks: list[list] = [[] for _ in range(n * 2)]
    for i, job in enumerate(sorted(jobs, key=lambda j: -len(j[1]))):  # largest first, dealt round-robin
        chunks[i % len(chunks)].append(job)
    with ProcessPoolExecutor(max_workers=n) as pool:
        yield from pool.map(fn, chunks, [catalog] * len(chunks), [deps] * len(chunks))


def _dependencies(rules: list[Rule], names: list[str], read) -> Deps:
    """What the tree declares, read only when missing-requirement is among the rules."""
    if not any(r.detector == "missing_requirement" for r in rules):
        return None, set()
    return declared_dependencies(names, read)


def _scan_jobs(jobs: list, catalog: Catalog, deps: Deps = (None, set())) -> tuple[list[Instance], list[str]]:
    found: list[Instance] = []
    skipped: list[str] = []
    for rel, text, rule_ids in jobs:
        ctx = Context(path=rel, declared=deps[0], local=deps[1])
        try:
            found += run_many([catalog.rules[r] for r in rule_ids], text, ctx, symbols=True)
        except ParseFailure as exc:
            skipped.append(str(exc))
    return found, skipped


def _add(result: DetectResult, found: list[Instance], skipped: list[str]) -> None:
    for i in found:
        (result.suppressed if i.suppressed else result.instances).append(i)
    result.skipped += skipped


def _sorted(result: DetectResult) -> DetectResult:
    def key(i: Instance) -> tuple:
        return (i.path, i.line, i.col, i.rule)

    result.instances.sort(key=key)
    result.suppressed.sort(key=key)
    result.skipped.sort()
    return result


def _at_revision(root: Path, rev: str, rules: list[Rule], exclude: tuple[str, ...]) -> DetectResult:
    """The same scan over the files of a revision, read from git objects."""
    from reviewctl import gitlog

    repo = gitlog.open_repo(root)
    sha = gitlog.resolve(repo, rev)
    prefix = "" if root == repo.path else root.relative_to(repo.path).as_posix() + "/"
    everything = gitlog.files(repo, sha)
    names = [n for n in everything if n.startswith(prefix) and not excluded(n, exclude)]
    result = DetectResult(str(repo.path), sha)
    deps = _dependencies(rules, everything, lambda name: (gitlog.blob(repo, sha, name) or b"").decode(errors="replace"))
    jobs = []
    for name in names:
        wanted = [r for r in rules if r.applies_to(name)]
        data = (gitlog.blob(repo, sha, name) or b"") if wanted else b""
        result.files += bool(wanted)
        if wanted and b"\x00" not in data[:8192]:
            jobs.append((name, data.decode("utf-8", errors="replace"), [r.id for r in wanted]))
    _add(result, *_scan_jobs(jobs, Catalog({r.id: r for r in rules}), deps))
    return _sorted(result)


def as_dicts(result: DetectResult) -> dict:
    return {
        "root": result.root,
        "revision": result.revision,
        "files": result.files,
        "instances": result.rows(),
        "suppressed": [asdict(i) for i in result.suppressed],
        "skipped": result.skipped,
    }
