"""Output scripts and pipes can trust: plain tab-separated tables when piped, a closed pipe is
success, one-line usage errors, readable help, `--version`, reading commands that leave no store."""

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command

from reviewctl.cli import app
from tests.conftest import Cli
from tests.test_postgres import pg_url  # noqa: F401  (the fixture: a throwaway PostgreSQL)

REVIEWCTL = str(Path(sys.executable).parent / "reviewctl")  # the console script: main(), as users run it
PYTHON_TYPES = re.compile(r"<(str|int|bool|float|path|list|tuple|datetime)\b|list\[|\{\w+\}", re.IGNORECASE)


def _commands(group=None, prefix=()):
    """Every command path: ('list',), ('rules', 'show'), …"""
    group = group or get_command(app)
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, (*prefix, name))
        else:
            yield (*prefix, name)


def _run(*args: str, db: Path, cwd: Path, stdin=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, REVIEWCTL_DB=str(db), REVIEWCTL_ACTOR="tester", NO_COLOR="1")
    return subprocess.run([REVIEWCTL, *args], capture_output=True, text=True, env=env, cwd=cwd, input=stdin)


# -- help, version, usage errors -------------------------------------------------------------
@pytest.mark.parametrize("command", list(_commands()), ids=" ".join)
def test_help_shows_no_python_types(cli: Cli, command: tuple[str, ...]) -> None:
    out = cli(*command, "--help").stdout
    assert not PYTHON_TYPES.search(out), out


def test_help_names_arguments_as_users_type_them(cli: Cli) -> None:
    usage = {
        c: cli(c, "-h").stdout.splitlines()[0]
        for c in ("set", "show", "import", "fix", "log", "link", "demo", "assign", "label", "due", "note")
    }
    assert usage == {
        "set": "Usage: reviewctl set [OPTIONS] ID... STATUS",
        "show": "Usage: reviewctl show [OPTIONS] ID",
        "import": "Usage: reviewctl import [OPTIONS] PATH...",
        "fix": "Usage: reviewctl fix [OPTIONS] ID...",
        "log": "Usage: reviewctl log [OPTIONS] [ID]",
        "link": "Usage: reviewctl link [OPTIONS] [RANGE]",
        "demo": "Usage: reviewctl demo [OPTIONS] [DIR]",
        "assign": "Usage: reviewctl assign [OPTIONS] ID... PERSON",
        "label": "Usage: reviewctl label [OPTIONS] ID... ±LABEL...",
        "due": "Usage: reviewctl due [OPTIONS] ID... WEEK|DATE",
        "note": "Usage: reviewctl note [OPTIONS] ID TEXT",
    }
    assert "-n, --note NOTE" in cli("fix", "-h").stdout
    assert "--limit N" in cli("list", "-h").stdout
    assert "--db PATH|URL" in cli("-h").stdout


def test_commands_are_listed_in_workflow_order_with_whole_descriptions(cli: Cli) -> None:
    out = cli("--help").stdout
    headings = [line for line in out.splitlines() if line and not line.startswith(" ")][-5:]
    assert headings == ["Import:", "Track:", "Link and verify:", "Report:", "Data and admin:"]
    flat = " ".join(out.split())
    root = get_command(app)
    for name, cmd in root.commands.items():
        first = " ".join((cmd.help or "").split("\n\n")[0].split())
        sentence = first[: first.find(". ") + 1] if ". " in first else first
        assert f"{name} {sentence}" in flat, name
    assert flat.index(" import Import") < flat.index(" list List") < flat.index(" verify Judge")
    assert flat.index(" verify Judge") < flat.index(" roadmap The") < flat.index(" export Export")


def test_version_is_the_package_version(cli: Cli, tmp_path: Path) -> None:
    from importlib.metadata import version

    assert cli("--version").stdout == f"reviewctl {version('reviewctl')}\n"
    result = _run("--version", db=tmp_path / "none.db", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"reviewctl {version('reviewctl')}\n", "")
    assert not (tmp_path / "none.db").exists()


def test_an_option_typo_is_one_line_and_exit_2(cli: Cli, tmp_path: Path) -> None:
    hint = "see 'reviewctl list --help'"
    expected = f"reviewctl: error: no such option: --stauts (Possible options: --status); {hint}\n"
    assert cli("list", "--stauts", "x", code=2).stderr == expected
    result = _run("list", "--stauts", "x", db=tmp_path / "none.db", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", expected)
    bad = cli("list", "--limit", "many", code=2).stderr
    assert bad == "reviewctl: error: invalid value for '--limit': give a whole number; see 'reviewctl list --help'\n"
    assert cli("--dbb", "x", "list", code=2).stderr == (
        "reviewctl: error: no such option: --dbb (Possible options: --db); see 'reviewctl --help'\n"
    )
    assert cli("lsit", code=2).stderr == (
        "reviewctl: error: no such command 'lsit'. Did you mean 'list'? See 'reviewctl --help'\n"
    )
    assert cli("rules", "show", code=2).stderr == (
        "reviewctl: error: missing argument 'RULE'; see 'reviewctl rules show --help'\n"
    )


# -- piped tables: tab-separated, one record a line, nothing wrapped ---------------------------
LONG = "Bare except in retry swallows every error " + " ".join(f"word{n}" for n in range(25))
WORKER = "def retry(job):\n    try:\n        job()\n    except:\n        pass\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A repository with a review of one long-titled finding, claimed fixed by a commit that is not a fix."""
    from tests.conftest import commit, reviewed_project

    review = f"# Review\n### 1. {LONG} (Critical)\n- **Location**: `w.py:4`\n- **Effort**: 2.75 hours\n"
    repo, cli, ids = reviewed_project(tmp_path, monkeypatch, [{"w.py": WORKER}], review)
    (fid,) = ids.values()
    commit(repo, f"fix {fid}", {"README": "not a fix\n"})
    return cli, fid


def _rows(out: str, cells: int) -> list[list[str]]:
    """The tab-separated lines of `out`, each checked to have `cells` cells."""
    rows = [line.split("\t") for line in out.splitlines() if "\t" in line]
    assert rows and all(len(r) == cells for r in rows), out
    return rows


def _once_whole(out: str) -> None:
    """Every line with a piece of the long title holds it whole: nothing wrapped or cut."""
    pieces = [line for line in out.splitlines() if "swallows" in line or "word24" in line]
    assert pieces and all(LONG in line for line in pieces), out


def test_piped_tables_are_tab_separated_and_never_wrap(project, monkeypatch) -> None:
    cli, fid = project
    monkeypatch.setenv("COLUMNS", "40")  # a narrow terminal width must not matter on a pipe
    link = cli("link").stdout
    assert _rows(link, 4)[0][:2] == ["claim", fid]
    verify = cli("verify", "--fail-on", "rejected", code=1).stdout
    assert _rows(verify, 4)[0][:3] == ["rejected", fid, "bare-except"]
    cli("start", fid, "--note", "a note\nover two lines\twith a tab")

    listed = cli("list").stdout
    assert _rows(listed, 7)[1] == [
        fid,
        "critical",
        "in_progress",
        "2h 45m",
        "1",
        "w.py:4",
        LONG,
    ]  # phase 1: by priority
    log = cli("log").stdout
    assert _rows(log, 6)[1][-1] == "a note over two lines with a tab"
    show = cli("show", fid).stdout
    _once_whole(show)
    assert _rows(show, 6)[0] == ["WHEN", "FINDING", "KIND", "CHANGE", "BY", "NOTE"]
    status = cli("status").stdout
    _once_whole(status)
    assert ["critical", "0", "1", "0", "0", "0", "0", "1"] in _rows(status.split("\n\n")[0], 8)
    roadmap = cli("roadmap", "--capacity", "2h/week", "--start", "2030-01-07").stdout
    _once_whole(roadmap)
    assert any(r[0] == fid and r[2].startswith(LONG) for r in _rows(roadmap.split("Plan:")[0], 5))
    assert _rows(roadmap.split("Plan:")[1], 4)[0] == ["WEEK", "DATES", "PLANNED", "FINDINGS"]
    burndown = cli("burndown").stdout
    head = ["WEEK", "SCOPE", "OPEN", "CLOSED", "WONTFIX", "EFFORT", "ADDED", "DONE", "SET WONTFIX", "REOPEN", "DROP"]
    assert _rows(burndown, 11)[0] == head
    gate = cli("gate", "--max-open", "critical=0", code=1).stdout
    assert gate.splitlines()[1].split("\t") == ["", fid, "critical", "w.py:4", LONG]
    rules = cli("rules", "list").stdout
    assert _rows(rules, 4)[0] == ["ID", "SEVERITY", "LANGUAGES", "TITLE"]
    for out in (link, verify, listed, log, status, roadmap, burndown, gate, rules):
        assert "\x1b" not in out and "│" not in out and "━" not in out  # no styling, no box drawing


def test_piped_rules_check_is_tab_separated(cli: Cli) -> None:
    rows = _rows(cli("rules", "check").stdout, 4)
    assert {r[0] for r in rows} == {"ok"} and all(r[3] == "" for r in rows)


def test_detect_and_import_summary_are_plain_lines(project) -> None:
    cli, _fid = project
    assert cli("detect").stdout.splitlines() == [
        "w.py:4:5: bare-except Bare except clause",
        "w.py:4:5: except-pass Broad except that swallows the error",
    ]
    Path("ctl.md").write_text("# Review\n### 1. Title with \x1b]0;pwned\x07 escape (High)\n- **Location**: `w.py:4`\n")
    summary = cli("import", "ctl.md").stderr
    assert summary.splitlines()[0] == "ctl.md → review 'ctl': 1 new, 0 changed, 0 unchanged, 0 dropped"
    assert "\x1b" not in summary


# -- a closed pipe -----------------------------------------------------------------------------
PIPED = [
    ["list"], ["log"], ["show"], ["status"], ["export"], ["roadmap"], ["burndown"], ["verify"], ["gate"],
    ["rules", "list"], ["rules", "show", "bare-except"], ["detect"], ["--help"], ["list", "--help"],
]  # fmt: skip


@pytest.mark.parametrize("args", PIPED, ids=" ".join)
def test_a_closed_pipe_is_success(project, args: list[str]) -> None:
    """The reader is gone before reviewctl writes (as `| head -1` after its line): exit 0, no traceback."""
    _cli, fid = project
    args = [*args, fid] if args == ["show"] else args
    proc = subprocess.Popen([REVIEWCTL, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert (proc.wait(), "Traceback" in err, "Exception ignored" in err) == (0, False, False), err


def test_head_minus_1_exits_0(project) -> None:
    cli, _fid = project
    for _ in range(30):  # a log long enough to fill the pipe's buffer after head has gone
        cli("start", _fid, "--note", "x" * 3000)
        cli("reopen", _fid, "--note", "y" * 3000)
    script = f"'{REVIEWCTL}' log --limit 0 | head -1; echo \"exit ${{PIPESTATUS[0]}}\""
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=os.environ)
    assert out.stdout.splitlines() == ["WHEN\tFINDING\tKIND\tCHANGE\tBY\tNOTE", "exit 0"] and out.stderr == ""


# -- reading commands leave no store behind --------------------------------------------------
READING = [
    ["status"], ["status", "--json"], ["list"], ["show", "RC-X"], ["log"], ["log", "RC-X"], ["export"],
    ["export", "--format", "csv"], ["export", "--format", "sarif"], ["export", "--format", "md"], ["roadmap"],
    ["burndown"], ["report", "weekly"], ["verify"], ["gate"], ["link", "--suggest"], ["set-rule", "RC-X", "none"],
    ["start", "RC-X"], ["set", "RC-X", "wontfix"],
]  # fmt: skip


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_reading_commands_create_no_store(cli: Cli, tmp_path: Path, monkeypatch, args: list[str]) -> None:
    """At the default location, outside a git repository: a one-line error naming where it looked, exit 2."""
    monkeypatch.delenv("REVIEWCTL_DB")
    here = tmp_path / "project"
    here.mkdir()
    monkeypatch.chdir(here)
    result = cli(*args, code=2)
    where = here / ".reviewctl" / "findings.db"
    assert result.stderr == f"reviewctl: error: no store at {where}; run `reviewctl init` or import a review first\n"
    assert list(here.iterdir()) == []


def test_dry_runs_create_no_store(cli: Cli, tmp_path: Path, monkeypatch) -> None:
    from tests.conftest import ASSETS

    monkeypatch.delenv("REVIEWCTL_DB")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.py").write_text("try:\n    x()\nexcept:\n    pass\n")
    before = sorted(tmp_path.iterdir())
    assert "4 new" in cli("import", str(ASSETS / "small_review.md"), "--dry-run").stderr
    assert "would import: 1 new findings" in cli("detect", "--rule", "bare-except", "--import", "--dry-run").stderr
    cli("import", str(ASSETS / "small_review.md"), "--explain")
    assert sorted(tmp_path.iterdir()) == before


def test_an_empty_database_file_stays_empty(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = cli("--db", str(empty), "status", code=2)
    assert (
        result.stderr
        == f"reviewctl: error: no store at sqlite:///{empty}; run `reviewctl init` or import a review first\n"
    )
    with sqlite3.connect(empty) as db:
        assert db.execute("SELECT name FROM sqlite_master").fetchall() == []  # no tables were created


def test_an_empty_postgres_database_gets_no_tables(pg_url: str, cli: Cli) -> None:  # noqa: F811
    result = cli("--db", pg_url, "list", code=2)
    assert result.stderr == f"reviewctl: error: no store at {pg_url}; run `reviewctl init` or import a review first\n"
    from sqlalchemy import create_engine, inspect

    engine = create_engine(pg_url)
    with engine.connect() as conn:
        assert inspect(conn).get_table_names() == []
    engine.dispose()


# -- init: what to commit ----------------------------------------------------------------------
def test_init_says_what_to_commit_and_asks_nothing_on_a_pipe(cli: Cli, tmp_path: Path, monkeypatch) -> None:
    from tests.conftest import git_repo

    monkeypatch.delenv("REVIEWCTL_DB")
    root = tmp_path / "project"
    git_repo(root)
    monkeypatch.chdir(root)
    out = cli("init").stderr.splitlines()
    assert out == [
        f"store ready: sqlite:///{root / '.reviewctl' / 'findings.db'}",
        "The database .reviewctl/findings.db is local: your statuses and history, not for git; "
        "commit .reviewctl/config.yaml and .reviewctl/rules/ when you add them.",
        "git does not ignore it yet: `reviewctl init --gitignore` adds it to .gitignore.",
    ]
    assert not (root / ".gitignore").exists()
    assert (
        cli("init", "--gitignore").stderr.splitlines()[-1]
        == f"Added /.reviewctl/findings.db* to {root / '.gitignore'}."
    )
    assert cli("init", "--gitignore").stderr.splitlines()[-1] == "git already ignores it."
    assert (root / ".gitignore").read_text() == "/.reviewctl/findings.db*\n"
    cli("import", str(Path(__file__).parent / "assets" / "small_review.md"))
    porcelain = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True).stdout
    assert porcelain == "?? .gitignore\n"  # the database and its -wal/-shm files are ignored


def test_init_asks_a_person_at_a_terminal(tmp_path: Path) -> None:
    import pty

    from tests.conftest import git_repo

    root = tmp_path / "project"
    git_repo(root)
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "REVIEWCTL_DB"}
    proc = subprocess.Popen([REVIEWCTL, "init"], stdin=slave, stdout=slave, stderr=slave, cwd=root, env=env)
    os.write(master, b"y\n")
    assert proc.wait(timeout=60) == 0
    os.close(slave)
    screen = b""
    while True:
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    os.close(master)
    assert "Keep the database out of git (add it to .gitignore)? [Y/n]" in screen.decode()
    assert (root / ".gitignore").read_text() == "/.reviewctl/findings.db*\n"


# -- one effort format -------------------------------------------------------------------------
def test_effort_reads_the_same_everywhere(cli: Cli, tmp_path: Path) -> None:
    doc = tmp_path / "effort.md"
    doc.write_text(
        "# Review\n## Critical issues\n### 1. Bare except in the worker (Critical)\n- **Location**: `a.py:1`\n"
        "- **Effort**: 2.75 hours\n### 2. Unbounded cache (Critical)\n- **Location**: `b.py:2`\n"
        "- **Effort**: 45 minutes\n"
    )
    summary = cli("import", str(doc)).stderr
    assert "effort 3h 30m" in summary
    rows = {r[-1]: r[3] for r in _rows(cli("list").stdout, 7)[1:]}
    assert rows == {"Bare except in the worker": "2h 45m", "Unbounded cache": "45m"}
    bare = cli.json("list")[0]
    assert (bare["title"], bare["effort_minutes"]) == ("Bare except in the worker", 165)  # JSON: minutes
    assert "  effort    2h 45m  (2.75 hours)" in cli("show", bare["id"]).stdout.splitlines()
    assert "all\t0/2\t0%\t0m/3h 30m" in cli("status").stdout.splitlines()
    assert cli.json("status")["overall"]["effort"] == 210
    roadmap = cli("roadmap").stdout
    assert roadmap.splitlines()[0].endswith("2 open (3h 30m), 0 done")
    assert [r[3] for r in _rows(roadmap, 5)[1:]] == ["2h 45m", "45m"]
    assert "| 2h 45m |" in cli("export", "--format", "md").stdout
    assert "(3h 30m)" in cli("roadmap", "--format", "md").stdout
