"""Shared fixtures: a real SQLite store in a tmp dir and the real CLI through CliRunner."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reviewctl.cli import app
from reviewctl.store import open_store

ASSETS = Path(__file__).parent / "assets"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "reviews"


class Cli:
    """Runs `reviewctl ARGS` against one store, like a user at a terminal would."""

    def __init__(self, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.db = db
        db.parent.mkdir(parents=True, exist_ok=True)
        monkeypatch.chdir(db.parent)  # outside any git repository unless a test makes one
        monkeypatch.setenv("REVIEWCTL_DB", str(db))
        monkeypatch.setenv("REVIEWCTL_ACTOR", "tester")
        monkeypatch.setenv("NO_COLOR", "1")
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int = 0, stdin: str | None = None):
        result = self.runner.invoke(app, list(args), input=stdin)
        assert result.exit_code == code, f"exit {result.exit_code}: {result.output}{result.stderr}"
        return result

    def json(self, *args: str):
        return json.loads(self(*args, "--json").stdout)

    def export(self) -> dict:
        return json.loads(self("export").stdout)


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(tmp_path / "store" / "findings.db", monkeypatch)


def git_repo(root: Path):
    """A new git repository with a committer configured (GitPython, as tests build real histories)."""
    import git

    repo = git.Repo.init(root, initial_branch="main")
    with repo.config_writer() as cfg:
        cfg.set_value("user", "name", "Dev").set_value("user", "email", "dev@example.com")
    return repo


def commit(repo, message: str, files: dict[str, str | None]) -> str:
    """Write (or, for None, delete) files and commit them; returns the new SHA."""
    root = Path(repo.working_tree_dir)
    for path, text in files.items():
        if text is None:
            repo.index.remove([path], working_tree=True)
            continue
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
        repo.index.add([path])
    return repo.index.commit(message).hexsha


def reviewed_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: list[dict[str, str]], review: str):
    """A repository whose history is one commit per `files` entry, with `review` imported at its HEAD;
    the CLI runs inside it. Returns (repo, cli, {title: finding id})."""
    root = tmp_path / "project"
    repo = git_repo(root)
    for n, batch in enumerate(files):
        commit(repo, f"commit {n}", batch)
    (root / "review.md").write_text(review)
    cli = Cli(tmp_path / "store.db", monkeypatch)
    monkeypatch.chdir(root)
    cli("import", "review.md")
    return repo, cli, {f["title"]: f["id"] for f in cli.export()["findings"]}


@pytest.fixture
def store(tmp_path: Path):
    return open_store(f"sqlite:///{tmp_path / 'findings.db'}")


@pytest.fixture
def write(tmp_path: Path):
    """Write a document into tmp_path and return its path."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def history(cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Weeks 45–47 of 2026 in a store: see tests/history.py."""
    from tests.history import History

    return History(cli, monkeypatch, tmp_path)
