"""`reviewctl detect`: run the catalog over a working tree or a revision and list instances.

Files are read as text and parsed once for all rules that apply; a cheap substring test skips
files that cannot contain an instance; large trees are split across worker processes. Nothing
outside the tree it was pointed at is read (symlinks leading out are skipped).
"""

from __future__ import annotations

import os
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


@dataclass
class DetectResult:
    root: str
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
                "end_line": i.end_line,
                "symbol": i.symbol,
                "snippet": i.snippet,
            }
            for i in self.instances
        ]


def detect(
    *, path: str | Path = ".", rule: str | None = None, rev: str | None = None, workers: int | None = None
) -> DetectResult:
    """Instances of every rule (or one) under `path`, in the working tree or at revision `rev`."""
    root = Path(path).resolve()
    if not root.exists():
        raise InputError(f"{path}: no such file or directory")
    catalog = _catalog(root)
    rules = [catalog.get(rule)] if rule else list(catalog.rules.values())
    if rev:
        return _at_revision(root, rev, rules)
    walked = _walk(root)
    files = [f for f in walked if any(r.applies_to(_rel(f, root)) for r in rules)]
    deps = _dependencies(rules, [_rel(f, root) for f in walked], lambda name: _read(root / name))
    result = DetectResult(str(root), None, files=len(files))
    jobs = []
    for f in files:  # read and prefilter here: only files that may contain an instance are parsed
        rel = _rel(f, root)
        text = _read(f)
        wanted = [r.id for r in rules if r.applies_to(rel) and text is not None and worth_parsing(r, text)]
        if wanted:
            jobs.append((rel, text, wanted))
    for found, skipped in _map(_scan_jobs, jobs, catalog, deps, workers):
        _add(result, found, skipped)
    return result


def _read(f: Path) -> str | None:
    try:
        if f.stat().st_size > MAX_BYTES:
            return None
        data = f.read_bytes()
    except OSError:
        return None
    return None if b"\x00" in data[:8192] else data.decode("utf-8", errors="replace")


def _catalog(root: Path) -> Catalog:
    from reviewctl.location import project_root

    return load_catalog(project_root(root if root.is_dir() else root.parent))


def _rel(f: Path, root: Path) -> str:
    return f.name if f == root else f.relative_to(root).as_posix()


def _walk(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            f = Path(dirpath) / name
            if f.is_symlink() and not f.resolve().is_relative_to(root):
                continue
            out.append(f)
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


Deps = tuple[set[str] | None, set[str]]  # (declared dependencies or None when unknown, local modules)


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


def _scan_text(data: bytes, rel: str, rules: list[Rule], found: list, skipped: list, deps: Deps) -> None:
    if b"\x00" in data[:8192]:
        return
    found_here, skipped_here = _scan_jobs(
        [(rel, data.decode("utf-8", errors="replace"), [r.id for r in rules])], Catalog({r.id: r for r in rules}), deps
    )
    found += found_here
    skipped += skipped_here


def _add(result: DetectResult, found: list[Instance], skipped: list[str]) -> None:
    for i in found:
        (result.suppressed if i.suppressed else result.instances).append(i)
    result.skipped += skipped


def _at_revision(root: Path, rev: str, rules: list[Rule]) -> DetectResult:
    """The same scan over the files of a revision, read from git objects."""
    from reviewctl import gitlog

    repo = gitlog.open_repo(root)
    sha = gitlog.resolve(repo, rev)
    prefix = "" if root == repo.path else root.relative_to(repo.path).as_posix() + "/"
    everything = gitlog.files(repo, sha)
    names = [n for n in everything if n.startswith(prefix) and any(r.applies_to(n) for r in rules)]
    deps = _dependencies(rules, everything, lambda name: (gitlog.blob(repo, sha, name) or b"").decode(errors="replace"))
    result = DetectResult(str(root), sha, files=len(names))
    found: list[Instance] = []
    for name in names:
        data = gitlog.blob(repo, sha, name) or b""
        _scan_text(data, name, [r for r in rules if r.applies_to(name)], found, result.skipped, deps)
    _add(result, found, [])
    return result


def as_dicts(result: DetectResult) -> dict:
    return {
        "root": result.root,
        "revision": result.revision,
        "files": result.files,
        "instances": result.rows(),
        "suppressed": [asdict(i) for i in result.suppressed],
        "skipped": result.skipped,
    }


def import_instances(
    store, result: DetectResult, *, rule: str | None = None, catalog: Catalog | None = None
) -> dict[str, int]:
    """Add detected instances as findings of a 'detect' review, skipping any that a finding with the same
    rule and location already covers. Re-running it drops instances that are gone."""
    import hashlib
    import json

    from reviewctl.importer import apply_parsed
    from reviewctl.parse.model import ParsedFinding, ParsedLocation, ParsedReview

    catalog = catalog or _catalog(Path(result.root))
    key = f"detect-{rule}" if rule else "detect"  # a run for one rule must not drop the others' findings
    covered = store.rule_locations(exclude_review=key)
    findings = []
    for i in result.instances:
        path = _repo_path(Path(result.root), i.path)
        if _covered(covered.get((i.rule, path), []), i.line):
            continue
        where = f"{path} ({i.symbol})" if i.symbol else path
        findings.append(
            ParsedFinding(
                title=f"{catalog.get(i.rule).title} in {where}",
                rule=i.rule,
                body=f"`{path}:{i.line}`\n\n```\n{i.snippet}\n```",
                locations=[ParsedLocation(path, i.line, i.end_line, i.symbol)],
            )
        )
    parsed = ParsedReview(title="reviewctl detect", findings=findings)
    digest = hashlib.sha256(json.dumps(result.rows(), sort_keys=True).encode()).hexdigest()
    existing = store.get_review(key)
    skipped = len(result.instances) - len(findings)
    if existing is not None and existing.content_hash == digest:
        return {"new": 0, "dropped": 0, "covered": skipped}
    doc = apply_parsed(
        store,
        key=key,
        parsed=parsed,
        raw=result.root,
        path=result.root,
        digest=digest,
        revision=result.revision,
        existing=existing,
    )
    return {"new": doc.new, "dropped": doc.dropped, "covered": skipped}


NEAR = 3  # lines: a review's line numbers are often off by a line or two


def _covered(spans: list[tuple], line: int) -> bool:
    """A finding without lines covers its whole file; one with lines covers them, give or take NEAR."""
    return any(start is None or start - NEAR <= line <= end + NEAR for start, end in spans)


def _repo_path(root: Path, rel: str) -> str:
    """The instance's path relative to the repository root (detect may have been pointed at a subfolder)."""
    from reviewctl.location import project_root

    top = project_root(root if root.is_dir() else root.parent)
    full = (root / rel) if root.is_dir() else root
    try:
        return full.resolve().relative_to(top).as_posix()
    except ValueError:
        return rel
