"""The hooks in .pre-commit-hooks.yaml, run by real pre-commit in a tmp repository that lists them
in its .pre-commit-config.yaml, with the git hooks installed as a project would.

pre-commit installs this repository at HEAD (the committed hooks and code) into a hook
environment of its own, once, under a tmp PRE_COMMIT_HOME.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import commit, git_repo

ROOT = Path(__file__).resolve().parents[1]
WORKER = "import logging\n\n\ndef retry(job):\n    try:\n        job()\n    except:\n        logging.warning('x')\n"
REVIEW = "# Review\n### 1. Bare except in retry (Critical)\n- **Location**: `app/worker.py:7`\n"
GATE = "[tool.reviewctl.gate]\nmax-open = { critical = 0 }\n"


def _config() -> str:
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
    hooks = "    - id: reviewctl-gate\n    - id: reviewctl-link\n"
    return f"repos:\n- repo: {ROOT}\n  rev: {head.stdout.strip()}\n  hooks:\n{hooks}"


def _run(project: Path, env: dict[str, str], *cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(cmd), cwd=project, env=env, capture_output=True, text=True)


def test_gate_hook_fails_until_the_link_hook_records_the_fix(tmp_path: Path) -> None:
    project = tmp_path / "project"
    repo = git_repo(project)
    files = {"app/worker.py": WORKER, "reviews/review.md": REVIEW, "pyproject.toml": GATE}
    commit(repo, "start", files | {".pre-commit-config.yaml": _config()})
    bindir = Path(sys.executable).parent
    env = os.environ | {"PRE_COMMIT_HOME": str(tmp_path / "home"), "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("REVIEWCTL_DB", None)
    pre_commit = [sys.executable, "-m", "pre_commit"]
    assert _run(project, env, *pre_commit, "install", "-t", "post-commit", "-t", "pre-push").returncode == 0
    assert _run(project, env, "reviewctl", "import", "reviews").returncode == 0
    fid = json.loads(_run(project, env, "reviewctl", "list", "--json").stdout)[0]["id"]

    gate = _run(project, env, *pre_commit, "run", "reviewctl-gate", "--hook-stage", "pre-push")
    assert gate.returncode == 1, gate.stdout + gate.stderr
    assert "reviewctl gate" in gate.stdout and "Failed" in gate.stdout
    assert "FAIL\tmax-open:critical\t1 found; at most 0 open" in gate.stdout  # piped: tab-separated

    (project / "app/worker.py").write_text(WORKER.replace("except:", "except ValueError:"))
    committed = _run(project, env, "git", "commit", "-am", f"fix {fid}: catch ValueError")  # runs post-commit
    assert committed.returncode == 0, committed.stdout + committed.stderr
    assert "reviewctl link" in committed.stdout + committed.stderr
    assert json.loads(_run(project, env, "reviewctl", "show", fid, "--json").stdout)["status"] == "fixed"

    passed = _run(project, env, *pre_commit, "run", "reviewctl-gate", "--hook-stage", "pre-push")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
