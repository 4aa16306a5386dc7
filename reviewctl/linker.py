"""`reviewctl link`: commit messages → claims and references on findings, recorded as data.

A claim (closing verb or trailer) moves a finding to `fixed` — unless it is verified or
wontfix — and records the commit; a reference changes nothing. A revert withdraws the claims of
the commit it reverts and reopens their findings. Scans are incremental (the heads already
scanned are remembered per repository) and idempotent (a link is recorded once). Merge commits
are scanned like any other commit, and commits reached through a merge are scanned once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from reviewctl import clock, gitlog
from reviewctl.errors import InputError
from reviewctl.gitlog import Commit
from reviewctl.references import References, parse_message
from reviewctl.store import Store
from reviewctl.vocab import Status

CLAIMABLE = (Status.open.value, Status.in_progress.value, Status.fixed.value)
UNREACHABLE = "commit no longer reachable from HEAD (rebased or force-pushed?)"


@dataclass
class LinkResult:
    repo: str
    head: str
    scanned: int = 0
    claims: list[dict] = field(default_factory=list)
    references: list[dict] = field(default_factory=list)
    withdrawn: list[dict] = field(default_factory=list)
    unknown: dict[str, list[str]] = field(default_factory=dict)  # ID → commits naming it
    unreachable: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _state_key(repo: gitlog.Repo) -> str:
    return f"scan:{repo.key}"


def link(store: Store, *, repo_path: str | Path, since: str | None = None, rev_range: str | None = None) -> LinkResult:
    """Scan history (new commits since the last scan, or a given range) in one transaction."""
    repo = gitlog.open_repo(repo_path)
    result = LinkResult(repo=str(repo.path), head=gitlog.head(repo))
    if repo.shallow:
        result.warnings.append("shallow clone: history is truncated, older commits were not scanned")
    previous = json.loads(store.meta(_state_key(repo)) or "[]")
    named: list[tuple[Commit, References]] = []
    for commit in gitlog.commits(repo, *_revisions(repo, since, rev_range, previous)):
        result.scanned += 1
        refs = parse_message(commit.message)
        if refs.claims or refs.mentions or refs.reverts:
            named.append((commit, refs))
    with store.transaction():
        _Batch(store, named).apply(result)
        if rev_range is None and since is None:
            store.set_meta(_state_key(repo), json.dumps([result.head]))
        if any(not gitlog.exists(repo, h) or not gitlog.is_ancestor(repo, h, result.head) for h in previous):
            _mark_unreachable(store, repo, result)
    return result


def _revisions(repo: gitlog.Repo, since: str | None, rev_range: str | None, previous: list[str]) -> list[str]:
    if rev_range:
        return [gitlog.checked(rev_range)]
    if since:
        return [f"{gitlog.resolve(repo, since)}..HEAD"]
    known = [h for h in previous if gitlog.exists(repo, h)]
    return ["HEAD", *(f"^{h}" for h in known)]


class _Batch:
    """Applies the references of many commits in commit order with a handful of queries: statuses
    and existing links are read once, new links, events and statuses are written in bulk."""

    def __init__(self, store: Store, named: list[tuple[Commit, References]]) -> None:
        self.store, self.named = store, named
        self.status = store.statuses([fid for _, refs in named for fid in refs.claims | refs.mentions])
        self.seen = {(x.finding_id, x.sha, x.kind) for x in store.links_of([c.sha for c, _ in named])}
        self.links: list[dict] = []
        self.events: list[dict] = []
        self.changed: dict[str, str] = {}

    def apply(self, result: LinkResult) -> None:
        for commit, refs in self.named:
            for sha in refs.reverts:
                self._withdraw(sha, commit, result)
            claims = set() if refs.reverts else refs.claims  # "Revert 'fix RC-…'" quotes, it does not claim
            for fid in sorted(refs.claims | refs.mentions):
                self._link(fid, "claim" if fid in claims else "reference", commit, result)
        self.store.insert_rows("commitlink", self.links)
        self.store.write_statuses(self.changed, clock.now())
        self.store.insert_rows("event", self.events)

    def _link(self, fid: str, kind: str, commit: Commit, result: LinkResult) -> None:
        if fid not in self.status:
            result.unknown.setdefault(fid, []).append(commit.sha)
            return
        if (fid, commit.sha, kind) in self.seen:
            return
        self.seen.add((fid, commit.sha, kind))
        self.links.append(
            {
                "finding_id": fid,
                "sha": commit.sha,
                "kind": kind,
                "author": commit.author,
                "committed_at": commit.date,
                "subject": commit.subject,
                "active": True,
                "note": None,
            }
        )
        entry = {"finding": fid, "sha": commit.sha, "subject": commit.subject}
        (result.claims if kind == "claim" else result.references).append(entry)
        if kind == "claim" and self.status[fid] in CLAIMABLE:
            self._move(
                fid, Status.fixed.value, "claim", commit.author, f"claimed by {commit.sha[:10]} {commit.subject}"
            )

    def _move(self, fid: str, to: str, kind: str, actor: str, note: str) -> None:
        if self.status[fid] == to:
            return
        self.events.append(
            {
                "finding_id": fid,
                "at": clock.now(),
                "kind": kind,
                "from_status": self.status[fid],
                "to_status": to,
                "actor": actor,
                "note": note,
            }
        )
        self.status[fid] = self.changed[fid] = to

    def _still_claimed(self, fid: str) -> bool:
        """Another commit's claim on this finding still stands (the revert took only its own)."""
        pending = any(x["finding_id"] == fid and x["kind"] == "claim" and x["active"] for x in self.links)
        return pending or any(x.kind == "claim" and x.active for x in self.store.links(finding_id=fid))

    def _withdraw(self, reverted: str, by: Commit, result: LinkResult) -> None:
        """Withdraw the claims of a reverted commit (stored or from this scan) and reopen."""
        note = f"withdrawn: reverted by {by.sha[:10]}"
        pending = [x for x in self.links if x["sha"].startswith(reverted) and x["kind"] == "claim" and x["active"]]
        for x in pending:
            x["active"], x["note"] = False, note
        stored = [x for x in self.store.links(sha_prefix=reverted) if x.kind == "claim" and x.active]
        for x in stored:
            self.store.set_link(x.id, active=False, note=note)
        for fid, sha in [(x["finding_id"], x["sha"]) for x in pending] + [(x.finding_id, x.sha) for x in stored]:
            result.withdrawn.append({"finding": fid, "sha": sha, "reverted_by": by.sha})
            self.status.setdefault(fid, self.store.statuses([fid]).get(fid, ""))
            if self.status[fid] in _REOPENED_BY_REVERT and not self._still_claimed(fid):
                self._move(
                    fid,
                    Status.open.value,
                    "revert",
                    by.author,
                    f"claim {sha[:10]} reverted by {by.sha[:10]} {by.subject}",
                )


_REOPENED_BY_REVERT = (Status.fixed.value, Status.verified.value)
"""A reverted fix takes its claim and what was verified of it; a person's wontfix stays."""


def _mark_unreachable(store: Store, repo: gitlog.Repo, result: LinkResult) -> None:
    """After a rebase or force-push: keep links to vanished commits, with a note saying so."""
    alive = gitlog.reachable(repo, result.head)
    for link in store.links():
        if link.sha not in alive and link.note != UNREACHABLE and link.active:
            store.set_link(link.id, active=True, note=UNREACHABLE)
            result.unreachable.append(link.sha)


def claim(store: Store, *, repo_path: str | Path, finding: str, rev: str) -> LinkResult:
    """A lead confirms that commit `rev` fixes `finding` (e.g. after `link --suggest`)."""
    repo = gitlog.open_repo(repo_path)
    commit = gitlog.commit(repo, rev)
    fid = store.resolve_id(finding)
    result = LinkResult(repo=str(repo.path), head=gitlog.head(repo))
    with store.transaction():
        if any(x.kind == "claim" for x in store.links(sha_prefix=commit.sha, finding_id=fid)):
            raise InputError(f"{fid} is already claimed by {commit.sha[:10]}")
        store.add_link(
            finding_id=fid,
            sha=commit.sha,
            kind="claim",
            author=commit.author,
            committed_at=commit.date,
            subject=commit.subject,
            active=True,
            note="confirmed by hand",
        )
        result.claims.append({"finding": fid, "sha": commit.sha, "subject": commit.subject})
        if store.statuses([fid])[fid] in CLAIMABLE:
            store.set_status(
                fid,
                Status.fixed.value,
                kind="claim",
                actor=_who(),
                note=f"claimed by {commit.sha[:10]} {commit.subject} (confirmed by hand)",
            )
    return result


def _who() -> str:
    from reviewctl.lifecycle import actor

    return actor()


@dataclass(frozen=True)
class Suggestion:
    finding: str
    title: str
    sha: str
    subject: str
    files: tuple[str, ...]
    score: int  # 1 per file of the finding the commit touched, 2 more per file where it touched its lines


def suggest(store: Store, *, repo_path: str | Path, limit: int = 5) -> list[Suggestion]:
    """Commits since each review's baseline that touched an open finding's files (and lines) without
    naming it, best first."""
    repo = gitlog.open_repo(repo_path)
    out: list[Suggestion] = []
    for review, findings in _open_by_review(store).items():
        baseline = store.get_review(review).revision
        if not baseline or not gitlog.exists(repo, baseline):
            continue
        history = list(gitlog.touched(repo, baseline))
        for fid, title, locations in findings:
            linked = {x.sha for x in store.links(finding_id=fid)}
            ranked = [
                s
                for commit, hunks in history
                if commit.sha not in linked
                if (s := _rank(fid, title, commit, hunks, locations)) is not None
            ]
            out += sorted(ranked, key=lambda s: -s.score)[:limit]
    return out


def _rank(fid: str, title: str, commit: Commit, hunks: dict, locations: list) -> Suggestion | None:
    files, score = [], 0
    for path, ranges in hunks.items():
        mine = [loc for loc in locations if _same_file(path, loc.path)]
        if not mine:
            continue
        files.append(path)
        lines = [(loc.line_start, loc.line_end or loc.line_start) for loc in mine if loc.line_start]
        score += 1 + 2 * any(a <= hi and lo <= b for a, b in ranges for lo, hi in lines)
    return Suggestion(fid, title, commit.sha, commit.subject, tuple(sorted(files)), score) if files else None


def _open_by_review(store: Store) -> dict[str, list[tuple[str, str, list]]]:
    from reviewctl.store import FindingFilter

    rows, _ = store.list_rows(FindingFilter(statuses=(Status.open.value, Status.in_progress.value)))
    locs = store.locations_of([r["id"] for r in rows])
    out: dict[str, list] = defaultdict(list)
    for r in rows:
        if locs[r["id"]]:
            out[r["review_id"]].append((r["id"], r["title"], locs[r["id"]]))
    return out


def _same_file(changed: str, named: str) -> bool:
    """A review may name 'runner.py' or 'src/app/runner.py' for the file git calls src/app/runner.py."""
    return changed == named or changed.endswith("/" + named) or named.endswith("/" + changed)
