"""`export --format md`: a findings table for a pull request, from a real store."""

from pathlib import Path

from tests.conftest import reviewed_project

REVIEW = """# Review
### 1. Confusing names (Low)
- **Location**: `app/worker.py:4`
### 2. Bare except | x<y in retry (Critical)
- **Location**: `app/worker.py:7`, `app/other.py:2`
- **Effort**: 90 minutes
### 3. Write a design document (Medium)
- **Issue**: nobody knows how it fits together
"""


def test_markdown_table_most_urgent_first_escaped_and_filtered(tmp_path: Path, monkeypatch) -> None:
    files = [{"app/worker.py": "x = 1\n", "app/other.py": "y = 2\n"}]
    _repo, cli, ids = reviewed_project(tmp_path, monkeypatch, files, REVIEW)
    bare, names, doc = ids["Bare except | x<y in retry"], ids["Confusing names"], ids["Write a design document"]
    cli("fix", names)
    assert cli("export", "--format", "md").stdout.splitlines() == [
        "| ID | Priority | Status | Title | Location | Effort |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| {bare} | critical | open | Bare except \\| x\\<y in retry | app/worker.py:7, app/other.py:2 | 1h 30m |",
        f"| {doc} | medium | open | Write a design document | - | - |",
    ]
    fixed = cli("export", "--format", "md", "--status", "fixed").stdout.splitlines()
    assert fixed[2:] == [f"| {names} | low | fixed | Confusing names | app/worker.py:4 | - |"]
