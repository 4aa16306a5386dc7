"""`reviewctl demo` builds its project, runs the whole workflow and writes the weekly report."""

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Cli


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Cli, Path]:
    cli = Cli(tmp_path / "elsewhere" / "unused.db", monkeypatch)
    monkeypatch.delenv("REVIEWCTL_DB")
    monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-25T15:00:00")  # a Wednesday: the last steps fall in W48
    return cli, tmp_path / "shop"


def test_demo_runs_import_link_verify_status_and_report(demo: tuple[Cli, Path], monkeypatch) -> None:
    cli, root = demo
    out = cli("demo", str(root)).stdout
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert "21 days ago import reviews/shop-review.md: 5 findings (2 critical, 1 high, 2 medium)" in lines
    back = "back at shop/worker.py:14 (rule bare-except) since “Retry every gateway error when charging, timeouts"
    assert any(line.startswith("1 hour ago verify") and "regressed: was verified at " in line and back in line
               for line in lines)  # fmt: skip  # the regression names the commit that brought it back
    assert any("rejected: claimed fixed, but still at shop/cache.py:13" in line for line in lines)
    assert (root / "reports" / "2026-W48.md").is_file() and (root / "reports" / "2026-W48.html").is_file()

    report = (root / "reports" / "2026-W48.md").read_text()
    assert "| 5 (2h 50m) | 2 | 1 | 2 | 0 | 1 | 1 | 0 | 1 | 1 | 0 |" in report  # closed, verified, won't fix, ...
    assert "(`reviews/security-audit.md`): document says" in report and str(root) not in report
    assert "Use asyncio.sleep in reindex (fixes RC-" in report
    assert "document says 3 high issues; extracted 2" in report

    monkeypatch.chdir(root)  # the demo's store is the project's default store
    status = json.loads(cli("status", "--json").stdout)
    assert status["matrix"]["critical"]["open"] == 2 and status["matrix"]["high"]["verified"] == 2
    git_status = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True)
    assert git_status.stdout == ""  # the store and the reports are ignored


def test_demo_rebuilds_its_own_folder_but_not_a_foreign_one(demo: tuple[Cli, Path], monkeypatch) -> None:
    cli, root = demo
    cli("demo", str(root))
    cli("demo", str(root))  # a second run starts over
    monkeypatch.chdir(root / "shop")  # a third, from inside the folder it rebuilds
    assert "Weekly report:" in cli("demo", str(root)).stdout
    assert Path.cwd() == root and (root / "reports" / "2026-W48.md").is_file()
    foreign = root.parent / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    result = cli("demo", str(foreign), code=2)
    assert "exists and is not empty" in result.stderr
    assert (foreign / "notes.txt").read_text() == "keep me"
