"""Roadmap, burn-down and weekly report on a store with a known event history (real CLI, fixed clock)."""

import json
import os
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.history import XSS, History

GOLDEN = Path(__file__).parent / "golden"


def burndown_json(cli: Cli, *args: str) -> dict:
    return json.loads(cli("burndown", "--format", "json", *args).stdout)


def test_burndown_by_week_replays_the_history(history: History) -> None:
    burn = burndown_json(history.cli, "--since", "2026-W45", "--as-of", "2026-11-22", "--target", "2026-11-29")
    rows = [
        (r["label"], r["scope"], r["open"], r["closed"], r["wontfix"], r["open_minutes"], r["added"], r["done"],
         r["declined"], r["reopened"], r["removed"], r["ideal"])
        for r in burn["rows"]
    ]  # fmt: skip
    # wontfix is neither open nor closed: its own count (state) and flow (declined)
    assert rows == [
        ("2026-W45", 4, 3, 1, 0, 210, 4, 1, 0, 0, 0, 3.0),  # medium without effort: 1 h default
        ("2026-W46", 6, 3, 2, 1, 300, 2, 1, 1, 0, 0, 2.0),
        ("2026-W47", 5, 3, 1, 1, 300, 0, 0, 0, 1, 1, 1.0),
    ]
    assert burn["rows"][-1]["open_by_priority"] == {"critical": 1, "high": 1, "medium": 1}
    assert (burn["open_now"], burn["closed_now"], burn["wontfix_now"], burn["open_minutes_now"]) == (3, 1, 1, 300)
    assert burn["rate_per_week"] == 0.5  # (2 closed + 1 wontfix - 1 reopened) over 28 days
    assert burn["hours_per_week"] == 0.62  # (2 h + 1 h closed + 0.5 h wontfix - 1 h reopened) over 28 days
    assert (burn["forecast"], burn["on_track"]) == ("2027-01-03", False)
    assert burn["by_priority"] == [
        {"priority": "critical", "open": 1, "added": 2, "done": 1, "wontfix": 0},
        {"priority": "high", "open": 1, "added": 1, "done": 1, "wontfix": 0},
        {"priority": "medium", "open": 1, "added": 2, "done": 0, "wontfix": 0},
        {"priority": "low", "open": 0, "added": 1, "done": 0, "wontfix": 1},
    ]


def test_burndown_as_of_an_earlier_day_ignores_later_events(history: History) -> None:
    burn = burndown_json(history.cli, "--as-of", "2026-11-11", "--by", "day", "--since", "2026-11-09")
    assert [(r["label"], r["scope"], r["open"], r["closed"]) for r in burn["rows"]] == [
        ("2026-11-09", 4, 3, 1),
        ("2026-11-10", 6, 5, 1),
        ("2026-11-11", 6, 5, 1),
    ]
    assert burn["until"] == "2026-11-11"


def test_burndown_until_a_week_and_terminal_output(history: History) -> None:
    out = history.cli("burndown", "--since", "2026-W46", "--until", "2026-W46", "--as-of", "2026-11-22").stdout
    assert "2026-W46" in out and "2026-W47" not in out
    assert "█ open   ░ rest of the scope (closed, won't fix)" in out  # the bar chart's legend
    out = history.cli("burndown", "--since", "2026-W46", "--as-of", "2026-11-22", "--target", "2026-11-29").stdout
    assert "| ideal (zero open by 2026-11-29)" in out
    assert "Forecast: no open work left by 2027-01-03" in out.replace("\n", " ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--by", "month"), "--by: use day or week, not 'month'"),
        (("--since", "last tuesday"), "--since: 'last tuesday' is not a date"),
        (("--since", "2026-11-20", "--until", "2026-11-10"), "the period ends (2026-11-10) before it starts"),
        (("--format", "pdf"), "--format: use terminal, md, html or json, not 'pdf'"),
    ],
)
def test_burndown_bad_options_are_one_line_errors(history: History, args: tuple, message: str) -> None:
    result = history.cli("burndown", *args, code=2)
    assert message in result.stderr


def test_roadmap_phases_from_documents_else_priority(history: History) -> None:
    history.monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-23T09:00:00")
    plan = json.loads(history.cli("roadmap", "--format", "json").stdout)
    phases = [(p["number"], p["label"], p["source"], [i["id"] for i in p["items"]]) for p in plan["phases"]]
    assert phases == [
        (1, "Phase 1: Quick wins (Week 1)", "document",
         [history.id("SQL injection"), history.id("Missing index"), history.id("Bare except")]),
        (2, "Phase 2: Cleanup (Week 2)", "document", [history.id("Typos")]),
        (3, "Phase 3: medium (by priority)", "priority", [history.id("Unbounded")]),
    ]  # fmt: skip
    assert (plan["open"], plan["done"], plan["wontfix"], plan["open_minutes"], plan["weeks"]) == (3, 1, 1, 300, [])


def test_roadmap_plans_weeks_by_capacity_with_overflow_after_the_deadline(history: History) -> None:
    history.monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-23T09:00:00")
    args = ("roadmap", "--format", "json", "--capacity", "3h/week", "--start", "2026-11-23")
    plan = json.loads(history.cli(*args, "--deadline", "2026-12-06").stdout)
    weeks = [
        (w["start"], w["capacity_minutes"], w["planned_minutes"], [i["id"] for i in w["items"]]) for w in plan["weeks"]
    ]
    assert weeks == [
        ("2026-11-23", 180, 180, [history.id("SQL injection")]),
        ("2026-11-30", 180, 120, [history.id("Missing index"), history.id("Unbounded")]),
    ]
    assert plan["overflow"] == []

    plan = json.loads(history.cli(*args, "--deadline", "2026-12-01").stdout)
    week2 = plan["weeks"][1]
    assert (week2["capacity_minutes"], week2["planned_minutes"]) == (51, 51)  # 2 of 7 days before the deadline
    assert [(i["id"], i["part"], i["planned_minutes"]) for i in week2["items"]] == [
        (history.id("Missing index"), "partial", 51)
    ]
    assert [(i["id"], i["planned_minutes"]) for i in plan["overflow"]] == [
        (history.id("Missing index"), 9),
        (history.id("Unbounded"), 60),
    ]


def test_an_item_larger_than_a_week_is_split(history: History) -> None:
    history.monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-23T09:00:00")
    plan = json.loads(history.cli("roadmap", "-f", "json", "--capacity", "2h", "--start", "2026-11-23").stdout)
    assert [[(i["id"][-3:], i["part"], i["planned_minutes"]) for i in w["items"]] for w in plan["weeks"]] == [
        [(history.id("SQL injection")[-3:], "1/2", 120)],
        [(history.id("SQL injection")[-3:], "2/2", 60), (history.id("Missing index")[-3:], None, 60)],
        [(history.id("Unbounded")[-3:], None, 60)],
    ]


def test_project_config_sets_default_efforts_and_capacity(
    history: History, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (history.cli.db.parent / "pyproject.toml").write_text(
        '[tool.reviewctl]\ncapacity = "5h/week"\ndefault-effort = { medium = "90m" }\n'
    )
    monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-23T09:00:00")
    plan = json.loads(history.cli("roadmap", "--format", "json").stdout)
    assert plan["capacity_minutes"] == 300
    assert plan["config_source"].endswith("pyproject.toml [tool.reviewctl]")
    burn = burndown_json(history.cli, "--since", "2026-W45", "--until", "2026-W45", "--as-of", "2026-11-22")
    assert burn["rows"][0]["open_minutes"] == 240  # critical 2 h + the medium's 1.5 h default + low 0.5 h

    (history.cli.db.parent / "pyproject.toml").write_text('[tool.reviewctl]\ndefault-effort = { urgent = "1h" }\n')
    result = history.cli("roadmap", code=2)
    assert "unknown priority 'urgent' in default-effort" in result.stderr


def test_weekly_report_headline_done_and_stale(history: History) -> None:
    history.monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-30T09:00:00")
    out = history.cli.db.parent / "out"
    result = history.cli("report", "weekly", "--week", "2026-W46", "-o", str(out))
    assert result.stdout.strip() == str(out / "2026-W46.md")
    text = (out / "2026-W46.md").read_text()
    # closed 1, verified 0, won't fix 1: wontfix is neither closed nor open, it has its own count and list
    assert "| 3 (5h) | 1 | 0 | 2 | 0 | 1 | 0 | 1 | 0 | 0 | 2 |" in text
    assert f"- **{history.id('Bare except')}** [critical] Bare except in the worker — fixed 2026-11-12" in text
    done = text.split("## Done this week")[1].split("##")[0]
    assert "Typos" not in done
    declined = text.split("## Won't fix this week")[1].split("##")[0]
    assert declined.strip() == f"- **{history.id('Typos')}** [low] Typos in docstrings — won't fix 2026-11-12"
    assert "## Stale criticals" not in text  # the open critical was imported 4 days before the week ended


def test_weekly_report_defaults_to_this_week_under_reports(history: History) -> None:
    history.monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-26T09:00:00")
    history.cli("report", "weekly", "--format", "html")
    page = (history.cli.db.parent / "reports" / "2026-W48.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")  # self-contained


@pytest.mark.parametrize("kind", ["burndown", "weekly", "roadmap"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_output(history: History, kind: str, fmt: str) -> None:
    """Same history, same bytes; UPDATE_GOLDEN=1 rewrites the files (read the diff before committing)."""
    history.monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-22T18:00:00")
    if kind == "burndown":
        text = history.cli("burndown", "-f", fmt, "--since", "2026-W45", "--target", "2026-11-29").stdout
    elif kind == "roadmap":
        text = history.cli("roadmap", "-f", fmt, "--capacity", "3h/week", "--deadline", "2026-12-01").stdout
    else:
        out = history.cli.db.parent / "reports"
        text = Path(history.cli("report", "weekly", "-f", fmt, "-o", str(out)).stdout.strip()).read_text()
    golden = GOLDEN / f"{kind}.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text)
    assert text == golden.read_text()


def test_review_text_is_escaped_in_html_and_markdown(cli: Cli, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "xss.md").write_text(XSS)
    monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-20T10:00:00")
    cli("import", str(tmp_path / "xss.md"))
    out = tmp_path / "out"
    page = Path(cli("report", "weekly", "-f", "html", "-o", str(out)).stdout.strip()).read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in page
    roadmap = cli("roadmap", "-f", "html").stdout
    assert "<script>" not in roadmap and "&lt;script&gt;" in roadmap
    markdown = cli("roadmap", "-f", "md").stdout
    assert r'\<script\>alert("pwned")\</script\> in the title' in markdown


def test_templates_folder_overrides_one_template_by_name(history: History, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "weekly.md.j2").write_text("{{ r.week }}: {{ r.headline.open }} open{{ '\\n' }}")
    history.monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-22T18:00:00")
    path = history.cli("report", "weekly", "--templates", str(mine), "-o", str(tmp_path)).stdout.strip()
    assert Path(path).read_text() == "2026-W47: 3 open\n"
    (mine / "weekly.md.j2").write_text("{{ r.no_such_field }}")
    result = history.cli("report", "weekly", "--templates", str(mine), "-o", str(tmp_path), code=2)
    assert "template weekly.md.j2" in result.stderr and "no_such_field" in result.stderr


def test_report_commands_need_a_store(cli: Cli) -> None:
    result = cli("roadmap", code=2)
    assert "no store at" in result.stderr


def test_roadmap_refuses_a_deadline_before_its_start_and_a_zero_capacity(history: History) -> None:
    cli = history.cli
    late = cli("roadmap", "--start", "2026-12-07", "--deadline", "2026-12-01", "--capacity", "4h", code=2)
    assert late.stderr == "reviewctl: error: --deadline 2026-12-01 is before the plan starts (2026-12-07)\n"
    none = cli("roadmap", "--capacity", "0h/week", code=2).stderr
    assert (
        none == "reviewctl: error: --capacity: '0h' is no time at all; give a positive duration (try '4h' or '30m')\n"
    )
