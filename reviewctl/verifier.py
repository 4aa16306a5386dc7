"""`reviewctl verify`: judge a finding's claim by what can be observed in its code, and record the verdict.

Files are read from git objects (never the working tree, so bare repositories work), only the
files the findings name. Two kinds of evidence, strongest first:

- the finding's **rule**, run in the finding's scope (the function or class that enclosed its
  lines at the review's baseline, found again by name) at the baseline and at the revision
  checked. A rule may only judge a finding it sees at the baseline: a rule that never saw the
  problem cannot tell that it is gone. Suppressions (`# noqa`) do not hide an instance here: a
  suppression silences a linter, it does not fix the code.
- the **code the review quoted** (see quotes.py), counted in the same scope at both revisions:
  still there in an unchanged scope → the problem is there; fewer occurrences, or the scope
  reworked around it beyond comments and whitespace → `changed`, which a person confirms.
  Only a rule may say `verified`.

Verdicts: verified, changed, rejected (claimed — or set `verified` by hand with no check that saw
it gone — still there → open), regressed (was verified, back → open; recorded at the first commit
after the last verified revision where the problem is seen again: the one that brought it back),
still_open, not_seen, unverifiable (with the reason).
A rejected claim or a regression is repeated on every run while the problem is still there, so a
CI gate on them holds until the code is fixed or a new claim is made.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewctl import clock, gitlog, scope
from reviewctl.detectors import Context, Instance, ParseFailure, run
from reviewctl.detectors.registry import declared_dependencies
from reviewctl.quotes import QuoteCount, Squashed, code_only, diff_excerpt, evidence
from reviewctl.rules import Catalog, Rule, load_catalog
from reviewctl.store import Store
from reviewctl.vocab import Status

CHECKED = (Status.open.value, Status.in_progress.value, Status.fixed.value, Status.verified.value)
CLAIMED = (Status.fixed.value, Status.verified.value)
NO_RULE = "no rule mapped to this finding (reviewctl set-rule ID RULE)"
STICKY = ("rejected", "regressed")  # repeated while the problem is still there
SAW_FIXED = ("verified", "changed")  # last checks after which `verified` (a person confirming) can regress


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
    baseline: str | None = None


@dataclass
class VerifyResult:
    repo: str
    verdicts: list[Verdict]

    def count(self, verdict: str) -> int:
        return sum(1 for v in self.verdicts if v.verdict == verdict)


@dataclass
class _Look:
    """What one kind of evidence observed: whether it can judge, whether the problem is there, and why not."""

    judged: bool = False
    seen: bool = False
    evidence: list[dict] = field(default_factory=list)
    reason: str = ""
    problems: list[str] = field(default_factory=list)


def verify(store: Store, *, repo_path: str | Path, rev: str | None = None, refs: tuple[str, ...] = ()) -> VerifyResult:
    """Verify the named findings (default: those with a rule, and claimed ones) in one transaction."""
    repo = gitlog.open_repo(repo_path)
    catalog = load_catalog(repo.path)
    targets = _targets(store, refs)
    fixed_rev = gitlog.resolve(repo, rev) if rev else None
    head = gitlog.head(repo)
    reader = _Reader(repo)
    checks = store.latest_checks()
    verdicts = []
    for f in targets:
        at = fixed_rev or _claim_rev(store, f) or head
        verdicts.append(Verdict(f.id, f.title, f.rule, at, "unverifiable", "", f.status, f.status))
        last = checks.get(f.id)
        _verify_one(store, catalog, reader, f, verdicts[-1], last["verdict"] if last else None)
        if verdicts[-1].verdict == "regressed" and last and last["verdict"] == "verified":
            _brought_back(store, catalog, reader, f, verdicts[-1], last["revision"])
    with store.transaction():
        for v in verdicts:
            _record(store, v)
    return VerifyResult(str(repo.path), verdicts)


def _targets(store: Store, refs: tuple[str, ...]) -> list[Any]:
    if refs:
        return [store.detail(store.resolve_id(r)).finding for r in refs]
    return store.findings_to_verify(CHECKED) + store.findings_without_rule(CLAIMED)


def _claim_rev(store: Store, finding: Any) -> str | None:
    """The latest active claiming commit of a claimed finding."""
    if finding.status != Status.fixed.value:
        return None
    claims = [x for x in store.links(finding_id=finding.id) if x.kind == "claim" and x.active]
    return claims[-1].sha if claims else None


class _Reader:
    """Reads files at revisions through git, once each, and runs rules on them once each."""

    def __init__(self, repo: gitlog.Repo) -> None:
        self.repo = repo
        self._files: dict[str, list[str]] = {}
        self._blobs: dict[tuple[str, str], bytes | None] = {}
        self._runs: dict[tuple[str, str, str], list[Instance] | ParseFailure] = {}
        self._known: dict[str, bool] = {}

    def names(self, rev: str) -> list[str]:
        if rev not in self._files:
            self._files[rev] = gitlog.files(self.repo, rev)
        return self._files[rev]

    def has(self, rev: str) -> bool:
        if rev not in self._known:
            self._known[rev] = gitlog.exists(self.repo, rev)
        return self._known[rev]

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

    def instances(self, rule: Rule, rev: str, path: str) -> list[Instance]:
        """Every instance of `rule` in the file, suppressed ones included; ParseFailure if unreadable."""
        key = (rule.id, rev, path)
        if key not in self._runs:
            try:
                self._runs[key] = run(rule, self.text(rev, path) or "", _context(self, rule, path, rev))
            except ParseFailure as exc:
                self._runs[key] = exc
        found = self._runs[key]
        if isinstance(found, ParseFailure):
            raise found
        return found


def _verify_one(store: Store, catalog: Catalog, reader: _Reader, f: Any, v: Verdict, last: str | None) -> None:
    locations = store.locations_of([f.id])[f.id]
    if not locations:
        v.reason = "the finding names no file"
        return
    baseline = _baseline(store, reader, f, locations)
    v.baseline = baseline
    notes: list[str] = []
    if f.rule:
        rule = catalog.rules.get(f.rule)
        look = _by_rule(reader, rule, locations, v.revision, baseline) if rule else _Look(reason=f"no rule {f.rule!r}")
        if look.judged:
            return _decide(v, look, last, by=f"rule {f.rule}")
        notes.append(look.reason)
    look = _by_quotes(reader, f.body, locations, v.revision, baseline)
    if look.judged:
        return _decide(v, look, last, by="the quoted code")
    notes.append(look.reason if f.rule else f"{NO_RULE}; {look.reason}")
    v.reason = "; ".join(dict.fromkeys(n for n in notes if n))


def _baseline(store: Store, reader: _Reader, f: Any, locations: list[Any]) -> str | None:
    """The revision the review was written against, if this repository has it."""
    rev = next((loc.revision for loc in locations if loc.revision), None) or store.get_review(f.review_id).revision
    return rev if rev and reader.has(rev) else None


def _refused(path: str) -> str | None:
    if path.startswith("/") or posixpath.normpath(path).startswith(".."):
        return f"{path}: outside the repository; refused"
    return None


def _windows(reader: _Reader, loc: Any, rev: str, path: str, baseline: str | None) -> tuple:
    """The finding's scope — the function/class that enclosed its lines at the baseline, found again by
    name at `rev` — as (lines at the baseline, lines at `rev`, name); Nones when there is none."""
    before = reader.text(baseline, path) if baseline else None
    if loc.line_start is None or before is None:
        return None, None, None
    name = loc.symbol or scope.enclosing(before, loc.line_start, path)
    if not name:
        return None, None, None
    return scope.span(before, name, path), scope.span(reader.text(rev, path) or "", name, path), name


def _within(found: list[Instance], window: tuple | None) -> list[Instance]:
    return [i for i in found if window is None or window[0] <= i.line <= window[1]]


def _by_rule(reader: _Reader, rule: Rule, locations: list[Any], rev: str, baseline: str | None) -> _Look:
    """The rule at the baseline and at `rev`, in each location's scope."""
    look, before_seen = _Look(), False
    for loc in locations:
        real = reader.resolve(rev, loc.path)
        problem = _refused(loc.path) or _unreadable(reader, rule, real, loc.path, rev)
        if problem:
            look.problems.append(problem)
            continue
        window_before, window_now, _name = _windows(reader, loc, rev, real, baseline)
        try:
            now = _within(reader.instances(rule, rev, real), window_now)
            before = _within(reader.instances(rule, baseline, real), window_before) if baseline else []
        except ParseFailure as exc:
            look.problems.append(str(exc))
            continue
        before_seen = before_seen or bool(before)
        look.evidence += [_found(i) for i in now]
    look.seen = bool(look.evidence)
    look.judged = before_seen  # an instance that only appears later is another problem, not this one
    if not look.judged:
        look.reason = _blind(rule, baseline, look.problems, len(locations))
    return look


def _blind(rule: Rule, baseline: str | None, problems: list[str], locations: int) -> str:
    """Why a rule cannot judge: it could not read the files, or it did not see the problem at the baseline."""
    if len(problems) == locations:
        return "; ".join(dict.fromkeys(problems))
    if baseline is None:
        return f"rule {rule.id} cannot judge: the review's baseline revision is unknown here (import --rev REV)"
    return f"rule {rule.id} does not see this at {baseline[:10]}"


def _unreadable(reader: _Reader, rule: Rule, real: str | None, path: str, rev: str) -> str | None:
    if real is None:
        return f"{path}: not in the repository at {rev[:10]} (deleted or renamed?)"
    if not rule.applies_to(real):
        return f"{real}: rule {rule.id} does not apply to this file type"
    if reader.text(rev, real) is None:
        return f"{real}: binary file"
    return None


def _found(i: Instance) -> dict:
    note = "  (suppressed)" if i.suppressed else ""
    return {"path": i.path, "line": i.line, "snippet": i.snippet + note}


def _by_quotes(reader: _Reader, body: str, locations: list[Any], rev: str, baseline: str | None) -> _Look:
    """The quoted code, counted in each location's scope at the baseline and at `rev`. All of it still
    there in an unchanged scope → seen; some of it gone, or its function reworked around it → changed."""
    if baseline is None:
        return _Look(reason="no baseline revision to find the quoted code in")
    present, changed = [], []
    for loc in locations:
        real = None if _refused(loc.path) else reader.resolve(baseline, loc.path)
        before = reader.text(baseline, real) if real else None
        if before is None:
            continue
        after = reader.text(rev, real) if reader.resolve(rev, real) == real else None
        counts, windows = _counts(reader, loc, real, body, before, after or "", rev, baseline)
        if counts and windows[0] is None:  # no lines to scope by: the function that held the quote
            windows = _quote_scope(before, after or "", counts[0], real)
        if gone := [c for c in counts if c.gone]:
            changed.append(_gone(gone[0], real, before, after, rev))
        elif counts and _reworked(before, after or "", windows, real):
            around = {"around": windows[2], "line": counts[0].after[0]}
            changed.append(_gone(counts[0], real, before, after, rev) | around)
        elif counts:
            present.append(_present(counts[0], real, after or ""))
    if not (present or changed):
        return _Look(reason=f"no code the review quotes occurs in its file at {baseline[:10]}")
    return _Look(judged=True, seen=not changed, evidence=changed or present)


def _reworked(before: str, after: str, windows: tuple, path: str) -> bool:
    """The enclosing function/class changed beyond comments and whitespace (a whole-file scope never counts:
    an edit elsewhere in the file says nothing about this code)."""
    w_before, w_now, _name = windows
    if w_before is None or w_now is None:
        return False
    return code_only(before, w_before, path) != code_only(after, w_now, path)


def _counts(
    reader: _Reader, loc: Any, path: str, body: str, before: str, after: str, rev: str, baseline: str
) -> tuple[list[QuoteCount], tuple]:
    """How often each quote occurs in the scope at both revisions (the whole file when the scope holds none),
    and the scope used: (lines at the baseline, lines at `rev`, its name)."""
    quotes = evidence(body, before, path)
    if not quotes:
        return [], (None, None, None)
    a, b = Squashed(before), Squashed(after)
    window_before, window_now, name = _windows(reader, loc, rev, path, baseline)
    for w_before, w_now in ((window_before, window_now), (None, None)):
        if w_before is not None and w_now is None:
            w_now = (1, 0)  # the scope is gone at `rev`: nothing of it remains
        counts = [QuoteCount(q, a.find(q, *(w_before or (1, None))), b.find(q, *(w_now or (1, None)))) for q in quotes]
        counts = [c for c in counts if c.before]
        if counts:
            return counts, (w_before, w_now, name if w_before else None)
    return [], (None, None, None)


def _quote_scope(before: str, after: str, c: QuoteCount, path: str) -> tuple:
    """(lines at the baseline, lines at `rev`, name) of the function or class around the quote's first occurrence."""
    name = scope.enclosing(before, c.before[0], path)
    if not name:
        return None, None, None
    return scope.span(before, name, path), scope.span(after, name, path), name


def _present(c: QuoteCount, path: str, source: str) -> dict:
    lines = source.splitlines()
    return {"path": path, "line": c.after[0], "snippet": lines[c.after[0] - 1].strip()}


def _gone(c: QuoteCount, path: str, before: str, after: str | None, rev: str) -> dict:
    excerpt = diff_excerpt(before, after, c.before[0]) if after is not None else f"{path} is gone at {rev[:10]}"
    return {"path": path, "line": c.before[0], "snippet": excerpt, "quote": c.quote.strip().splitlines()[0]}


def _context(reader: _Reader, rule: Rule, path: str, rev: str) -> Context:
    ctx = Context(path=path)
    if rule.detector == "missing_requirement":
        ctx.declared, ctx.local = declared_dependencies(reader.names(rev), lambda name: reader.text(rev, name))
    return ctx


def _decide(v: Verdict, look: _Look, last: str | None, *, by: str) -> None:
    """The verdict from what was observed, by the status the finding had."""
    v.evidence = look.evidence
    first = look.evidence[0] if look.evidence else {}
    where = f"{first.get('path')}:{first.get('line')}"
    if len(look.evidence) > 1:
        where += f" and {len(look.evidence) - 1} more"
    rev = (v.revision or "")[:10]
    if look.seen:
        _seen(v, last, where, by)
    elif by == "the quoted code":
        v.verdict = "changed"
        v.reason = (
            f"the quoted code is gone at {rev} ({where}: `{first.get('quote')}`); a person confirms"
            if "around" not in first
            else f"the quoted code is still at {where}, but {first['around']} changed around it at {rev}; "
            "a person confirms"
        )
    elif v.status_before in CLAIMED:
        v.verdict, v.status_after = "verified", Status.verified.value
        v.reason = f"{by} saw it at {(v.baseline or '')[:10]} and does not see it at {rev}"
    else:
        v.verdict, v.reason = "not_seen", f"{by} saw it at {(v.baseline or '')[:10]}, not at {rev}; claim the fix"
    if look.problems:
        v.reason += " (not checked: " + "; ".join(dict.fromkeys(look.problems)) + ")"


def _seen(v: Verdict, last: str | None, where: str, by: str) -> None:
    """The problem is there: a claim (or a hand-set `verified`) is rejected, a verification regressed;
    both hold until fixed or claimed anew."""
    if v.status_before == Status.fixed.value:
        v.verdict, v.status_after = "rejected", Status.open.value
        v.reason = f"claimed fixed, but still at {where} ({by})"
    elif v.status_before == Status.verified.value and last in SAW_FIXED:
        v.verdict, v.status_after = "regressed", Status.open.value
        v.reason = f"was verified, back at {where} ({by})"
    elif v.status_before == Status.verified.value:  # set by hand, though the last check saw it still there
        v.verdict, v.status_after = "rejected", Status.open.value
        v.reason = f"marked verified, but still at {where} ({by}); no check saw it fixed"
    elif last in STICKY:
        v.verdict, v.reason = last, f"still at {where} ({by}; still {last}: fix it, or claim it again)"
    else:
        v.verdict, v.reason = "still_open", f"still at {where} ({by})"


def _brought_back(store: Store, catalog: Catalog, reader: _Reader, f: Any, v: Verdict, verified: str | None) -> None:
    """Move a regression to the first commit after the verified revision where the problem is seen
    again: the commit that brought it back, not the revision that happened to be checked."""
    if not verified or not reader.has(verified) or not gitlog.is_ancestor(reader.repo, verified, v.revision):
        return
    checked = v.revision
    for c in list(gitlog.commits(reader.repo, f"{verified}..{checked}")):  # read to the end: git exits cleanly
        probe = Verdict(f.id, f.title, f.rule, c.sha, "unverifiable", "", v.status_before, v.status_before)
        _verify_one(store, catalog, reader, f, probe, "verified")
        if probe.verdict == "regressed":
            v.revision, v.evidence = c.sha, probe.evidence
            back = probe.reason.removeprefix("was verified, ")
            v.reason = f"was verified at {verified[:10]}, {back} since “{c.subject}”, still there at {checked[:10]}"
            return


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
            note=f"{v.reason} ({v.rule or 'quoted code'} at {(v.revision or '')[:10]})",
        )
