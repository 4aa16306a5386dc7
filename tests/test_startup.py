"""Start-up stays light: the CLI module imports no heavy library until a command needs it."""

import subprocess
import sys

HEAVY = ("sqlalchemy", "sqlmodel", "git", "jinja2", "markdown_it")


def test_cli_import_loads_no_heavy_library() -> None:
    code = f"import sys, reviewctl.cli; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_help_loads_no_heavy_library() -> None:
    code = (
        "import sys\nfrom reviewctl.cli import app\ntry:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print('LOADED=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("LOADED=")


def test_python_dash_m_runs() -> None:
    out = subprocess.run([sys.executable, "-m", "reviewctl", "--help"], capture_output=True, text=True, check=True)
    assert "Turn code-review documents into a tracked, verified plan of work." in out.stdout
