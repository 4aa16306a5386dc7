"""A store with a known event history, built through the real CLI with a fixed clock."""

from pathlib import Path

import pytest

from tests.conftest import Cli

REVIEW_A = """# Review A

## 1. Bare except in the worker (Critical)
**Location**: `app/worker.py:10`
**Estimated Time**: 2 hours

## 2. Missing index on orders (High)
**Location**: `app/db.py:5`
**Estimated Time**: 1 hour

{third}## 4. Typos in docstrings (Low)
**Location**: `app/util.py:1`
**Estimated Time**: 30 minutes

## Roadmap

### Phase 1: Quick wins (Week 1)
1. **Bare except in the worker**
2. **Missing index on orders**

### Phase 2: Cleanup (Week 2)
{third_item}1. **Typos in docstrings**
"""
THIRD = "## 3. Noisy debug logging (Medium)\n**Location**: `app/log.py:3`\n\n"
THIRD_ITEM = "1. **Noisy debug logging**\n"

REVIEW_B = """# Review B

## 1. Unbounded cache (Medium)
**Location**: `app/cache.py:7`
**Estimated Time**: 1 hour

## 2. SQL injection in search (Critical)
**Location**: `app/search.py:12`
**Estimated Time**: 3 hours
"""


class History:
    """Weeks 45–47 of 2026: two reviews, fixes, a wontfix, a reopen and a dropped finding."""

    def __init__(self, cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        self.cli, self.monkeypatch = cli, monkeypatch
        a, b = tmp_path / "review-a.md", tmp_path / "review-b.md"
        a.write_text(REVIEW_A.format(third=THIRD, third_item=THIRD_ITEM))
        b.write_text(REVIEW_B)
        self.at("2026-11-02T10:00:00", "import", str(a))
        self.ids = {f["title"]: f["id"] for f in cli.export()["findings"]}
        self.at("2026-11-04T10:00:00", "fix", self.id("Missing index"))
        self.at("2026-11-10T10:00:00", "import", str(b))
        self.ids = {f["title"]: f["id"] for f in cli.export()["findings"]}
        self.at("2026-11-12T10:00:00", "fix", self.id("Bare except"))
        self.at("2026-11-12T11:00:00", "wontfix", self.id("Typos"))
        self.at("2026-11-17T10:00:00", "reopen", self.id("Missing index"))
        a.write_text(REVIEW_A.format(third="", third_item=""))
        self.at("2026-11-19T10:00:00", "import", str(a))

    def at(self, moment: str, *args: str) -> None:
        self.monkeypatch.setenv("REVIEWCTL_NOW", moment)
        self.cli(*args)

    def id(self, start: str) -> str:
        return next(fid for title, fid in self.ids.items() if title.startswith(start))


XSS = """# Review <img src=x onerror=alert(1)>

## 1. <script>alert("pwned")</script> in the title (Critical)
**Location**: `app/x.py:3`
**Estimated Time**: 1 hour
"""
