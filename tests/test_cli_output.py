"""Output scripts and pipes can trust: plain tab-separated tables when piped, a closed pipe is
success, one-line usage errors, readable help, `--version`, reading commands that leave no store."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command

from reviewctl.cli import app
from tests.conftest import Cli

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
    usage = {c: cli(c, "-h").stdout.splitlines()[0] for c in ("set", "show", "import", "fix", "log", "link", "demo")}
    assert usage == {
        "set": "Usage: reviewctl set [OPTIONS] ID... STATUS",
        "show": "Usage: reviewctl show [OPTIONS] ID",
        "import": "Usage: reviewctl import [OPTIONS] PATH...",
        "fix": "Usage: reviewctl fix [OPTIONS] ID...",
        "log": "Usage: reviewctl log [OPTIONS] [ID]",
        "link": "Usage: reviewctl link [OPTIONS] [RANGE]",
        "demo": "Usage: reviewctl demo [OPTIONS] [DIR]",
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
    assert bad.startswith("reviewctl: error: invalid value for '--limit'") and bad.count("\n") == 1
    assert cli("--dbb", "x", "list", code=2).stderr == (
        "reviewctl: error: no such option: --dbb (Possible options: --db); see 'reviewctl --help'\n"
    )
    assert cli("lsit", code=2).stderr == (
        "reviewctl: error: no such command 'lsit'. Did you mean 'list'? See 'reviewctl --help'\n"
    )
    assert cli("rules", "show", code=2).stderr == (
        "reviewctl: error: missing argument 'RULE'; see 'reviewctl rules show --help'\n"
    )
