"""The HTML reports render in a real headless browser (Debian chromium); skipped without one.

REVIEWCTL_SHOTS=DIR keeps the screenshots, to look at them."""

import html
import json
import os
import re
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
    assert dom.count("<polyline") == 2 and "<script" not in dom  # scope and forecast; the <script> stayed text
    assert '&lt;script&gt;alert("pwned")&lt;/script&gt; in the title' in dom

    shot = tmp_path / "weekly.png"
    _chromium(tmp_path, "--window-size=1000,1600", f"--screenshot={shot}", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


MEASURE = """<script>
(() => {
  const style = getComputedStyle(document.body);
  const content = document.body.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const charts = [...document.querySelectorAll("figure.chart svg")].map((svg) => ({
    width: svg.getBoundingClientRect().width,
    bars: svg.querySelectorAll("rect.bar").length,
    lines: Object.fromEntries(
      [...svg.querySelectorAll("polyline")].map((p) => [p.dataset.series, p.getBoundingClientRect().width])
    ),
    legend: [...svg.parentElement.querySelectorAll("[data-legend]")].map((s) => s.textContent),
  }));
  const pre = document.createElement("pre");
  pre.id = "measure";
  pre.textContent = JSON.stringify({content, charts});
  document.body.appendChild(pre);
})();
</script>"""
SHOTS = os.environ.get("REVIEWCTL_SHOTS")
"""A folder to keep the screenshots in, to look at them (they are always taken)."""


def _measured(tmp_path: Path, page: Path, name: str) -> dict:
    """The page at 1280 px: its content width and each chart's width, bars and lines (as drawn); a screenshot."""
    probe = tmp_path / f"{name}-measured.html"
    probe.write_text(page.read_text().replace("</body>", MEASURE + "\n</body>"))
    dom = _chromium(tmp_path, "--window-size=1280,1600", "--dump-dom", probe.as_uri()).stdout
    found = re.search(r'<pre id="measure">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    shot = Path(SHOTS or tmp_path) / f"{name}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    _chromium(tmp_path, "--window-size=1280,1600", "--hide-scrollbars", f"--screenshot={shot}", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return json.loads(html.unescape(found.group(1)))


def _full_width_with_ideal_and_forecast(measured: dict, bars: int) -> None:
    [chart] = measured["charts"]
    assert measured["content"] > 900  # 1280 px window, the page's max width
    assert chart["width"] >= 0.9 * measured["content"]
    assert chart["bars"] == bars
    assert chart["lines"]["ideal"] > 50 and chart["lines"]["forecast"] > 50  # drawn, not a dot
    assert [text.split(":")[0] for text in chart["legend"] if text.startswith(("ideal", "forecast"))] == [
        "ideal",
        "forecast",
    ]


def test_weekly_roadmap_and_burndown_charts_span_the_page_with_ideal_and_forecast(
    history: History, tmp_path: Path
) -> None:
    history.monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-22T18:00:00")
    weekly = Path(history.cli("report", "weekly", "-f", "html", "--capacity", "3h", "-o", str(tmp_path)).stdout.strip())
    _full_width_with_ideal_and_forecast(_measured(tmp_path, weekly, "weekly"), bars=3)
    roadmap = tmp_path / "roadmap.html"
    history.cli("roadmap", "--capacity", "2h", "--start", "2026-11-23", "-o", str(roadmap))
    _full_width_with_ideal_and_forecast(_measured(tmp_path, roadmap, "roadmap"), bars=3)
    burndown = tmp_path / "burndown.html"
    history.cli("burndown", "--since", "2026-W45", "--target", "2026-11-29", "-o", str(burndown))
    _full_width_with_ideal_and_forecast(_measured(tmp_path, burndown, "burndown"), bars=3)


def test_a_single_week_draws_a_readable_chart(history: History, tmp_path: Path) -> None:
    """The first week of the history: one bar, and the ideal and forecast lines running on past it."""
    history.monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-06T18:00:00")
    weekly = Path(history.cli("report", "weekly", "-f", "html", "--capacity", "3h", "-o", str(tmp_path)).stdout.strip())
    measured = _measured(tmp_path, weekly, "weekly-single")
    _full_width_with_ideal_and_forecast(measured, bars=1)
    assert "2026-W45" in weekly.read_text()
