"""Whole-document extraction rules, each on a small document written for the test."""

from reviewctl.parse import parse_review


def _rows(text: str) -> list[tuple]:
    return [
        (
            f.title,
            f.priority,
            f.effort_minutes,
            f.phase,
            f.status,
            [(loc.path, loc.line_start, loc.line_end) for loc in f.locations],
        )
        for f in parse_review(text).findings
    ]


def test_numbered_headings_with_list_fields() -> None:
    doc = """# R
## Issues
### 1. Bare except clauses (Critical)
- **Location**: cache_system.py lines 445, 449
- **Issue**: Using bare `except:`
### 2. Thread safety issues (High)
- **Location**: Multiple files using threading
"""
    assert _rows(doc) == [
        (
            "Bare except clauses",
            "critical",
            None,
            None,
            "open",
            [("cache_system.py", 445, 445), ("cache_system.py", 449, 449)],
        ),
        ("Thread safety issues", "high", None, None, "open", []),
    ]


def test_priority_from_section_and_field_labels_in_bold_paragraphs() -> None:
    doc = """# R
## 🟡 High Priority Issues (Should Fix)
### 5. Race Condition in Rate Limiter Check
**Issue**: check then add.

**Location**:
- `src/utils/rate_limiter.py` (line 131-135)
- `src/utils/other.py`

**Estimated Time**: 45 minutes
"""
    assert _rows(doc) == [
        (
            "Race Condition in Rate Limiter Check",
            "high",
            45,
            None,
            "open",
            [("src/utils/rate_limiter.py", 131, 135), ("src/utils/other.py", None, None)],
        )
    ]


def test_location_subheadings_belong_to_the_finding() -> None:
    doc = """# R
## 2. HIGH PRIORITY - Database
### 🟠 2.1 N+1 Query Problems
**Issue**: Queries inside loops.
#### **Location**: `svc/matching.py:941`
```python
for r in rows: db.session.commit()
```
#### **Location**: `svc/email.py:196-210`
**Fix**: batch.
### 🟠 2.2 Missing Indexes
**Issue**: full scans.
"""
    rows = _rows(doc)
    assert [r[0] for r in rows] == ["N+1 Query Problems", "Missing Indexes"]
    assert rows[0][5] == [("svc/matching.py", 941, 941), ("svc/email.py", 196, 210)]
    assert rows[0][1] == "high"


def test_issue_hash_headings_with_emoji_priority_and_bare_paths() -> None:
    doc = """# Plan
## Critical Issues Found
### Issue #1: Store Race ⚠️ CRITICAL
**File**: `src/bot/seen_store.py:65`
**Problem**: no lock
### Issue #5: Feed Failures 🔴 HIGH
**File**: `src/bot/feeds.py:340-378`, `runner.py:1005-1006`
**Problem**: silent
### Bottleneck #2: LLM Calls - MEDIUM 🔥
**Location**: `src/bot/llm.py`, `analyzer.py`
**Problem**: sequential
## Other
Also see `src/bot/runner.py:1`.
"""
    assert _rows(doc) == [
        ("Store Race", "critical", None, None, "open", [("src/bot/seen_store.py", 65, 65)]),
        (
            "Feed Failures",
            "high",
            None,
            None,
            "open",
            [("src/bot/feeds.py", 340, 378), ("src/bot/runner.py", 1005, 1006)],
        ),
        (
            "LLM Calls",
            "medium",
            None,
            None,
            "open",
            [("src/bot/llm.py", None, None), ("src/bot/analyzer.py", None, None)],
        ),
    ]


def test_praise_is_not_a_finding() -> None:
    doc = """# Assessment
## Code Quality Assessment
### 1. Database Module (`utils/db.py`) - Grade: A+ (97/100)
#### Code Quality Strengths:
✅ **Thread Safety**: Proper lock management
✅ **Error Handling**: Comprehensive
**Assessment**: Excellent implementation.
### Security Strengths:
✅ **Input Validation**: everywhere
"""
    assert _rows(doc) == []


def test_fixes_applied_pairs_by_number() -> None:
    doc = """# R
### 1. Bare except (Critical)
- **Location**: a.py
### 2. Missing dependency (High)
- **Location**: b.py
## Fixes Applied
1. Fixed bare except clauses
2. Added the dependency to requirements.txt
"""
    assert [r[4] for r in _rows(doc)] == ["fixed", "fixed"]


def test_checked_boxes_mark_findings_fixed_by_meaning() -> None:
    doc = """# R
### 1. Redis KEYS in invalidator (High)
**Location**: `cache/invalidate.py:77`
### 2. Commit inside import loop (High)
**Location**: `jobs/importer.py:210`
## Checklist
- [x] Replace KEYS with SCAN in the invalidator
- [ ] Batch the importer commits
"""
    assert [r[4] for r in _rows(doc)] == ["fixed", "open"]


def test_roadmap_items_link_by_meaning_and_carry_phase_and_effort() -> None:
    doc = """# R
### Issue #1: SeenStore SQLite Race Condition ⚠️ CRITICAL
**File**: `seen_store.py:65`
**Problem**: `check_same_thread=False` without a lock.
### Issue #2: Price Cache Memory Leak 🔴 HIGH
**File**: `runner.py:114`
**Problem**: global `_PX_CACHE` dict grows unbounded.
### Issue #3: Network Failures Ignored 🔴 HIGH
**File**: `feeds.py:340`
**Problem**: network errors return an empty list.
### Bottleneck #1: Sequential Feed Fetching - HIGH
**Location**: `feeds.py`
**Problem**: synchronous requests.get.

## Roadmap
### Week 1: Stability
1. **SeenStore Thread Safety** (2 hours)
   - Add threading.Lock()
2. **Runner Core Fixes** (1 hour)
   - Clear _PX_CACHE at cycle end
   - Add network failure detection
### Week 2: Speed
1. **Enable Async Feed Fetching** (1 hour)
2. **Add Basic Metrics System** (4 hours)
3. All tests passing
"""
    assert [(r[0], r[2], r[3]) for r in _rows(doc)] == [
        ("SeenStore SQLite Race Condition", 120, 1),
        ("Price Cache Memory Leak", None, 1),
        ("Network Failures Ignored", None, 1),
        ("Sequential Feed Fetching", 60, 2),
        ("Add Basic Metrics System", 240, 2),
    ]


def test_phase_items_that_name_a_priority() -> None:
    doc = """# R
## 🔴 Critical Issues
### 1. A problem
**Issue**: x
**Priority**: Critical
## 🟢 Medium Priority Issues
### 2. B problem
**Issue**: y
**Priority**: Medium
## Order
1. **Phase 1 (Critical - 2h)**: fix the critical ones
2. **Phase 2 (Medium Priority - 1h)**: the rest
"""
    assert [(r[0], r[3]) for r in _rows(doc)] == [("A problem", 1), ("B problem", 2)]


def test_document_facts_and_count_warnings() -> None:
    doc = """# Architectural Review
## Review Date: 2024-12-19
## Reviewer: Principal Architect
- **2 Critical Issues** - data loss
### 1. X (Critical)
**Issue**: a
### 2. Y (High)
**Issue**: b
## Summary
| Priority | Count |
|---|---|
| Critical | 1 |
| High | 2 |
| **Total** | **3** |
"""
    review = parse_review(doc)
    assert (review.title, review.date, review.author) == ("Architectural Review", "2024-12-19", "Principal Architect")
    assert review.warnings == [
        "summary table says 3 findings in all; extracted 2",
        "summary table says 2 high; extracted 1",
        "document says 2 critical issues; extracted 1",
    ]


def test_priority_table_fills_unknown_priority() -> None:
    doc = """# R
### 1. Bare except clauses
**Issue**: a
**Location**: `a.py:3`
### 2. Commits in routes
**Issue**: b
**Location**: `r.py:9`
## Matrix
| Issue | Impact | Effort | Priority |
|---|---|---|---|
| Bare except clauses | big | Low | **P0** |
| Commits in routes | big | High | P2 |
"""
    assert [(r[0], r[1]) for r in _rows(doc)] == [("Bare except clauses", "critical"), ("Commits in routes", "medium")]


def test_chinese_and_japanese_reviews() -> None:
    zh = """# 审查
### 1. SQL 注入（严重）
- **位置**: `api/h.py:120-134`
- **工作量**: 2 小时
"""
    ja = """# レビュー
### 1. ログ出力の不足
- **場所**: `app/log.py:10`
- **優先度**: 高
- **工数**: 3時間
"""
    assert _rows(zh) == [("SQL 注入", "critical", 120, None, "open", [("api/h.py", 120, 134)])]
    assert _rows(ja) == [("ログ出力の不足", "high", 180, None, "open", [("app/log.py", 10, 10)])]


def test_numbering_restarts_in_later_sections_without_priority() -> None:
    doc = """# R
## 🔴 Critical Issues
### 1. A
**Issue**: a
**Location**: `a.py`
## Code Quality Improvements
### 1. Add Type Hints Throughout
**Issue**: missing hints
**Location**: Various files
**Fix**: add them
## Testing Gaps
### 1. Edge Cases
- [ ] Test with Redis loss
"""
    assert [(r[0], r[1]) for r in _rows(doc)] == [("A", "critical"), ("Add Type Hints Throughout", "unknown")]
