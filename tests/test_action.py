"""The composite GitHub Action's steps, run as the runner runs them, in a tmp repository, offline.

The install step is the one step not run (this venv already has reviewctl); every other step's
script runs under bash with the environment GitHub sets and the inputs expanded as GitHub would.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import commit, git_repo

ROOT = Path(__file__).resolve().parents[1]
WORKER = "import logging\n\n\ndef retry(job):\n    try:\n        job()\n    except:\n        logging.warning('x')\n"
REVIEW = "# Review\n### 1. Bare except in retry (Critical)\n- **Location**: `app/worker.py:7`\n"
_EXPR = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")


def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text())


def _expand(value: str, inputs: dict[str, str]) -> str:
    context = {f"inputs.{k}": v for k, v in inputs.items()} | {"github.action_path": str(ROOT)}
    return _EXPR.sub(lambda m: context[m.group(1)], value)


def run_steps(repo_root: Path, tmp: Path, given: dict[str, str]) -> dict[str, subprocess.CompletedProcess]:
    """Each `run` step after install, in order, stopping at the first failure like the runner."""
    action = _action()
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()} | given
    env = os.environ | {
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(repo_root),
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_OUTPUT": str(tmp / "output"),
        "GITHUB_STEP_SUMMARY": str(tmp / "summary.md"),
        "RUNNER_TEMP": str(tmp),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("REVIEWCTL_DB", None)
    done = {}
    for step in action["runs"]["steps"][1:]:
        step_env = env | {k: _expand(str(v), inputs) for k, v in step.get("env", {}).items()}
        script = _expand(step["run"], inputs)
        cmd = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script]
        done[step["id"]] = proc = subprocess.run(cmd, cwd=repo_root, env=step_env, capture_output=True, text=True)
        if proc.returncode:
            break
    return done


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    repo = git_repo(root)
    commit(repo, "start", {"app/worker.py": WORKER, "reviews/review.md": REVIEW})
    (tmp_path / "runner").mkdir()
    return root


def test_install_step_installs_the_actions_own_checkout() -> None:
    install = _action()["runs"]["steps"][0]
    assert (install["id"], install["env"], install["run"]) == (
        "install",
        {"ACTION_PATH": "${{ github.action_path }}"},
        'python -m pip install --quiet "$ACTION_PATH"',
    )


def test_steps_import_link_verify_export_and_fail_the_gate(project: Path, tmp_path: Path) -> None:
    runner = tmp_path / "runner"
    done = run_steps(project, runner, {"max-open": "critical=0"})
    assert list(done) == ["import", "link", "verify", "export", "gate"]
    assert [p.returncode for p in done.values()] == [0, 0, 0, 0, 1]
    assert (runner / "output").read_text() == "sarif=reviewctl.sarif\n"
    sarif = (project / "reviewctl.sarif").read_text()
    assert '"ruleId": "bare-except"' in sarif
    annotation = done["gate"].stdout.splitlines()
    assert len(annotation) == 1
    assert annotation[0].startswith(
        "::error file=app/worker.py,line=7,title=reviewctl gate%3A max-open%3Acritical::RC-"
    )
    assert "## reviewctl gate: failed ❌" in (runner / "summary.md").read_text()


def test_a_fix_turns_the_gate_green_and_rerun_agrees(project: Path, tmp_path: Path) -> None:
    runner = tmp_path / "runner"
    run_steps(project, runner, {"max-open": "critical=0"})
    fid = re.search(r"RC-\w+", (runner / "summary.md").read_text()).group()
    repo = git_repo(project)
    commit(repo, f"fix {fid}: catch ValueError", {"app/worker.py": WORKER.replace("except:", "except ValueError:")})
    for _ in range(2):
        done = run_steps(project, runner, {"max-open": "critical=0", "fail-on": "rejected,regressed"})
        assert [p.returncode for p in done.values()] == [0, 0, 0, 0, 0]
        assert done["gate"].stdout == ""
    assert (runner / "summary.md").read_text().count("## reviewctl gate: passed ✅") == 2


def test_readme_workflow_uses_the_actions_inputs_and_output() -> None:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("# .github/workflows/reviewctl.yml\n", 1)[1].split("```", 1)[0]
    steps = yaml.safe_load(block)["jobs"]["review-findings"]["steps"]
    ours = next(s for s in steps if s.get("id") == "reviewctl")
    assert set(ours["with"]) <= set(_action()["inputs"])
    upload = steps[-1]
    assert upload["with"]["sarif_file"] == "${{ steps.reviewctl.outputs.sarif }}"
    assert "sarif" in _action()["outputs"]
