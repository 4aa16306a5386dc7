"""Field vocabulary and value parsers: labels, priority, effort, locations, status words.

Words are the second signal after structure; every table here is vocabulary (English, Spanish,
Portuguese, French, German, Russian, Chinese, Japanese, Korean), never a rule for one document.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from reviewctl.parse.model import ParsedLocation
from reviewctl.parse.scan import matches_after

# -- labels ------------------------------------------------------------------------------
LABELS: dict[str, tuple[str, ...]] = {
    "issue": (
        "issue",
        "problem",
        "description",
        "finding",
        "what",
        "failure",
        "symptom",
        "root cause",
        "cause",
        "bug",
        "current behavior",
        "problem code",
        # es, pt, fr, de, ru
        "problema",
        "problème",
        "descripción",
        "descrição",
        "beschreibung",
        "проблема",
        "описание",
        "causa",
        "causa raíz",
        "cause racine",
        "ursache",
        "причина",
        # zh, ja, ko
        "问题",
        "描述",
        "问题描述",
        "问题代码",
        "原因",
        "問題",
        "説明",
        "現象",
        "問題程式碼",
        "問題點",
        "문제",
        "문제점",
        "내용",
        "설명",
        "원인",
    ),
    "location": (
        "location",
        "locations",
        "file",
        "files",
        "path",
        "paths",
        "where",
        "also found in",
        "found in",
        "example",
        "examples",
        "affected files",
        "locations to review",
        # es, pt, fr, de, ru
        "ubicación",
        "archivo",
        "archivos",
        "arquivo",
        "arquivos",
        "localização",
        "fichier",
        "fichiers",
        "emplacement",
        "datei",
        "dateien",
        "ort",
        "расположение",
        "местоположение",
        "файл",
        "файлы",
        "локация",
        # zh, ja, ko
        "位置",
        "文件",
        "代码位置",
        "涉及文件",
        "相关文件",
        "場所",
        "ファイル",
        "該当箇所",
        "箇所",
        "위치",
        "파일",
    ),
    "lines": (
        "lines",
        "line",
        "line numbers",
        "línea",
        "líneas",
        "linha",
        "linhas",
        "ligne",
        "lignes",
        "zeile",
        "zeilen",
        "строка",
        "строки",
        "行",
        "行号",
        "行番号",
        "라인",
        "줄",
    ),
    "impact": (
        "impact",
        "risk",
        "consequence",
        "why",
        "impacto",
        "riesgo",
        "risco",
        "risque",
        "auswirkung",
        "auswirkungen",
        "risiko",
        "влияние",
        "риск",
        "影响",
        "风险",
        "影響",
        "リスク",
        "영향",
        "위험",
    ),
    "evidence": (
        "evidence",
        "current code",
        "proof",
        "código actual",
        "código atual",
        "code actuel",
        "aktueller code",
        "текущий код",
        "证据",
        "根拠",
    ),
    "fix": (
        "fix",
        "solution",
        "recommendation",
        "suggested fix",
        "remediation",
        "action",
        "how to fix",
        "fix direction",
        "suggestion",
        "suggested change",
        "proposed fix",
        "recommended fix",
        # es, pt, fr, de, ru
        "solución",
        "corrección",
        "recomendación",
        "solução",
        "correção",
        "recomendação",
        "correctif",
        "recommandation",
        "lösung",
        "empfehlung",
        "решение",
        "рекомендация",
        "исправление",
        # zh, ja, ko
        "改善建議",
        "改善建议",
        "修正案",
        "改善案",
        "修复",
        "建议",
        "建议修复",
        "修复方案",
        "修复建议",
        "解决方案",
        "修正",
        "修正提案",
        "対策",
        "推奨",
        "해결",
        "해결 방법",
        "해결 방안",
        "권고",
        "권장",
        "권장 사항",
        "수정 방안",
    ),
    "priority": (
        "priority",
        "severity",
        "criticality",
        "severidad",
        "prioridad",
        "severidade",
        "prioridade",
        "gravidade",
        "sévérité",
        "priorité",
        "gravité",
        "schweregrad",
        "priorität",
        "серьёзность",
        "серьезность",
        "критичность",
        "приоритет",
        "优先级",
        "严重程度",
        "严重性",
        "優先度",
        "重要度",
        "深刻度",
        "심각도",
        "중요도",
        "우선순위",
    ),
    "effort": (
        "effort",
        "estimated time",
        "estimate",
        "estimated effort",
        "time estimate",
        "time",
        "eta",
        "esfuerzo",
        "estimación",
        "tiempo estimado",
        "esforço",
        "estimativa",
        "tempo estimado",
        "effort estimé",
        "temps estimé",
        "aufwand",
        "geschätzter aufwand",
        "трудозатраты",
        "оценка",
        "工作量",
        "预计时间",
        "预估",
        "工数",
        "見積もり",
        "見積",
        "作業時間",
        "공수",
        "예상 시간",
        "예상 공수",
    ),
    "status": (
        "status",
        "state",
        "estado",
        "situação",
        "statut",
        "état",
        "статус",
        "状态",
        "状態",
        "ステータス",
        "상태",
    ),
}


def _fold(word: str) -> str:
    """A Latin word without its accents ('sévérité' -> 'severite'): writers drop them. Other
    scripts are left as they are (decomposing would split Hangul and kana)."""
    if word.isascii():
        return word
    parts = unicodedata.normalize("NFD", word)
    bare = unicodedata.normalize("NFC", "".join(c for c in parts if not unicodedata.combining(c)))
    return bare if bare.isascii() else word


_LABEL_OF = {word: canon for canon, words in LABELS.items() for word in words}
_LABEL_OF.update({_fold(word): canon for word, canon in list(_LABEL_OF.items()) if _fold(word) not in _LABEL_OF})
_FIELD = re.compile(
    r"^\s*+(?:[-*+]\s++)?+(?:\*\*|__)?+\s*+([^*_:：\n]{1,40}?)\s*+(?:\*\*|__)?+\s*+(?:\([^)\n]{0,80}\))?+\s*+[:：]"
    r"\s*+(?:\*\*|__)?+\s*+(.*)$"
)

_MARKS = re.compile(r"[`*_#]")


_EXTRA_LABELS: dict[str, str] = {}
_EXTRA_SEVERITY: dict[str, str] = {}
_TEAM_WORDS: list[re.Pattern[str]] = []


def use_vocabulary(severity: dict[str, str], labels: dict[str, str]) -> None:
    """A team's own severity words and field labels ([tool.reviewctl.import]), for this process's
    parses; they win over the built-in words, as a document's own legend would."""
    _EXTRA_SEVERITY.clear()
    _EXTRA_SEVERITY.update({k.lower(): v for k, v in severity.items()})
    _EXTRA_LABELS.clear()
    _EXTRA_LABELS.update({k.lower(): v for k, v in labels.items()})
    words = sorted(_EXTRA_SEVERITY, key=len, reverse=True)
    _TEAM_WORDS[:] = [re.compile(rf"(?<!\w)({'|'.join(map(re.escape, words))})(?!\w)", re.I)] if words else []
    section_priority.cache_clear()
    priority_in_heading.cache_clear()


def _team_priority(text: str) -> str | None:
    m = _TEAM_WORDS[0].search(text) if _TEAM_WORDS else None
    return _EXTRA_SEVERITY[m.group(1).lower()] if m else None


@dataclass(slots=True)
class FieldLine:
    label: str  # canonical label
    value: str


def field_line(text: str) -> FieldLine | None:
    """`**Label**: value` (bold, plain, in a list or a heading) with a known label, else None."""
    if ":" not in text and "：" not in text:
        return None
    m = _FIELD.match(text)
    if not m:
        return None
    raw = _MARKS.sub("", m.group(1)).strip().lower()
    canon = _EXTRA_LABELS.get(raw) or _LABEL_OF.get(raw) or _LABEL_OF.get(_fold(raw))
    if canon is None and raw.startswith("location") and len(raw) < 25:
        canon = "location"
    return FieldLine(canon, m.group(2).strip()) if canon else None


def heading_label(text: str) -> FieldLine | None:
    """A heading that is a field: '**Location**: `a.py`', or a bare label such as 'Files'."""
    fl = field_line(text)
    if fl:
        return fl
    bare = re.sub(r"[`*_#:：]", "", text).strip().lower()
    canon = _EXTRA_LABELS.get(bare) or _LABEL_OF.get(bare) or _LABEL_OF.get(_fold(bare))
    return FieldLine(canon, "") if canon else None


# -- priority ----------------------------------------------------------------------------
_RU_LEVELS = (  # a Russian level agrees with its noun: высокий/высокая/высокое приоритет/важность/...
    ("критическ", "critical", ("ий", "ая", "ое", "ие")),
    ("критичн", "critical", ("ый", "ая", "ое", "ые")),
    ("высок", "high", ("ий", "ая", "ое", "ие")),
    ("средн", "medium", ("ий", "яя", "ее", "ие")),
    ("низк", "low", ("ий", "ая", "ое", "ие")),
)
PRIORITY_WORDS = {
    "critical": "critical",
    "blocker": "critical",
    "blocking": "critical",
    "severe": "critical",
    "urgent": "critical",
    "high": "high",
    "major": "high",
    "important": "high",
    "medium": "medium",
    "moderate": "medium",
    "normal": "medium",
    "warning": "medium",
    "low": "low",
    "minor": "low",
    "trivial": "low",
    "nice to have": "low",
    "info": "low",
    "informational": "low",
    "note": "low",
    "nit": "low",
    "nitpick": "low",
    "suggestion": "low",
    "cosmetic": "low",
    "p0": "critical",
    "p1": "high",
    "p2": "medium",
    "p3": "low",
    "p4": "low",
    # Spanish, Portuguese, German, French, Russian
    "crítico": "critical",
    "crítica": "critical",
    "alto": "high",
    "alta": "high",
    "medio": "medium",
    "media": "medium",
    "médio": "medium",
    "média": "medium",
    "bajo": "low",
    "baja": "low",
    "baixo": "low",
    "baixa": "low",
    "kritisch": "critical",
    "kritische": "critical",
    "hoch": "high",
    "hohe": "high",
    "hoher": "high",
    "mittel": "medium",
    "mittlere": "medium",
    "niedrig": "low",
    "niedrige": "low",
    "critique": "critical",
    "haute": "high",
    "élevé": "high",
    "élevée": "high",
    "moyen": "medium",
    "moyenne": "medium",
    "basse": "low",
    "faible": "low",
    "mineur": "low",
    "mineure": "low",
    "majeur": "high",
    "majeure": "high",
    "bloquant": "critical",
    "menor": "low",
    "mayor": "high",
    "grave": "critical",
    "gering": "low",
    "schwer": "critical",
    **{stem + end: level for stem, level, ends in _RU_LEVELS for end in ends},
    # Chinese, Japanese, Korean
    "严重": "critical",
    "紧急": "critical",
    "致命": "critical",
    "高": "high",
    "中": "medium",
    "低": "low",
    "重大": "critical",
    "緊急": "critical",
    "軽微": "low",
    "高い": "high",
    "中程度": "medium",
    "注意": "medium",
    "警告": "medium",
    "改善": "low",
    "推奨": "low",
    "建议": "low",
    "建議": "low",
    "치명적": "critical",
    "심각": "critical",
    "긴급": "critical",
    "높음": "high",
    "중간": "medium",
    "보통": "medium",
    "낮음": "low",
}
PRIORITY_WORDS.update({_fold(w): level for w, level in list(PRIORITY_WORDS.items()) if _fold(w) not in PRIORITY_WORDS})
EMOJI_PRIORITY = {"🔴": "critical", "🟠": "high", "🟡": "medium", "⚠": "medium", "🟢": "low", "🔵": "low", "⚪": "low"}
_EN = (
    r"critical|blocker|blocking|severe|urgent|high|major|medium|moderate|low|minor|trivial|"
    r"warning|info|informational|nit|nitpick|suggestion|cosmetic"
)
_INTL = (
    r"cr[ií]tic[oa]|alt[oa]|medi[oa]|m[ée]di[oa]|baj[oa]|baix[oa]|kritische?|hoh(?:e|er)|hoch|mittel|mittlere|"
    r"niedrige?|critique|haute|basse|[ée]lev[ée]e?|moyenn?e|moyen|faible|mineure?|majeure?|bloquant|menor|mayor|"
    r"grave|gering|schwer|критическ(?:ий|ая|ое|ие)|критичн(?:ый|ая|ое|ые)|высок(?:ий|ая|ое|ие)|средн(?:ий|яя|ее|ие)|"
    r"низк(?:ий|ая|ое|ие)"
)
_CJK = r"严重|紧急|致命|重大|緊急|軽微|高|中|低|注意|警告|치명적|심각|긴급|높음|중간|보통|낮음"
_HEADING_PATTERNS = (
    re.compile(
        rf"[(\[（【]\s*(?:priority\s*:?\s*|severity\s*:?\s*)?({_EN}|{_CJK}|p[0-4])(?![a-z0-9])"
        r"[^)\]）】]*[)\]）】]",
        re.I,
    ),
    re.compile(rf"\b({_EN}|{_INTL})[\s-]+(?:priority|severity|issues?|risk|importance|findings?)\b", re.I),
    re.compile(r"\b(CRITICAL|BLOCKER|HIGH|MEDIUM|LOW|MAJOR|MINOR|WARNING|INFO|NIT)\b"),
    re.compile(rf"(?:^|[-–—:|]\s*)({_EN}|p[0-4])\s*[^\w\s]*\s*$", re.I),
    re.compile(rf"^\W*(?:\[[ xv✓✔]\]\s*)?({_EN}|p[0-4])\s*[:\-–—|]", re.I),
    re.compile(r"\b(P[0-4])\b"),
    re.compile(rf"(?:优先级|严重程度|優先度|重要度|深刻度|우선순위|심각도)\s*[:：]?\s*({_CJK})"),
    re.compile(rf"[（(]({_CJK})[）)]"),
)
_CJK_WORDS = r"严重|紧急|致命|重大|緊急|軽微|注意|警告|改善|推奨|建议|建議|치명적|심각|긴급|높음|중간|낮음"
_CJK_LEVEL = r"^\W*([高中低])(?=优先|優先|危|风险|風險|等级|级|級|\s|[:：（(]|$)"
_EN_LEVEL = rf"(?<![\w-])({_EN}|{_INTL}|p[0-4]|nice to have)(?:e?s)?(?![\w-])"
_SECTION_WORD = re.compile(rf"{_EN_LEVEL}|({_CJK_WORDS})|{_CJK_LEVEL}", re.I)
_SECTION_WORDS = 8
"""A heading longer than this many words names a topic, not a severity level."""


_VALUE_LEVEL = re.compile(rf"\b({_EN}|{_INTL}|p[0-4])\b|({_CJK})|(nice to have)")
_SECOND_LEVEL = re.compile(rf"(?:[-–/~～]|\s++(?:to|or|a|à|ou|o|bis|oder|до|или)\s++)(?:({_EN}|{_INTL})\b|({_CJK}))")
"""A second level written right after the first ('MOYENNE-HAUTE', 'Medium to High'): a span, no one level."""


def _level(word: str) -> str | None:
    return PRIORITY_WORDS.get(word) or PRIORITY_WORDS.get(_fold(word))


def priority_of_value(text: str) -> str | None:
    """Priority named by a field value such as '🔴 Critical', 'P1', 'High (blocks release)', '高';
    None for a span of two levels ('Media-Alta'), which names no single one."""
    if _EXTRA_SEVERITY and (team := _team_priority(text)):
        return team
    plain = text.strip().lower()
    m = _VALUE_LEVEL.search(plain)
    if m:
        level = _level(m.group(0))
        second = _SECOND_LEVEL.match(plain, m.end())
        if second and _level(second.group(second.lastindex)) not in (None, level):
            return None
        return level
    return _emoji_priority(text)


def names_a_span(text: str) -> bool:
    """'Media-Alta', 'Medium to High': a value that names two levels, so no single one."""
    return _VALUE_LEVEL.search(text.strip().lower()) is not None and priority_of_value(text) is None


@lru_cache(maxsize=1 << 12)
def priority_in_heading(text: str) -> str | None:
    """Priority a heading states — by a priority word in a marked position, else its emoji
    (cached: a finding's heading is asked about when it is chosen and again when it is read)."""
    if _EXTRA_SEVERITY and (team := _team_priority(text)):
        return team
    for pat in _HEADING_PATTERNS:
        m = pat.search(text)
        if m:
            return _level(m.group(1).lower())
    return _emoji_priority(text)


@lru_cache(maxsize=1 << 12)
def section_priority(title: str) -> str | None:
    """Priority of a section heading ('## High priority', '## 重大（優先修正）', '**Low Severity / Code Smells**'):
    a marked priority, else the first severity word of a short heading."""
    if _EXTRA_SEVERITY and (team := _team_priority(title)):
        return team
    marked = priority_in_heading(title)
    if marked:
        return marked
    plain = re.sub(r"[`*_#]", "", title).strip()
    if len(plain.split()) > _SECTION_WORDS:
        return None
    m = _SECTION_WORD.search(plain)
    return _level((m.group(1) or m.group(2) or m.group(3)).lower()) if m else None


def _emoji_priority(text: str) -> str | None:
    for emoji, prio in EMOJI_PRIORITY.items():
        if emoji in text:
            return prio
    return None


# -- effort ------------------------------------------------------------------------------
UNIT_MINUTES = {
    "m": 1,
    "min": 1,
    "mins": 1,
    "minute": 1,
    "minutes": 1,
    "h": 60,
    "hr": 60,
    "hrs": 60,
    "hour": 60,
    "hours": 60,
    "d": 480,
    "day": 480,
    "days": 480,
    "w": 2400,
    "wk": 2400,
    "week": 2400,
    "weeks": 2400,
    # es, pt, fr, de, ru
    "minuto": 1,
    "minutos": 1,
    "minuten": 1,
    "минута": 1,
    "минуты": 1,
    "минут": 1,
    "мин": 1,
    "hora": 60,
    "horas": 60,
    "heure": 60,
    "heures": 60,
    "stunde": 60,
    "stunden": 60,
    "std": 60,
    "час": 60,
    "часа": 60,
    "часов": 60,
    "ч": 60,
    "día": 480,
    "días": 480,
    "dia": 480,
    "dias": 480,
    "jour": 480,
    "jours": 480,
    "tag": 480,
    "tage": 480,
    "день": 480,
    "дня": 480,
    "дней": 480,
    "semana": 2400,
    "semanas": 2400,
    "semaine": 2400,
    "semaines": 2400,
    "woche": 2400,
    "wochen": 2400,
    "неделя": 2400,
    "недели": 2400,
    "недель": 2400,
    # zh, ja, ko
    "分钟": 1,
    "分": 1,
    "小时": 60,
    "時間": 60,
    "天": 480,
    "日": 480,
    "人日": 480,
    "周": 2400,
    "週": 2400,
    "분": 1,
    "시간": 60,
    "일": 480,
    "주": 2400,
}
_NUM = r"(?<![\d.,])(\d++(?:[.,]\d++)?+)"
_UNITS = "|".join(sorted((re.escape(u) for u in UNIT_MINUTES), key=len, reverse=True))
EFFORT = re.compile(
    rf"~?\s*+{_NUM}\+?+\s*+(?:(?:-|–|~|～|〜|to|a|à|bis|до)\s*+~?{_NUM}\+?+\s*+)?({_UNITS})(?![a-zà-öø-ÿа-яё])", re.I
)
"""A number or a range ('2-3', '2 à 3', '2+') and a unit; a unit is a whole word in Latin and
Cyrillic letters ('2 часть' is no hour), a CJK or Hangul unit may run on into the next word."""


def parse_effort(text: str) -> int | None:
    """Minutes of work in '30 minutes', '~2.75h', '2-3 hours' (midpoint), '1 day' (8 h), '2+ hours'
    (its least), '1,5 horas'; None if none."""
    m = EFFORT.search(text)
    if not m:
        return None
    low = float(m.group(1).replace(",", "."))
    high = float(m.group(2).replace(",", ".")) if m.group(2) else low
    return round((low + high) / 2 * UNIT_MINUTES[m.group(3).lower()])


# -- status ------------------------------------------------------------------------------
_DONE_WORDS = (
    r"fixed|resolved|done|completed?|implemented|addressed|closed|"
    r"resuelt[oa]s?|corregid[oa]s?|completad[oa]s?|solucionad[oa]s?|implementad[oa]s?|"  # es
    r"resolvid[oa]s?|corrigid[oa]s?|conclu[ií]d[oa]s?|"  # pt
    r"r[ée]solue?s?|corrig[ée]e?s?|termin[ée]e?s?|"  # fr
    r"behoben|erledigt|gel[öo]st|"  # de
    r"исправлен[оаы]?|решен[оаы]?|выполнен[оаы]?|устранен[оаы]?"  # ru
)
_FIXED = re.compile(
    rf"✅|✔|☑|\b(?:{_DONE_WORDS})\b|已修复|已解决|已完成|修正済|対応済|解決済|完了|해결됨|수정됨|완료", re.I
)
_NOT_FIXED = re.compile(
    rf"\b(?:(?:not|un|partially|partly)\s*(?:fixed|resolved|done|addressed)|"
    rf"(?:no|não|nao|non|pas|nicht|не|sin|sem)(?:\s++\w++)?\s++(?:{_DONE_WORDS})\b)|"
    r"未修复|未解决|未完成|未対応|未完了|未修正|未解決|미해결|미완료|미수정|(?:해결|수정|완료)되지|❌",
    re.I,
)
"""A negation before a done word ('No resuelto', 'Non résolu', 'nicht behoben', 'Не исправлено',
'未完了', '미해결'): not fixed."""


def says_fixed(text: str) -> bool:
    """True when a status value or marker says the problem is fixed."""
    return bool(_FIXED.search(text)) and not _NOT_FIXED.search(text)


# -- locations ---------------------------------------------------------------------------
EXTENSIONS = (
    "py|pyi|pyx|ipynb|js|jsx|mjs|cjs|ts|tsx|mts|cts|vue|svelte|astro|go|rs|java|kt|kts|scala|groovy|clj|cljs|"
    "rb|rake|erb|gemspec|php|cs|csproj|fs|vb|razor|cshtml|c|cc|cpp|cxx|h|hh|hpp|m|mm|swift|dart|lua|pl|pm|r|jl|"
    "ex|exs|erl|hs|ml|elm|zig|nim|sol|cu|ino|sql|prisma|sh|bash|zsh|fish|ps1|bat|nix|yaml|yml|json|jsonc|toml|"
    "ini|cfg|conf|properties|xml|plist|html|htm|css|scss|sass|less|md|mdx|rst|txt|gradle|tf|hcl|proto|graphql|"
    "gql|dockerfile|lock|env|example|sample|tmpl|j2|hbs|ejs|pug|service|gmi|ngc|mk|cmake"
)
_BARE_NAMES = "Gemfile|Dockerfile|Makefile|Rakefile|Procfile|Jenkinsfile|Vagrantfile|Brewfile|Podfile|CODEOWNERS"
_SEGMENT = r"(?:\[[\w.-]+\]|\([\w.-]+\)|[\w.\-@+])+/"
_PATH = re.compile(
    rf"(?<![\w/.@\])+-])((?:{_SEGMENT})*(?:\+?[\w.-]*\w\.(?:{EXTENSIONS})|{_BARE_NAMES}))(?![\w/-]|\.\w)", re.I
)
"""A file path: name.ext with a known extension, or a well-known bare name. A segment ends at its
slash and a bracket or parenthesis pair ('[id]', '(main)': route segments) is one unit, so a text
has one way to match; a path cannot start inside a run of path characters, so each run is scanned
once: linear time on any input."""
_EXT_HINT = re.compile(rf"\.(?:{EXTENSIONS})\b", re.I)
_NAME_HINT = re.compile(r"file|codeowners", re.I)
"""Every well-known bare name ends in 'file' but CODEOWNERS."""


def _path_hints(text: str) -> list[int]:
    """Offsets of what every path holds — an extension or the tail of a well-known name — found by
    scans that skip ahead to a literal (a '.', a lower-cased word), far cheaper than _PATH itself."""
    spots = [m.start() for m in _EXT_HINT.finditer(text)]
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: offsets would drift
        return sorted(spots + [m.start() for m in _NAME_HINT.finditer(text)])
    for word in ("file", "codeowners"):
        at = low.find(word)
        while at >= 0:
            spots.append(at)
            at = low.find(word, at + 1)
    return sorted(spots)


def path_matches(text: str) -> list[re.Match[str]]:
    """_PATH's matches in text order, found by scanning only the space-delimited stretches around
    its hints. A path holds no space, tab or newline, and neither of its look-arounds reads one, so
    each stretch matches exactly as it does inside the whole text."""
    out: list[re.Match[str]] = []
    end = 0
    for at in _path_hints(text):
        if at < end:
            continue  # inside the stretch scanned already
        start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at), text.rfind("\t", 0, at)) + 1
        ends = [i for i in (text.find(" ", at), text.find("\n", at), text.find("\t", at)) if i >= 0]
        end = min(ends, default=len(text))
        out += _PATH.finditer(text, start, end)
    return out


_TICKED_PATH = re.compile(rf"(?<=`)((?:{_SEGMENT})*\.[\w-]+|(?:{_SEGMENT})+)(?=`)")
"""In code ticks also a dotfile (`.gitignore`) or a directory (`app/jobs/`)."""
_RANGE = r"\d++(?:\s*+[-–]\s*+L?\d++)?+"
_JOIN = r"(?:,|、|&|(?:and|y|e|et|und|и)(?=\s))"
"""Between two lines of one list: 'lines 10, 20', 'linhas 10 e 20', 'Zeilen 3 und 9'."""
_LINE_WORD = r"lines?|l[ií]neas?|linhas?|lignes?|zeilen?|строк(?:а|и|е|ах)|라인|줄|行"
_CJK_LINE = rf"(?:第\s*+{_RANGE}\s*+行|(?<![\d.]){_RANGE}\s*+행)"
_CJK_LINES = rf"{_CJK_LINE}(?:\s*+{_JOIN}\s*+{_CJK_LINE})*+"
"""'第26-332行', '第54-108行, 第169-223行' (Chinese, Japanese), '12행' (Korean): the number inside the words."""
_LINES_AFTER = re.compile(
    rf"^(?:(?:`?\s*+(?::|#L)\s*+|`?\s*+[,(]?+\s*+\(?+\s*+"
    rf"(?:also\s++(?:lines?\s*+)?|(?:(?:see|at|on|near)\s++)?(?:{_LINE_WORD}|ll?\.|L(?=\d))\s*+:?+\s*+))"
    rf"(L?{_RANGE}(?:\s*+{_JOIN}\s*+L?{_RANGE})*+)|`?\s*+[,(（]?+\s*+({_CJK_LINES}))",
    re.I,
)
"""Lines written right after a path: '`:65`', ' (line 48, 133-134)', ' (linhas 173-191)', ' 第26行'."""


def leading_location(text: str) -> bool:
    """The text opens with a file path ('`src/a.rs:82` — ...', '**`a.py:3`** — ...')."""
    return _PATH.match(text.lstrip(" \t*_`[(-")) is not None


def find_locations(text: str) -> list[ParsedLocation]:
    """Every file path in `text` with the lines written right after it (`:65`, `lines 445, 449`, ...);
    a bare `:934` or `helper:30-41` later in the text belongs to the path written before it."""
    out = _permalinks(text)
    text = _WINDOWS.sub("/", _DRIVE.sub("", _URL.sub(_blank, text))) if ("\\" in text or "//" in text) else text
    paths: list[tuple[int, str]] = []  # (end offset, path) in text order
    matches = path_matches(text)
    if "`." in text or "/`" in text:  # a ticked dotfile or directory
        matches = sorted((*matches, *_TICKED_PATH.finditer(text)), key=lambda m: m.start())
    for m in matches:
        path = m.group(1).lstrip("./") if m.group(1).startswith("./") else m.group(1)
        paths.append((m.end(), path))
        after = text[m.end() : m.end() + 200]
        symbol = _SYMBOL.match(after)
        first = _LINES_AFTER.match(after) or _LINK_LINES.match(after)
        out += _with_lines(path, first, symbol.group(1) if symbol else None)
        if first and (more := _LINES_AFTER.match(after[first.end() :])):  # '`a.ts:167` (also line 147)'
            out += _with_lines(path, more)
    if paths:
        out += _bare_lines(text, paths)
    unique: dict[tuple, ParsedLocation] = {}
    for loc in out:
        unique.setdefault((loc.path, loc.line_start, loc.line_end), loc)
    return list(unique.values())


_LINK_LINES = re.compile(r"^`?\]\([^)\s#]{0,300}#L(\d{1,9}(?:-L?\d{1,9})?)\)")
"""'[src/x.py](../src/x.py#L117-L120)': the lines of a link to the file."""
_URL = re.compile(r"\bhttps?://[^\s)>\]`'\"]{1,2000}")
_PERMALINK = re.compile(
    r"\bhttps?://[\w.-]{1,100}/[\w.-]{1,100}/[\w.-]{1,100}/(?:-/)?(?:blob|tree|src)/[\w.-]{1,100}/"
    r"([^\s#?)>\]`'\"]{1,500})(?:\?[^\s#)]{0,200})?(?:#L(\d+)(?:-L?(\d+))?)?"
)
"""A link to a file at a revision (GitHub, GitLab, Gitea): its path and #L10-L20 lines."""
_DRIVE = re.compile(r"\b[A-Za-z]:[\\/](?=[\w.])")
_WINDOWS = re.compile(r"(?<=[\w.\]])\\(?=[\w.\[])")
_SYMBOL = re.compile(r"`?::([A-Za-z_]\w{0,100})")


def _blank(m: re.Match[str]) -> str:
    """A URL's text is not a path (a permalink was read already); offsets stay where they were."""
    return " " * len(m.group(0))


def _permalinks(text: str) -> list[ParsedLocation]:
    if "://" not in text:
        return []
    out = []
    for m in _PERMALINK.finditer(text):
        start = int(m.group(2)) if m.group(2) else None
        out.append(ParsedLocation(m.group(1), start, int(m.group(3)) if m.group(3) else start))
    return out


def _with_lines(path: str, lines: "re.Match[str] | None", symbol: str | None = None) -> list[ParsedLocation]:
    if not lines:
        return [ParsedLocation(path, symbol=symbol)]
    out = []
    for part in re.split(rf"\s*{_JOIN}\s*", lines.group(1) or lines.group(2)):
        nums = [int(n) for n in re.findall(r"\d+", part)]
        if nums:
            out.append(ParsedLocation(path, nums[0], nums[-1]))
    return out


_BARE_LINES = re.compile(r"`(?:[A-Za-z_]\w*)?:(\d+)(?:\s*[-–]\s*(\d+))?`|:(\d+)(?:[-–](\d+))?(?![\d:])")
"""A line of the path written before it: '`:934`', '`helper:30-41`', ' :12'; see _after_gap."""


def _after_gap(before: str, m: re.Match[str]) -> bool:
    """A bare line follows white space, '(', ',' or ';'; a ticked one may also open the text."""
    return before.isspace() or before in ("(", ",", ";") if before else m.group(1) is not None


_LINE_WORDS = re.compile(
    rf"\b(?:{_LINE_WORD})\s*+(?::\s*+)?+({_RANGE}(?:\s*+{_JOIN}\s*+{_RANGE})*+)|({_CJK_LINES})", re.I
)
_LINE_HINTS = ("lin", "lig", "zeil", "строк", "라인", "줄", "행", "行")
"""What every match of _LINE_WORDS holds (lower-cased), found far cheaper than the pattern itself."""


def _names_lines(text: str) -> bool:
    low = text.lower()
    return any(hint in low for hint in _LINE_HINTS)


def _bare_lines(text: str, paths: list[tuple[int, str]]) -> list[ParsedLocation]:
    out: list[ParsedLocation] = []
    for m in matches_after(_BARE_LINES, text, _after_gap) if ":" in text else ():
        if before := [p for end, p in paths if end <= m.start()]:
            start, end = m.group(1) or m.group(3), m.group(2) or m.group(4)
            out.append(ParsedLocation(before[-1], int(start), int(end or start)))
    # 'Line 61, 83' / '**Lines:** 51, 68' / 'linhas 5 e 9' / '第12行' after the file
    for m in _LINE_WORDS.finditer(text) if _names_lines(text) else ():
        if before := [p for end, p in paths if end <= m.start()]:
            out += _with_lines(before[-1], m)
    return out
