"""Findings written as rows of a table."""

from reviewctl.parse.review import parse_review

AUDIT = """# Security audit

| # | Severity | Finding | Location | Effort | Status |
|---|----------|---------|----------|--------|--------|
| S1 | High | MD5 used for cache keys | `shop/cache.py:13` | 20 min | |
| S2 | Critical | pickle.loads on data from Redis | `shop/cache.py:18-19` | 1 h | ✅ Fixed |
| S3 | Low | No socket timeout | see `shop/cache.py` line 8 | | open |
"""

SUMMARY = """# Review

## 1. Bare except in the retry loop
**Location**: `app/worker.py:40`
**Priority**: Critical

## 2. MD5 for cache keys
**Location**: `app/cache.py:12`
**Priority**: High

## Summary

| Issue | Priority | File |
|-------|----------|------|
| Bare except in the retry loop | Critical | `app/worker.py` |
| MD5 for cache keys | High | `app/cache.py` |
"""


def test_each_row_of_a_findings_table_is_a_finding() -> None:
    found = parse_review(AUDIT).findings
    assert [(f.number, f.title, f.priority, f.effort_minutes, f.status) for f in found] == [
        ("S1", "MD5 used for cache keys", "high", 20, "open"),
        ("S2", "pickle.loads on data from Redis", "critical", 60, "fixed"),
        ("S3", "No socket timeout", "low", None, "open"),
    ]
    assert [(loc.path, loc.line_start, loc.line_end) for f in found for loc in f.locations] == [
        ("shop/cache.py", 13, 13),
        ("shop/cache.py", 18, 19),
        ("shop/cache.py", 8, 8),
    ]
    assert found[0].section == "Security audit"


def test_a_table_that_restates_section_findings_adds_none() -> None:
    found = parse_review(SUMMARY).findings
    assert [f.title for f in found] == ["Bare except in the retry loop", "MD5 for cache keys"]


def test_a_table_without_a_finding_column_is_not_findings() -> None:
    text = "# Stats\n\n| Severity | Count |\n|---|---|\n| High | 3 |\n| Low | 1 |\n"
    assert parse_review(text).findings == []


def test_an_issue_column_gives_its_first_sentence_as_the_title() -> None:
    doc = """# Review
## Findings
| # | Severity | File | Issue |
|---|---|---|---|
| A1 | Low | `Cargo.toml` | No msrv field. Pinning it documents the oldest supported compiler. |
| A2 | High | `src/db.rs` | Pool size is fixed at one |
"""
    assert [(f.title, f.priority) for f in parse_review(doc).findings] == [
        ("No msrv field.", "low"),
        ("Pool size is fixed at one", "high"),
    ]


def test_table_headers_and_values_in_other_languages() -> None:
    doc = """# 审查
## 问题
| 优先级 | 编号 | 问题 | 修复成本 |
|---|---|---|---|
| P0 | 1.1 | 启动时崩溃 | 5 分钟 |
| P1 | 1.2 | 内存泄漏 | 1 小时 |

## Hallazgos
| Severidad | Archivo | Problema | Esfuerzo |
|---|---|---|---|
| Alta | `app/a.ts:3` | Falta validación de entrada | 2 horas |
"""
    assert [(f.title, f.priority, f.effort_minutes, [(x.path, x.line_start) for x in f.locations])
            for f in parse_review(doc).findings] == [
        ("启动时崩溃", "critical", 5, []),
        ("内存泄漏", "high", 60, []),
        ("Falta validación de entrada", "high", 120, [("app/a.ts", 3)]),
    ]  # fmt: skip


def test_a_summary_table_without_a_title_column_lends_status_by_its_wordiest_column() -> None:
    doc = """# Review
## Summary
| # | File | Kind | Category | Status |
|---|---|---|---|---|
| 1 | `ios/Handler.swift` | Bug | Upscaling frames shorter than 480 px | ✅ Fixed |
| 2 | `lib/main.dart` | Style | Old constructors in three widgets | open |
| 3 | `lib/plan.dart` | Plan | Rewrite the whole settings screen later on | open |
## Findings
### 1. Bug — Upscaling frames shorter than 480 px
The frame is scaled up instead of padded.
### 2. Style — Old constructors in three widgets
They still take a nullable key.
"""
    assert [(f.title, f.status) for f in parse_review(doc).findings] == [
        ("Bug — Upscaling frames shorter than 480 px", "fixed"),
        ("Style — Old constructors in three widgets", "open"),
    ]  # the third row restates nothing and, with no column named for the problem, adds nothing
