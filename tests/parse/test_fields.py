"""Field value parsers: locations, effort, priority, labels, status words."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewctl.parse.fields import (
    field_line,
    find_locations,
    parse_effort,
    priority_in_heading,
    priority_of_value,
    says_fixed,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("`src/a.py:65`", [("src/a.py", 65, 65)]),
        ("`src/a.py:219-283`", [("src/a.py", 219, 283)]),
        ("`x/role.py:203,265`", [("x/role.py", 203, 203), ("x/role.py", 265, 265)]),
        ("`src/utils/cache.py` (line 233-241)", [("src/utils/cache.py", 233, 241)]),
        ("cache_system.py lines 445, 449", [("cache_system.py", 445, 445), ("cache_system.py", 449, 449)]),
        ("`src/utils/cache.py` (line 48, 133-134)", [("src/utils/cache.py", 48, 48), ("src/utils/cache.py", 133, 134)]),
        ("`r/job.py:797, 1143`", [("r/job.py", 797, 797), ("r/job.py", 1143, 1143)]),
        ("`a.ts#L10-L20`", [("a.ts", 10, 20)]),
        ("`feeds.py:340-378`, `runner.py:1005-1006`", [("feeds.py", 340, 378), ("runner.py", 1005, 1006)]),
        ("`CandidateDetailPage.tsx` - 2138 lines", [("CandidateDetailPage.tsx", None, None)]),
        ("Multiple files using threading and asyncio", []),
        ("N/A", []),
        ("`handlers.py` 第 12 行", [("handlers.py", 12, 12)]),
        ("`handlers.py` 行 12、30", [("handlers.py", 12, 12), ("handlers.py", 30, 30)]),
    ],
)
def test_locations(text: str, expected: list) -> None:
    assert [(loc.path, loc.line_start, loc.line_end) for loc in find_locations(text)] == expected


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("30 minutes", 30),
        ("1 hour", 60),
        ("2-3 hours", 150),
        ("~2.75h", 165),
        ("1 day", 480),
        ("2 weeks", 4800),
        ("45 mins", 45),
        ("2 小时", 120),
        ("3時間", 180),
        ("High (50+ locations)", None),
        ("Medium", None),
    ],
)
def test_effort(text: str, minutes: int | None) -> None:
    assert parse_effort(text) == minutes


@pytest.mark.parametrize(
    ("heading", "priority"),
    [
        ("1. Bare except clauses (Critical)", "critical"),
        ("Issue #4: Price Cache Memory Leak 🔴 HIGH", "high"),
        ("Bottleneck #2: Sequential LLM API Calls - HIGH 🔥", "high"),
        ("🔴 Critical Issues (Must Fix)", "critical"),
        ("2. HIGH PRIORITY - Database & Performance", "high"),
        ("🟠 2.1 N+1 Query Problems", "high"),
        ("🟢 6.1 Deprecated Code", "low"),
        ("[P1] Token leak in logs", "high"),
        ("1. SQL 注入（严重）", "critical"),
        ("3. ログ出力（中）", "medium"),
        ("High cache miss rates", None),
        ("1.1 Bare Exception Handling (Security Risk)", None),
    ],
)
def test_priority_in_heading(heading: str, priority: str | None) -> None:
    assert priority_in_heading(heading) == priority


@pytest.mark.parametrize(
    ("value", "priority"),
    [
        ("🔴 Critical", "critical"),
        ("P2", "medium"),
        ("High (blocks release)", "high"),
        ("高", "high"),
        ("重大", "critical"),
        ("🟡", "medium"),
        ("whenever", None),
    ],
)
def test_priority_of_value(value: str, priority: str | None) -> None:
    assert priority_of_value(value) == priority


@pytest.mark.parametrize(
    ("line", "label", "value"),
    [
        ("**Location**: `a.py`", "location", "`a.py`"),
        ("- **Also found in**: `b.py:3`", "location", "`b.py:3`"),
        ("**Locations to Review** (potential risks):", "location", ""),
        ("**Estimated Time**: 30 minutes", "effort", "30 minutes"),
        ("Severity: High", "priority", "High"),
        ("**位置**：`a.py:3`", "location", "`a.py:3`"),
        ("**優先度**: 高", "priority", "高"),
    ],
)
def test_field_lines(line: str, label: str, value: str) -> None:
    fl = field_line(line)
    assert (fl.label, fl.value) == (label, value)


@pytest.mark.parametrize(
    "line", ["**Files to Modify**:", "**Mission**: fix it", "✅ **Error Handling**: good", "plain text"]
)
def test_not_field_lines(line: str) -> None:
    assert field_line(line) is None


def test_status_words() -> None:
    assert says_fixed("✅ Fixed in `a.py:3`")
    assert says_fixed("Resolved")
    assert not says_fixed("Not fixed yet")
    assert not says_fixed("Open")


_PIECES = ["a", "src/", "x.py", ".ts", "x", "Gemfile", "docker", "FILE", "file", "CODEOWNERS", " ", "\n", "\t", "/",
           ".", "-", "@", "[id]", "`", ":", "(", "İ", "é", "_", "+", "\u00a0", ".tsx", "Makefile", "lock"]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
@settings(max_examples=400, deadline=None)
def test_path_matches_are_the_whole_texts_matches(text: str) -> None:
    from reviewctl.parse.fields import _PATH, path_matches

    spans = [(m.start(), m.end(), m.group(1)) for m in _PATH.finditer(text)]
    assert [(m.start(), m.end(), m.group(1)) for m in path_matches(text)] == spans


# -- other languages: labels, severity, status, lines, effort ------------------------------


@pytest.mark.parametrize(
    ("line", "label", "value"),
    [
        ("**Severite:** MOYENNE", "priority", "MOYENNE"),
        ("**Sévérité** : HAUTE", "priority", "HAUTE"),
        ("**Приоритет**: 🟡 Средний", "priority", "🟡 Средний"),
        ("- **Severidad:** Alta", "priority", "Alta"),
        ("**Schweregrad:** Mittel", "priority", "Mittel"),
        ("- 심각도: 높음", "priority", "높음"),
        ("**Arquivo:** `src/a.ts` (linhas 3-9)", "location", "`src/a.ts` (linhas 3-9)"),
        ("**Ubicación:** `a.go`", "location", "`a.go`"),
        ("**Fichiers :** `a.py`", "location", "`a.py`"),
        ("**Datei:** `a.rs`", "location", "`a.rs`"),
        ("**Расположение**: `a.js`", "location", "`a.js`"),
        ("- 위치: `A.java:12`", "location", "`A.java:12`"),
        ("**Líneas:** 10-20", "lines", "10-20"),
        ("**Problème :** x", "issue", "x"),
        ("- 내용: x", "issue", "x"),
        ("**Auswirkung:** x", "impact", "x"),
        ("**Solução:** x", "fix", "x"),
        ("**Recomendación:** x", "fix", "x"),
        ("- 해결 방법: x", "fix", "x"),
        ("**Esfuerzo:** 2 horas", "effort", "2 horas"),
        ("**Effort estimé :** 2 heures", "effort", "2 heures"),
        ("**Трудозатраты**: 1 день", "effort", "1 день"),
        ("- 예상 시간: 3시간", "effort", "3시간"),
        ("**Estado:** Resuelto", "status", "Resuelto"),
        ("**État :** Résolu", "status", "Résolu"),
        ("**Etat :** Resolu", "status", "Resolu"),
        ("- 상태: 완료", "status", "완료"),
    ],
)
def test_field_lines_in_other_languages(line: str, label: str, value: str) -> None:
    fl = field_line(line)
    assert (fl.label, fl.value) == (label, value)


@pytest.mark.parametrize(
    "line", ["Ort des Geschehens war unklar", "La solución es simple", "Problema grave en producción"]
)
def test_foreign_words_in_prose_are_no_labels(line: str) -> None:
    assert field_line(line) is None


@pytest.mark.parametrize(
    ("value", "priority"),
    [
        ("Media", "medium"),
        ("Alta", "high"),
        ("Baja", "low"),
        ("Crítica", "critical"),
        ("Critico", "critical"),
        ("Média", "medium"),
        ("Baixa", "low"),
        ("MOYENNE", "medium"),
        ("HAUTE", "high"),
        ("BASSE", "low"),
        ("TRES BASSE", "low"),
        ("CRITIQUE", "critical"),
        ("ÉLEVÉE", "high"),
        ("Elevee", "high"),
        ("FAIBLE", "low"),
        ("Hoch", "high"),
        ("Mittel", "medium"),
        ("Niedrig", "low"),
        ("Kritisch", "critical"),
        ("Высокий", "high"),
        ("🟡 Средний", "medium"),
        ("Низкий", "low"),
        ("Критический", "critical"),
        ("Высокая", "high"),
        ("Средняя", "medium"),
        ("Низкая", "low"),
        ("Критическая", "critical"),
        ("Критичное", "critical"),
        ("높음", "high"),
        ("중간", "medium"),
        ("낮음", "low"),
        ("치명적", "critical"),
        ("심각", "critical"),
        ("致命的", "critical"),
        ("重大", "critical"),
        ("軽微", "low"),
        ("Medium (downgraded from High)", "medium"),
        ("High-impact", "high"),
        # a span of two levels names no one level
        ("MOYENNE-HAUTE", None),
        ("BASSE-MOYENNE", None),
        ("Media-Alta", None),
        ("Medium to High", None),
        ("中～高", None),
    ],
)
def test_priority_values_in_other_languages(value: str, priority: str | None) -> None:
    assert priority_of_value(value) == priority


@pytest.mark.parametrize(
    ("heading", "priority"),
    [
        ("1. 【致命的】`tick` never advances", "critical"),
        ("[v] High: API has no auth", "high"),
        ("[ ] Medium: listeners pile up", "medium"),
    ],
)
def test_priority_in_marked_headings(heading: str, priority: str) -> None:
    assert priority_in_heading(heading) == priority


@pytest.mark.parametrize(
    "value",
    ["Resuelto", "Corregido", "Completado", "Solucionado", "Resolvido", "Corrigido", "Concluído", "Résolu",
     "✅ Corrigée", "Terminé", "Behoben", "Erledigt", "Gelöst", "Исправлено", "Решено", "Выполнено", "해결됨",
     "수정됨", "완료", "已完成", "完了", "修正済み"],
)  # fmt: skip
def test_fixed_in_other_languages(value: str) -> None:
    assert says_fixed(value)


@pytest.mark.parametrize(
    "value",
    ["No resuelto", "Não resolvido", "Non résolu", "Pas encore résolu", "nicht behoben", "noch nicht erledigt",
     "Не исправлено", "미해결", "완료되지 않음", "未完了", "未完成", "Решение: перенести", "Pendiente"],
)  # fmt: skip
def test_not_fixed_in_other_languages(value: str) -> None:
    assert not says_fixed(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("`src/r.ts` (linhas 17-19)", [("src/r.ts", 17, 19)]),
        ("`a.py` (linhas 18, 21)", [("a.py", 18, 18), ("a.py", 21, 21)]),
        ("`a.py` linhas 10 e 20", [("a.py", 10, 10), ("a.py", 20, 20)]),
        ("`a.c` Línea 36-41", [("a.c", 36, 41)]),
        ("`a.c` Líneas: 18-26, 28-66", [("a.c", 18, 26), ("a.c", 28, 66)]),
        ("`a.py` Ligne 8-9", [("a.py", 8, 9)]),
        ("`a.py` lignes 4-8", [("a.py", 4, 8)]),
        ("`a.rs` Zeile 12", [("a.rs", 12, 12)]),
        ("`a.js` строка 40", [("a.js", 40, 40)]),
        ("`a.js` строки 10-20", [("a.js", 10, 20)]),
        ("`A.kt` 第26-33行（整个文件）", [("A.kt", 26, 33)]),
        ("`A.kt` 第5-8行, 第16-22行", [("A.kt", 5, 8), ("A.kt", 16, 22)]),
        ("`a.cpp` 第26行", [("a.cpp", 26, 26)]),
        ("`A.java` 12행", [("A.java", 12, 12)]),
        ("`A.java` 라인 30", [("A.java", 30, 30)]),
        ("`x.py` (line 12 e2e)", [("x.py", 12, 12)]),
        ("`app/(main)/page.tsx` (linhas 5, 9)", [("app/(main)/page.tsx", 5, 5), ("app/(main)/page.tsx", 9, 9)]),
        ("`a.py` - Ligne 28: IndexError", [("a.py", None, None), ("a.py", 28, 28)]),
    ],
)
def test_lines_in_other_languages(text: str, expected: list) -> None:
    assert [(loc.path, loc.line_start, loc.line_end) for loc in find_locations(text)] == expected


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("5 分钟", 5),
        ("1 小时", 60),
        ("2 天", 960),
        ("30 分", 30),
        ("2 時間", 120),
        ("1日", 480),
        ("3 시간", 180),
        ("30 분", 30),
        ("3시간 정도", 180),
        ("2 horas", 120),
        ("1,5 horas", 90),
        ("30 minutos", 30),
        ("1 día", 480),
        ("2 días", 960),
        ("2 dias", 960),
        ("2 heures", 120),
        ("2 à 3 heures", 150),
        ("3 jours", 1440),
        ("4 Stunden", 240),
        ("20 Minuten", 20),
        ("2 Tage", 960),
        ("2 часа", 120),
        ("30 минут", 30),
        ("1 день", 480),
        ("2 дня", 960),
        ("5 дней", 2400),
        ("2+ hours", 120),
        ("2 часть", None),
    ],
)
def test_effort_in_other_languages(text: str, minutes: int | None) -> None:
    assert parse_effort(text) == minutes


def test_a_foreign_items_own_fields_win_over_its_section() -> None:
    from reviewctl.parse import parse_review

    doc = (
        "# Revue\n\n## 1. Bugs critiques\n\n"
        "### 1.1 Cache never expires\n**Severite:** MOYENNE\n**Fichier:** `cache.py` (lignes 4-8)\n"
        "**Statut :** Résolu\n**Effort estimé :** 2 heures\n\n"
        "### 1.2 Лог не ротируется\n**Приоритет**: 🟡 Средний\n**Файл**: `log.py`, строка 40\n"
        "**Статус**: Не исправлено\n"
    )
    got = [
        (f.priority, f.status, f.effort_minutes, [(loc.path, loc.line_start, loc.line_end) for loc in f.locations])
        for f in parse_review(doc).findings
    ]
    assert got == [
        ("medium", "fixed", 120, [("cache.py", 4, 8)]),
        ("medium", "open", None, [("log.py", 40, 40)]),
    ]


def test_lines_from_the_anchor_of_a_link_to_the_file() -> None:
    from reviewctl.parse.fields import find_locations

    found = find_locations("see [src/x.py](/abs/src/x.py#L117) and [`a/b.ts`](a/b.ts#L3-L9)")
    assert [(x.path, x.line_start, x.line_end) for x in found] == [("src/x.py", 117, 117), ("a/b.ts", 3, 9)]
