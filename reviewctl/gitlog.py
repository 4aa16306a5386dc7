"""The git layer — the only module that imports GitPython.

History is streamed from `git log` through GitPython's command interface, one record at a time,
instead of building a Commit object per commit: a first scan of a large history stays close to
the speed of git itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reviewctl.errors import InputError

RECORD, FIELD = "\x1e", "\x1f"
LOG_FORMAT = f"--format={RECORD}%H{FIELD}%P{FIELD}%an <%ae>{FIELD}%aI{FIELD}%B"


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: str  # space-separated SHAs, as git prints them
    author: str
    date_text: str  # ISO 8601; parsed only for the few commits that are recorded
    message: str

    @property
    def date(self) -> datetime:
        return datetime.fromisoformat(self.date_text)

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0].strip()


@dataclass
class Repo:
    """An opened repository: its GitPython object, where it is, and what to warn about."""

    handle: Any  # git.Repo
    path: Path
    key: str  # stable identity of the repository for scan bookkeeping
    shallow: bool
    detached: bool


def open_repo(path: str | Path) -> Repo:
    """Open the repository at or above `path`; clear errors for what cannot be scanned."""
    import git

    try:
        repo = git.Repo(str(path), search_parent_directories=True)
    except git.NoSuchPathError:
        raise InputError(f"{path}: no such directory") from None
    except git.InvalidGitRepositoryError:
        raise InputError(f"{path}: not a git repository") from None
    if not repo.head.is_valid():
        raise InputError(f"{path}: the repository has no commits yet")
    where = Path(repo.working_tree_dir or repo.git_dir).resolve()
    shallow = (Path(repo.git_dir) / "shallow").exists()
    return Repo(repo, where, str(Path(repo.git_dir).resolve()), shallow, repo.head.is_detached)


def head(repo: Repo) -> str:
    return repo.handle.head.commit.hexsha


def checked(rev: str) -> str:
    """A revision or range a user supplied, refused when git would read it as an option
    (`--output=FILE` overwrites FILE)."""
    if rev.startswith("-"):
        raise InputError(f"{rev}: not a revision (a revision cannot start with '-')")
    return rev


def resolve(repo: Repo, rev: str) -> str:
    """Full SHA of a revision, or an InputError naming it."""
    import git

    checked(rev)
    try:
        return repo.handle.git.rev_parse("--verify", "--quiet", f"{rev}^{{commit}}")
    except git.GitCommandError:
        raise InputError(f"{rev}: no such revision in {repo.path}") from None


def is_ancestor(repo: Repo, older: str, newer: str) -> bool:
    import git

    try:
        repo.handle.git.merge_base("--is-ancestor", older, newer)
        return True
    except git.GitCommandError:
        return False


def exists(repo: Repo, sha: str) -> bool:
    import git

    try:
        repo.handle.git.cat_file("-e", f"{sha}^{{commit}}")
        return True
    except git.GitCommandError:
        return False


def reachable(repo: Repo, rev: str = "HEAD") -> set[str]:
    """Every commit reachable from `rev`."""
    return set(repo.handle.git.rev_list(rev).split())


def commits(repo: Repo, *revs: str) -> Iterator[Commit]:
    """Commits selected by `git log REVS` (oldest first), streamed record by record."""
    import git

    proc = repo.handle.git.log(LOG_FORMAT, "--reverse", "--topo-order", *revs, "--", as_process=True)
    try:
        yield from _records(proc.stdout)
    finally:
        proc.stdout.close()
        try:
            proc.wait()
        except git.GitCommandError as exc:
            raise InputError(f"git log {' '.join(revs)} failed in {repo.path}: {_first_line(exc)}") from None


def _records(stream: Any) -> Iterator[Commit]:
    buf = b""
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        buf += chunk
        *done, buf = buf.split(RECORD.encode())
        for raw in done:
            if raw.strip():
                yield _commit(raw)
    if buf.strip():
        yield _commit(buf)


def _commit(raw: bytes) -> Commit:
    sha, parents, author, date, message = raw.decode("utf-8", errors="replace").split(FIELD, 4)
    return Commit(sha.strip(), parents, author, date, message.strip())


def commit(repo: Repo, rev: str) -> Commit:
    """One commit's record."""
    sha = resolve(repo, rev)
    return next(commits(repo, "-1", "--no-walk", sha))


def touched(repo: Repo, since: str, until: str = "HEAD") -> Iterator[tuple[Commit, dict[str, list[tuple[int, int]]]]]:
    """Commits in since..until with, per path changed, the old-side line ranges of its hunks."""
    import git

    fmt = f"--format={RECORD}%H{FIELD}%P{FIELD}%an <%ae>{FIELD}%aI{FIELD}%s{FIELD}"
    revs = checked(f"{since}..{until}")
    try:
        out = repo.handle.git.log(fmt, "-U0", "--no-renames", "--no-color", "--end-of-options", revs)
    except git.GitCommandError as exc:
        raise InputError(f"cannot list commits {since}..{until} in {repo.path}: {_first_line(exc)}") from None
    for raw in out.split(RECORD):
        if raw.strip():
            sha, parents, author, date, subject, patch = raw.split(FIELD, 5)
            yield Commit(sha, parents, author, date, subject.strip()), _hunks(patch)


_DIFF = re.compile(r"^diff --git a/(.+?) b/(.+)$")
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@")


def _hunks(patch: str) -> dict[str, list[tuple[int, int]]]:
    files: dict[str, list[tuple[int, int]]] = {}
    current: list[tuple[int, int]] | None = None
    for line in patch.splitlines():
        if m := _DIFF.match(line):
            current = files.setdefault(m.group(2), [])
        elif (m := _HUNK.match(line)) and current is not None:
            start, count = int(m.group(1)), int(m.group(2) or 1)
            current.append((start, start + count - 1) if count else (start + 1, start))  # insertion: between lines
    return files


def _first_line(exc: Exception) -> str:
    """git's own last word ('bad revision …'), without GitPython's 'stderr:' and git's 'fatal:'."""
    text = str(getattr(exc, "stderr", "") or exc).strip()
    text = text.removeprefix("stderr:").strip().strip("'").strip()
    line = text.splitlines()[-1] if text else "unknown error"
    return line.removeprefix("fatal:").strip()


def head_of(start: Path | None = None) -> str | None:
    """HEAD of the repository enclosing `start` (the current directory), or None outside one."""
    try:
        repo = open_repo(start or Path.cwd())
    except InputError:
        return None
    return head(repo)


def identity(start: Path | None = None) -> str | None:
    """`user.name <user.email>` as git configures them for the repository enclosing `start` (the
    current directory: its own, the global and the system config); None outside a repository or
    when neither is set."""
    import git

    try:
        repo = git.Repo(str(start or Path.cwd()), search_parent_directories=True)
        with repo.config_reader() as cfg:
            name, email = (str(cfg.get_value("user", key, "")).strip() for key in ("name", "email"))
    except Exception:  # no repository here, or a config git cannot read: the actor is found another way
        return None
    if name and email:
        return f"{name} <{email}>"
    return name or email or None


def files(repo: Repo, rev: str) -> list[str]:
    """Every file path in the tree of `rev`."""
    return repo.handle.git.ls_tree("-r", "--name-only", "--full-tree", rev).splitlines()


def blob(repo: Repo, rev: str, path: str) -> bytes | None:
    """Contents of `path` at `rev`, read from git objects (works in bare repositories); None if absent."""
    import git

    try:
        return repo.handle.git.show(f"{rev}:{path}", stdout_as_string=False)
    except git.GitCommandError:
        return None


def init_repo(path: Path) -> Path:
    """A new repository at `path` (the demo builds one); returns its work tree."""
    import git

    git.Repo.init(str(path), initial_branch="main")
    return path


def commit_files(path: Path, files: dict[str, str], message: str, author: str, when: datetime) -> str:
    """Write `files` (relative path → text) into the work tree at `path` and commit them as
    `author` ('Name <email>') at `when`; returns the new SHA."""
    import git

    repo = git.Repo(str(path))
    for rel, text in files.items():
        target = path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    repo.index.add(sorted(files))
    name, _, email = author.partition(" <")
    actor = git.Actor(name, email.rstrip(">"))
    commit = repo.index.commit(message, author=actor, committer=actor, author_date=when, commit_date=when)
    return commit.hexsha
