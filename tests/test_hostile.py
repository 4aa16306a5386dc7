"""Hostile input: escape sequences and markup in documents and commits, option injection into git,
endless stdin and special files, and broken or read-only stores — each through the real CLI."""

import json
import os
import pty
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli, commit, git_repo

TITLE = "Cache \x1b]0;owned\x07leak \x1b[2J[bold red]x[/] \x9b31m end"
SHOWN = "Cache leak [bold red]x[/]  end"
DOCUMENT = (
    f"# Review\n\n## Critical\n\n### 1. {TITLE} (Critical)\n\n**Location**: `app/c.py:3`\n\n"
    "**Issue**: body \x1b[31mred\x1b[0m and \x9d8;;http://e\x9c link\x1b]8;;http://evil\x1b\\here\x1b]8;;\x1b\\\n"
)
HOW_TO_CREATE = "run `reviewctl init` or import a review first"
RAW = ("\x1b", "\x9b", "\x9d", "\x9c", "\x07")


def _clean(text: str) -> str:
    assert not [c for c in RAW if c in text], repr(text)
    return text


@pytest.fixture
def hostile(cli: Cli, write) -> str:
    """The store holds one finding whose title and body carry escape sequences and rich markup."""
    cli("import", str(write("review.md", DOCUMENT)))
    return cli.json("list")[0]["id"]


def _on_a_tty(args: list[str], env: dict[str, str]) -> str:
    """Run the CLI with stdout on a pseudo-terminal, as a person would see it."""
    master, slave = pty.openpty()
    subprocess.run([sys.executable, "-m", "reviewctl", *args], stdout=slave, env=env, check=True, timeout=60)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # EIO: the terminal's other end is closed and drained
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return out.decode()


def test_titles_and_bodies_reach_the_terminal_inert(cli: Cli, hostile: str, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert _clean(cli("list").stdout).splitlines()[1].split("\t") == [
        hostile, "critical", "open", "-", "1", "app/c.py:3", SHOWN
    ]  # fmt: skip  # phase 1: a critical finding no document phases is in its priority's phase
    shown = _clean(cli("show", hostile).stdout)
    assert shown.splitlines()[0] == f"{hostile}  {SHOWN}"
    assert "body red and  linkhere" in shown
    cli("start", hostile, "--note", "look \x1b[2J[red]here[/]")
    assert "look [red]here[/]" in _clean(cli("log").stdout)
    cli("set", hostile, "open")
    assert f"\n{hostile}\t" in _clean(cli("status").stdout)  # the oldest open criticals
    assert _clean(cli("roadmap").stdout).count(SHOWN) == 1


def test_list_on_a_terminal_prints_markup_literally(cli: Cli, hostile: str) -> None:
    screen = _on_a_tty(["list"], dict(os.environ, COLUMNS="200", TERM="xterm"))
    assert SHOWN in screen
    for raw in ("\x1b]0;", "\x1b[2J", "\x9b", "\x1b]8;"):
        assert raw not in screen


def test_json_keeps_the_exact_text_escaped(cli: Cli, hostile: str) -> None:
    out = cli("list", "--json").stdout
    assert _clean(out).count("\\u009b31m") == 1
    assert json.loads(out)[0]["title"] == TITLE
    export = cli("export").stdout
    assert json.loads(_clean(export))["findings"][0]["title"] == TITLE


def test_commit_subjects_are_inert(cli: Cli, hostile: str, tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo")
    commit(repo, f"fix {hostile} \x1b]0;x\x07[bold]done[/]", {"a.py": "x = 1\n"})
    out = cli("link", "--repo", str(tmp_path / "repo"))
    assert _clean(out.stdout).split("\t")[-1] == f"fix {hostile} [bold]done[/]\n"


@pytest.mark.parametrize(
    "args",
    [
        ["link", "--", "--output={out}"],
        ["link", "--since=--output={out}"],
        ["link", "--claim", "RC-X", "--output={out}"],
        ["verify", "--rev=--output={out}"],
        ["detect", "--rev=--output={out}"],
        ["import", "--rev=--output={out}", "{doc}"],
    ],
)
def test_revisions_cannot_be_git_options(cli: Cli, tmp_path: Path, write, monkeypatch, args: list[str]) -> None:
    repo = git_repo(tmp_path / "repo")
    commit(repo, "first", {"a.py": "x = 1\n"})
    cli("init")
    out, doc = tmp_path / "overwritten", write("review.md", DOCUMENT)
    monkeypatch.chdir(repo.working_tree_dir)
    argv = [a.format(out=out, doc=doc) for a in args]
    result = cli(*argv[:1], "--repo", repo.working_tree_dir, *argv[1:], code=2) if args[0] == "link" else None
    result = result or cli(*argv, code=2)
    assert result.stderr == f"reviewctl: error: --output={out}: not a revision (a revision cannot start with '-')\n"
    assert not out.exists()


def test_stdin_stops_at_the_size_limit(tmp_path: Path) -> None:
    env = dict(os.environ, REVIEWCTL_DB=str(tmp_path / "s.db"))
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-m", "reviewctl", "import", "-"], stdin=zero, env=env, capture_output=True, timeout=30
        )
    assert done.returncode == 2
    assert done.stderr == b"reviewctl: error: -: stdin is larger than the 20 MB a review may be\n"


def test_a_device_is_not_a_review(cli: Cli) -> None:
    result = cli("import", "/dev/urandom", code=2)
    assert result.stderr == "reviewctl: error: /dev/urandom: not a regular file (a device, pipe or socket)\n"


def test_reading_commands_do_not_create_a_store(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "findings.db"
    for command in ("status", "list", "show", "log", "export", "roadmap"):
        args = [command, "RC-X"] if command == "show" else [command]
        result = cli("--db", str(missing), *args, code=2)
        assert result.stderr == f"reviewctl: error: no store at {missing}; {HOW_TO_CREATE}\n"
    assert not missing.parent.exists()


def test_a_schema_version_that_is_not_a_number(cli: Cli) -> None:
    cli("init")
    with sqlite3.connect(cli.db) as db:
        db.execute("UPDATE meta SET value = 'two' WHERE key = 'schema_version'")
    result = cli("status", code=1)
    assert result.stderr == (
        f"reviewctl: error: sqlite:///{cli.db} is not a reviewctl store (its schema_version 'two' is not a number)\n"
    )


def test_a_read_only_store_says_so_and_exits_1(cli: Cli, hostile: str, write) -> None:
    read_only = f"sqlite:///file:{cli.db}?mode=ro&uri=true"
    message = f"reviewctl: error: store {read_only} is read-only; nothing was changed\n"
    assert cli("--db", read_only, "start", hostile, code=1).stderr == message
    doc = write("other.md", "### 1. Another finding (High)\n\n**Location**: `b.py:1`\n")
    assert cli("--db", read_only, "import", str(doc), code=1).stderr == message
    assert [r["id"] for r in cli.json("--db", read_only, "list")] == [hostile]


def test_a_number_past_64_bits_is_refused_cleanly(cli: Cli, hostile: str, tmp_path: Path, monkeypatch) -> None:
    backup = cli.export()
    backup["findings"][0]["locations"][0]["line_start"] = 99999999999999999999
    (tmp_path / "backup.json").write_text(json.dumps(backup))
    monkeypatch.setenv("REVIEWCTL_DB", str(tmp_path / "restored.db"))
    result = cli("import", str(tmp_path / "backup.json"), code=2)
    assert (
        result.stderr == "reviewctl: error: a number is too large to store (more than 64 bits); nothing was changed\n"
    )
    assert cli.json("list") == []
