"""The HTML weekly report renders in a real headless browser (Debian chromium); skipped without one."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.history import XSS, History

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt install chromium)")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_weekly_report_renders_in_chromium(history: History, tmp_path: Path) -> None:
    (tmp_path / "xss.md").write_text(XSS)
    history.monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-22T18:00:00")
    history.cli("import", str(tmp_path / "xss.md"))
    page = Path(history.cli("report", "weekly", "-f", "html", "-o", str(tmp_path)).stdout.strip())

    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert "<h1>Weekly report 2026-W47</h1>" in dom
    assert dom.count("<polyline") == 2 and "<script" not in dom  # the review's <script> stayed text
    assert '&lt;script&gt;alert("pwned")&lt;/script&gt; in the title' in dom

    shot = tmp_path / "weekly.png"
    _chromium(tmp_path, "--window-size=1000,1600", f"--screenshot={shot}", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
