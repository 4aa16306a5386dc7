"""`reviewctl demo`: build a small project with a review history, then import, link, verify, report.

The history is examples/demo/story.yaml: commits and imports at times before now, replayed with
the clock frozen at each step, so the store's events, the commits' dates and the weekly report
read as if the team had worked for three weeks. Everything is local: no network, no server.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from reviewctl import clock, gitlog
from reviewctl.errors import InputError
from reviewctl.resources import data_dir
from reviewctl.store import Store, open_store

MARKER = Path(".reviewctl") / "demo"
"""A folder holding this file was made by the demo and may be rebuilt."""
_AGO = re.compile(r"^\s*(\d+)\s*([dhm])\s*$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@dataclass
class Step:
    at: datetime
    action: str  # commit | import | link | verify | start
    detail: str


@dataclass
class DemoResult:
    root: Path
    store_url: str
    steps: list[Step] = field(default_factory=list)
    reports: list[Path] = field(default_factory=list)
    dashboard: Any = None


def run_demo(target: Path, on_step: Callable[[Step], None] = lambda step: None) -> DemoResult:
    """Build the demo project in `target` and run import → link → verify → status → weekly report."""
    import yaml

    source = data_dir("examples") / "demo"
    story = yaml.safe_load((source / "story.yaml").read_text(encoding="utf-8"))
    root = _prepare(target)
    url = f"sqlite:///{root / '.reviewctl' / 'findings.db'}"
    run = _Run(root, source, open_store(url), story["author"], on_step)
    now = clock.now()
    for step in story["steps"]:
        with clock.frozen(now - _ago(step["at"])):
            run.step(step)
    return _finish(run, url)


def _prepare(target: Path) -> Path:
    root = target.expanduser().resolve()
    inside = Path.cwd().resolve().is_relative_to(root)
    if root.exists():
        if (root / MARKER).is_file():
            shutil.rmtree(root)
        elif not root.is_dir() or any(root.iterdir()):
            raise InputError(f"{root} exists and is not empty; name a new folder for the demo")
    (root / MARKER).parent.mkdir(parents=True, exist_ok=True)
    if inside:  # run from inside the demo it rebuilds: stand in the new folder, not the deleted one
        os.chdir(root)
    (root / MARKER).write_text("made by `reviewctl demo`; rebuilt on the next run\n", encoding="utf-8")
    gitlog.init_repo(root)
    return root


def _ago(text: str) -> timedelta:
    m = _AGO.match(str(text))
    if not m:
        raise InputError(f"story.yaml: cannot read at: {text!r} (use e.g. 21d, 3h, 30m)")
    return timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})


class _Run:
    """Carries out story steps against the demo repository and store, reporting each one."""

    def __init__(self, root: Path, source: Path, store: Store, author: str, on_step: Callable) -> None:
        self.root, self.source, self.store, self.author, self.on_step = root, source, store, author, on_step
        self.steps: list[Step] = []

    def say(self, action: str, detail: str) -> None:
        step = Step(clock.now(), action, detail)
        self.steps.append(step)
        self.on_step(step)

    def step(self, spec: dict[str, Any]) -> None:
        if "commit" in spec:
            self._commit(spec)
        if "import" in spec:
            self._import(spec["import"])
        if "start" in spec:
            self._start(spec["start"])
        if spec.get("link"):
            self._link()
        if spec.get("verify"):
            self._verify()

    def _ids(self) -> dict[str, str]:
        return {r["title"]: r["id"] for r in self.store.plan_rows()}

    def _commit(self, spec: dict[str, Any]) -> None:
        ids = self._ids()
        message = _PLACEHOLDER.sub(lambda m: ids[m.group(1)], spec["commit"])
        files = _tree(self.source / spec["tree"]) if "tree" in spec else {}
        if "tree" in spec:
            files[".gitignore"] = ".reviewctl/findings.db*\n.reviewctl/demo\nreports/\n"
        for rel, edits in spec.get("edit", {}).items():
            text = files.get(rel) or (self.root / rel).read_text(encoding="utf-8")
            for old, new in edits:
                if old not in text:
                    raise InputError(f"story.yaml: {rel} has no {old!r} to replace")
                text = text.replace(old, new, 1)
            files[rel] = text
        sha = gitlog.commit_files(self.root, files, message, self.author, clock.now())
        self.say("commit", f"{sha[:8]} {message}")

    def _import(self, rel: str) -> None:
        from reviewctl.importer import import_paths

        # the document is committed into the project, so reports show it by its path in the repository
        text = (self.source / rel).read_text(encoding="utf-8")
        gitlog.commit_files(self.root, {rel: text}, f"Add the review {rel}", self.author, clock.now())
        result = import_paths(self.store, paths=[str(self.root / rel)], revision=gitlog.head_of(self.root))
        for doc in result.documents:
            prios = ", ".join(f"{n} {p}" for p, n in doc.by_priority.items())
            warned = f"; warning: {'; '.join(doc.warnings)}" if doc.warnings else ""
            self.say("import", f"{rel}: {doc.new} findings ({prios}){warned}")

    def _start(self, title: str) -> None:
        from reviewctl.lifecycle import change_status
        from reviewctl.vocab import Status

        fid = self._ids()[title]
        change_status(self.store, refs=[fid], to=Status.in_progress, who=self.author.split(" <")[0])
        self.say("start", f"{fid} {title}: in progress")

    def _link(self) -> None:
        from reviewctl.linker import link

        result = link(self.store, repo_path=self.root)
        claims = ", ".join(c["finding"] for c in result.claims) or "none"
        scanned = f"{result.scanned} commit{'' if result.scanned == 1 else 's'}"
        self.say("link", f"{scanned} scanned; fix claimed for {claims}")

    def _verify(self) -> None:
        from reviewctl.verifier import verify

        for v in verify(self.store, repo_path=self.root).verdicts:
            if v.verdict in ("verified", "rejected", "regressed") and v.status_before != v.status_after:
                self.say("verify", f"{v.finding} {v.verdict}: {v.reason}")


def _tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` (the demo's first commit), by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def _finish(run: _Run, url: str) -> DemoResult:
    from reviewctl.config import load_config
    from reviewctl.dashboard import build_dashboard
    from reviewctl.report.render import write
    from reviewctl.report.weekly import build_weekly

    report = build_weekly(run.store, load_config(run.root), root=run.root)
    paths = [write("weekly", fmt, report, run.root / "reports" / f"{report.week}.{fmt}") for fmt in ("md", "html")]
    run.say("report", f"weekly report {report.week}: {', '.join(str(p) for p in paths)}")
    return DemoResult(run.root, url, run.steps, paths, build_dashboard(run.store))
