"""`reviewctl verify`: re-run a finding's detector on its code at a revision and record the verdict.

Files are read from git objects at the revision (never the working tree, so bare repositories
work) and only the files the findings name are read. Where the review gave lines, the check is
scoped to the function or class that enclosed them at the review's baseline, found again by name.
Verdicts: verified (claimed, gone), rejected (claimed, still there → open), regressed (was
verified, back → open), still_open (not claimed, still there), not_seen (not claimed, gone), and
unverifiable (no rule, no location, file gone, binary, unparsable), each stored as a Check.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewctl import clock, gitlog, scope
from reviewctl.detectors import Context, Instance, ParseFailure, run
from reviewctl.detectors.registry import norm_dependency
from reviewctl.rules import Catalog, Rule, load_catalog
from reviewctl.store import Store
from reviewctl.vocab import Status

CHECKED = (Status.open.value, Status.in_progress.value, Status.fixed.value, Status.verified.value)


@dataclass
class Verdict:
    finding: str
    title: str
    rule: str | None
    revision: str | None
    verdict: str
    reason: str
    status_before: str
    status_after: str
    evidence: list[dict] = field(default_factory=list)  # {path, line, snippet}


@dataclass
class VerifyResult:
    repo: str
    verdicts: list[Verdict]

    def count(self, verdict: str) -> int:
        return sum(1 for v in self.verdicts if v.verdict == verdict)


def verify(store: Store, *, repo_path: str | Path, rev: str | None = None, refs: tuple[str, ...] = ()) -> VerifyResult:
    """Verify the named findings (default: every finding with a rule that is not closed) in one transaction."""
    repo = gitlog.open_repo(repo_path)
    catalog = load_catalog(repo.path)
    targets = _targets(store, refs)
    fixed_rev = gitlog.resolve(repo, rev) if rev else None
    head = gitlog.head(repo)
    reader = _Reader(repo)
    verdicts = [_verify_one(store, catalog, reader, f, fixed_rev or _claim_rev(store, f) or head) for f in targets]
    with store.transaction():
        for v in verdicts:
            _record(store, v)
    return VerifyResult(str(repo.path), verdicts)


def _targets(store: Store, refs: tuple[str, ...]) -> list[Any]:
    if refs:
        return [store.detail(store.resolve_id(r)).finding for r in refs]
    return store.findings_to_verify(CHECKED)


def _claim_rev(store: Store, finding: Any) -> str | None:
    """The latest active claiming commit of a claimed finding."""
    if finding.status != Status.fixed.value:
        return None
    claims = [x for x in store.links(finding_id=finding.id) if x.kind == "claim" and x.active]
    return claims[-1].sha if claims else None


class _Reader:
    """Reads files at revisions through git, once each."""

    def __init__(self, repo: gitlog.Repo) -> None:
        self.repo = repo
        self._files: dict[str, list[str]] = {}
        self._blobs: dict[tuple[str, str], bytes | None] = {}

    def names(self, rev: str) -> list[str]:
        if rev not in self._files:
            self._files[rev] = gitlog.files(self.repo, rev)
        return self._files[rev]

    def resolve(self, rev: str, path: str) -> str | None:
        """The repository path a review's path names at `rev`: exact, else the one file ending with it."""
        names = self.names(rev)
        if path in names:
            return path
        tail = [n for n in names if n.endswith("/" + path)]
        return tail[0] if len(tail) == 1 else None

    def text(self, rev: str, path: str) -> str | None:
        key = (rev, path)
        if key not in self._blobs:
            self._blobs[key] = gitlog.blob(self.repo, rev, path)
        data = self._blobs[key]
        if data is None or b"\x00" in data[:8192]:
            return None
        return data.decode("utf-8", errors="replace")


def _verify_one(store: Store, catalog: Catalog, reader: _Reader, f: Any, rev: str) -> Verdict:
    v = Verdict(f.id, f.title, f.rule, rev, "unverifiable", "", f.status, f.status)
    if not f.rule or f.rule not in catalog.rules:
        v.reason = (
            "no rule mapped to this finding (reviewctl set-rule ID RULE)" if not f.rule else f"unknown rule {f.rule!r}"
        )
        return v
    rule = catalog.rules[f.rule]
    locations = store.locations_of([f.id])[f.id]
    if not locations:
        v.reason = "the finding names no file"
        return v
    baseline = store.get_review(f.review_id).revision
    checked, problems = 0, []
    for loc in locations:
        found, problem = _check_location(reader, rule, loc, rev, baseline)
        if problem:
            problems.append(problem)
            continue
        checked += 1
        v.evidence += [{"path": i.path, "line": i.line, "snippet": i.snippet} for i in found]
    if not checked:
        v.reason = "; ".join(dict.fromkeys(problems))
        return v
    _decide(v, problems)
    return v


def _check_location(
    reader: _Reader, rule: Rule, loc: Any, rev: str, baseline: str | None
) -> tuple[list[Instance], str | None]:
    path = loc.path
    if path.startswith("/") or posixpath.normpath(path).startswith(".."):
        return [], f"{path}: outside the repository; refused"
    real = reader.resolve(rev, path)
    if real is None:
        return [], f"{path}: not in the repository at {rev[:10]} (deleted or renamed?)"
    if not rule.applies_to(real):
        return [], f"{real}: rule {rule.id} does not apply to this file type"
    source = reader.text(rev, real)
    if source is None:
        return [], f"{real}: binary file"
    ctx = _context(reader, rule, real, rev)
    try:
        found = [i for i in run(rule, source, ctx) if not i.suppressed]
    except ParseFailure as exc:
        return [], str(exc)
    window = _window(reader, loc, real, source, baseline)
    return [i for i in found if window is None or window[0] <= i.line <= window[1]], None


def _window(reader: _Reader, loc: Any, path: str, source: str, baseline: str | None) -> tuple[int, int] | None:
    """The lines of the function/class that enclosed the finding at the baseline, where it is now."""
    if loc.line_start is None or not path.endswith(".py"):
        return None
    before = reader.text(baseline, path) if baseline else None
    name = loc.symbol or (scope.enclosing(before, loc.line_start) if before else None)
    return scope.span(source, name) if name else None


def _context(reader: _Reader, rule: Rule, path: str, rev: str) -> Context:
    ctx = Context(path=path)
    if rule.detector == "missing_requirement":
        ctx.declared, ctx.local = _declared(reader, rev)
    return ctx


def _declared(reader: _Reader, rev: str) -> tuple[set[str] | None, set[str]]:
    """Dependencies named in requirements*.txt and pyproject.toml at `rev`, and the repo's own modules."""
    import tomllib

    names = reader.names(rev)
    declared: set[str] = set()
    found = False
    for path in names:
        base = path.rsplit("/", 1)[-1]
        if base.startswith("requirements") and base.endswith(".txt"):
            found = True
            declared |= {d for line in (reader.text(rev, path) or "").splitlines() if (d := norm_dependency(line))}
        elif base == "pyproject.toml":
            try:
                project = tomllib.loads(reader.text(rev, path) or "").get("project", {})
            except tomllib.TOMLDecodeError:
                continue
            found = True
            specs = list(project.get("dependencies", []))
            specs += [s for group in project.get("optional-dependencies", {}).values() for s in group]
            declared |= {d for s in specs if (d := norm_dependency(s))}
    local = {p.split("/")[0].removesuffix(".py") for p in names}
    local |= {p.split("/")[1].removesuffix(".py") for p in names if p.startswith("src/") and p.count("/") >= 1}
    return (declared if found else None), local


def _decide(v: Verdict, problems: list[str]) -> None:
    seen = bool(v.evidence)
    where = f"{v.evidence[0]['path']}:{v.evidence[0]['line']}" if seen else ""
    more = f" and {len(v.evidence) - 1} more" if len(v.evidence) > 1 else ""
    if v.status_before == Status.fixed.value:
        v.verdict = "rejected" if seen else "verified"
        v.status_after = Status.open.value if seen else Status.verified.value
        v.reason = (
            f"claimed fixed, but still at {where}{more}"
            if seen
            else "claimed fixed, and the detector no longer sees it"
        )
    elif v.status_before == Status.verified.value:
        v.verdict = "regressed" if seen else "verified"
        v.status_after = Status.open.value if seen else v.status_before
        v.reason = f"was verified, back at {where}{more}" if seen else "still fixed"
    else:
        v.verdict = "still_open" if seen else "not_seen"
        v.reason = f"still at {where}{more}" if seen else "the detector no longer sees it; claim the fix with a commit"
    if problems:
        v.reason += " (not checked: " + "; ".join(dict.fromkeys(problems)) + ")"


def _record(store: Store, v: Verdict) -> None:
    first = v.evidence[0] if v.evidence else {}
    store.insert_rows(
        "check",
        [
            {
                "finding_id": v.finding,
                "rule": v.rule,
                "revision": v.revision,
                "verdict": v.verdict,
                "reason": v.reason,
                "path": first.get("path"),
                "line": first.get("line"),
                "snippet": first.get("snippet"),
                "at": clock.now(),
            }
        ],
    )
    if v.status_after != v.status_before:
        store.set_status(
            v.finding,
            v.status_after,
            kind=v.verdict,
            actor="verify",
            note=f"{v.reason} ({v.rule} at {(v.revision or '')[:10]})",
        )
