"""Reports you can send (#13): no local paths, the commit behind a regression, roadmap weeks filled
first-fit, plan items citing several findings, and one phase for a finding everywhere (real CLI)."""

import json
import re
from pathlib import Path

import pytest

from tests.conftest import Cli, commit, reviewed_project
from tests.history import History
from tests.test_verify import FIXED, WORKER

REVIEW = """# Review

We found 3 critical issues.

### 1. Bare except in retry (Critical)
- **Location**: `app/worker.py:7`
"""
ABSOLUTE = re.compile(r"(?<![\w.])/(?:tmp|home|root|work|Users|var|private)/")


def _weekly(cli: Cli, fmt: str, out: Path) -> str:
    return Path(cli("report", "weekly", "-f", fmt, "-o", str(out)).stdout.strip()).read_text()


@pytest.fixture
def regressed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A finding fixed, verified, then brought back by one commit among unrelated ones."""
    repo, cli, ids = reviewed_project(tmp_path, monkeypatch, [{"app/worker.py": WORKER}], REVIEW)
    retry = ids["Bare except in retry"]
    commit(repo, f"fix {retry}: catch ValueError", {"app/worker.py": FIXED})
    cli("link")
    assert [v["verdict"] for v in cli.json("verify")] == ["verified"]
    commit(repo, "docs", {"README": "x\n"})
    culprit = commit(repo, "catch everything in retry again", {"app/worker.py": WORKER})
    head = commit(repo, "more docs", {"README": "y\n"})
    return cli, retry, culprit, head, tmp_path


def test_a_regression_is_recorded_at_the_commit_that_brought_it_back(regressed) -> None:
    cli, retry, culprit, head, _ = regressed
    [verdict] = cli.json("verify")
    assert (verdict["verdict"], verdict["revision"]) == ("regressed", culprit)
    assert verdict["reason"].endswith(
        "back at app/worker.py:7 (rule bare-except) since “catch everything in retry again”, "
        f"still there at {head[:10]}"
    )
    assert cli.json("show", retry)["checks"][-1]["revision"] == culprit


def test_weekly_report_names_the_regressing_commit_not_head(regressed) -> None:
    cli, retry, culprit, head, tmp_path = regressed
    cli("verify")
    text = _weekly(cli, "md", tmp_path / "out")
    section = text.split("## Regressions")[1].split("## ")[0]
    assert f"- **{retry}** [critical] Bare except in retry — brought back by `{culprit[:10]}`: " in section
    assert f"(bare-except at {culprit[:10]})" in section and f"at {head[:10]})" not in section
    page = _weekly(cli, "html", tmp_path / "out")
    assert f"brought back by <code>{culprit[:10]}</code>" in page


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_weekly_report_shows_paths_relative_to_the_repository(regressed, fmt: str) -> None:
    cli, _, _, _, tmp_path = regressed
    text = _weekly(cli, fmt, tmp_path / "out")
    assert "document says 3 critical issues; extracted 1" in text
    assert "(<code>review.md</code>)" in text if fmt == "html" else "(`review.md`)" in text
    assert str(tmp_path) not in text and not ABSOLUTE.search(text)


def test_no_report_shows_an_absolute_path(history: History, tmp_path: Path) -> None:
    """The history's documents live outside the (non-git) working folder: shown by name only."""
    (tmp_path / "review-b.md").write_text("# Review B\n\nWe found 9 critical issues.\n\n## 1. Lone one (Critical)\n")
    history.cli("import", str(tmp_path / "review-b.md"))
    history.monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-26T09:00:00")
    for fmt in ("md", "html"):
        text = _weekly(history.cli, fmt, tmp_path / "out")
        assert "review-b.md" in text and str(tmp_path) not in text and not ABSOLUTE.search(text)
        for command in (("roadmap", "--capacity", "3h"), ("burndown",)):
            out = history.cli(*command, "-f", fmt).stdout
            assert str(tmp_path) not in out and not ABSOLUTE.search(out)


def test_weekly_report_counts_wontfix_apart_from_closed(history: History, tmp_path: Path) -> None:
    history.monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-13T09:00:00")
    page = _weekly(history.cli, "html", tmp_path / "out")
    cards = {label: int(n) for n, label in re.findall(r"<b>(\d+)</b><span>([^<]+)</span>", page)}
    assert (cards["closed this week"], cards["won't fix this week"]) == (1, 1)
    assert "<h2>Won't fix this week</h2>" in page
    result = history.cli("report", "weekly", "-o", str(tmp_path / "out"))
    assert "1 closed, 0 verified, 1 won't fix" in result.stderr


PLAN = """# Review C

## 1. Bare except in the worker (Critical)
**Location**: `app/worker.py:10`
**Estimated Time**: 3 hours

## 2. Missing index on orders (High)
**Location**: `app/db.py:5`
**Estimated Time**: 90 minutes

## 3. Slow report query (High)
**Location**: `app/report.py:5`
**Estimated Time**: 30 minutes

## 4. Typos in docstrings (Low)
**Location**: `app/util.py:1`
**Estimated Time**: 30 minutes

## 5. Noisy logging (Medium)
**Location**: `app/log.py:1`

## Roadmap

### Phase 1: Hardening (Week 1)
1. **Fix the worker and the queries** (#1, #2, #3)

### Phase 2: Cleanup (Week 2)
1. **Polish** (#4)
"""


@pytest.fixture
def plan(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Cli, dict[str, str]]:
    (tmp_path / "plan.md").write_text(PLAN)
    monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-23T09:00:00")
    cli("import", str(tmp_path / "plan.md"))
    return cli, {f["title"].split()[0]: f["id"] for f in cli.export()["findings"]}


def test_a_plan_item_citing_several_findings_phases_them_all(plan) -> None:
    cli, ids = plan
    roadmap = json.loads(cli("roadmap", "-f", "json").stdout)
    phases = [(p["number"], p["label"], p["source"], [i["id"] for i in p["items"]]) for p in roadmap["phases"]]
    assert phases == [
        (1, "Phase 1: Hardening (Week 1)", "document", [ids["Bare"], ids["Missing"], ids["Slow"]]),
        (2, "Phase 2: Cleanup (Week 2)", "document", [ids["Typos"]]),
        (3, "Phase 3: medium (by priority)", "priority", [ids["Noisy"]]),
    ]
    assert len(ids) == 5  # the item naming findings is not a new finding


def test_roadmap_fills_each_week_first_fit(plan) -> None:
    cli, ids = plan
    roadmap = json.loads(cli("roadmap", "-f", "json", "--capacity", "4h", "--start", "2026-11-23").stdout)
    weeks = [(w["planned_minutes"], [(i["id"], i["planned_minutes"]) for i in w["items"]]) for w in roadmap["weeks"]]
    # 3 h, then 1.5 h does not fit what is left of week 1 (1 h) but the next 30 min items do
    assert weeks == [
        (240, [(ids["Bare"], 180), (ids["Slow"], 30), (ids["Typos"], 30)]),
        (150, [(ids["Missing"], 90), (ids["Noisy"], 60)]),
    ]


EVERY_STATUS = ("-s", "open", "-s", "in_progress", "-s", "fixed", "-s", "verified", "-s", "wontfix")


def test_a_findings_phase_is_the_same_in_status_list_roadmap_and_reports(plan, tmp_path: Path) -> None:
    cli, ids = plan
    cli("wontfix", ids["Typos"])
    listed = {
        line.split("\t")[0]: int(line.split("\t")[4]) for line in cli("list", *EVERY_STATUS).stdout.splitlines()[1:]
    }
    roadmap = json.loads(cli("roadmap", "-f", "json").stdout)
    planned = {i["id"]: p["number"] for p in roadmap["phases"] for i in p["items"]}
    assert listed == planned == {
        ids["Bare"]: 1, ids["Missing"]: 1, ids["Slow"]: 1, ids["Typos"]: 2, ids["Noisy"]: 3
    }  # fmt: skip
    for number in (1, 2, 3):
        shown = cli("list", *EVERY_STATUS, "--phase", str(number)).stdout.splitlines()[1:]
        assert sorted(line.split("\t")[0] for line in shown) == sorted(k for k, v in planned.items() if v == number)
    by_phase = {p["label"]: (p["done"], p["total"]) for p in cli.json("status")["by_phase"]}
    counted = {f"phase {n}": sum(1 for v in planned.values() if v == n) for n in (1, 2, 3)}
    assert {label: total for label, (_, total) in by_phase.items()} == counted
    weekly = json.loads(cli("roadmap", "-f", "json", "--capacity", "8h").stdout)
    assert {i["id"]: i["phase"] for w in weekly["weeks"] for i in w["items"]} == {
        k: v for k, v in planned.items() if k != ids["Typos"]
    }


def test_a_long_roadmap_lists_the_first_findings_and_counts_the_rest(history: History) -> None:
    from reviewctl.report import roadmap

    history.monkeypatch.setattr(roadmap, "PHASE_ITEMS", 2)
    history.monkeypatch.setattr(roadmap, "WEEK_ITEMS", 1)
    history.monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-23T09:00:00")
    args = ("roadmap", "--capacity", "3h/week", "--start", "2026-11-23", "--deadline")
    plan = json.loads(history.cli(*args, "2026-12-06", "-f", "json").stdout)
    phase1 = plan["phases"][0]
    assert ([i["id"] for i in phase1["items"]], phase1["more"]) == ([history.id("SQL"), history.id("Missing")], 1)
    assert (phase1["open"], phase1["done"]) == (2, 1)  # totals count every finding
    assert [(len(w["items"]), w["more"]) for w in plan["weeks"]] == [(1, 0), (1, 1)]
    short = json.loads(history.cli(*args, "2026-11-30", "-f", "json").stdout)  # week 2: 25 min before the deadline
    assert [(i["id"], i["planned_minutes"]) for i in short["overflow"]] == [(history.id("Missing"), 35)]
    assert (short["overflow_more"], short["overflow_minutes"]) == (1, 95)
    text = history.cli(*args, "2026-11-30", "-f", "md").stdout
    assert "… and 1 more in this phase." in text and "- … and 1 more (1h 35m left in all)" in text
    page = history.cli(*args, "2026-12-06", "-f", "html").stdout
    assert '<li class="muted">… and 1 more</li>' in page


@pytest.mark.parametrize("capacity", [45, 60, 120, 200])
def test_planning_only_the_next_weeks_gives_the_full_plans_first_weeks(history: History, capacity: int) -> None:
    """The weekly report plans two weeks and stops reading when no week can take the smallest item."""
    from reviewctl.config import ProjectConfig
    from reviewctl.report.roadmap import build_roadmap
    from reviewctl.store import open_store

    history.monkeypatch.setenv("REVIEWCTL_NOW", "2026-11-23T09:00:00")
    store = open_store(f"sqlite:///{history.cli.db}")
    full = build_roadmap(store, ProjectConfig(), capacity_minutes=capacity)
    few = build_roadmap(store, ProjectConfig(), capacity_minutes=capacity, weeks_only=2)
    assert few.weeks == full.weeks[:2] and few.open_minutes == full.open_minutes


def test_weekly_done_list_marks_a_claim_verify_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo, cli, ids = reviewed_project(tmp_path, monkeypatch, [{"app/worker.py": WORKER}], REVIEW)
    retry = ids["Bare except in retry"]
    wrong = commit(repo, f"fix {retry}: reword the docs", {"README": "x\n"})
    cli("link")
    assert [v["verdict"] for v in cli.json("verify")] == ["rejected"]
    right = commit(repo, f"fix {retry}: catch ValueError", {"app/worker.py": FIXED})
    cli("link")
    assert [v["verdict"] for v in cli.json("verify")] == ["verified"]
    done = _weekly(cli, "md", tmp_path / "out").split("## Done this week")[1].split("## ")[0]
    assert (
        f"— `{wrong[:10]}` fix {retry}: reword the docs (verify: rejected); "
        f"`{right[:10]}` fix {retry}: catch ValueError (verify: verified)"
    ) in done
    page = _weekly(cli, "html", tmp_path / "out")
    assert f"<code>{wrong[:10]}</code> fix {retry}: reword the docs (verify: rejected)" in page
