"""Field vocabulary and value parsers: labels, priority, effort, locations, status words.

Words are the second signal after structure; every table here is vocabulary (English, Chinese,
Japanese), never a rule for one document.
"""

import re
from dataclasses import dataclass

from reviewctl.parse.model import ParsedLocation

# -- labels ------------------------------------------------------------------------------
LABELS: dict[str, tuple[str, ...]] = {
    "issue": ("issue", "problem", "description", "finding", "what", "问题", "描述", "問題", "説明", "現象"),
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
        "位置",
        "文件",
        "代码位置",
        "場所",
        "ファイル",
        "該当箇所",
        "箇所",
    ),
    "impact": ("impact", "risk", "consequence", "why", "影响", "风险", "影響", "リスク"),
    "evidence": ("evidence", "current code", "proof", "证据", "根拠"),
    "fix": (
        "fix",
        "solution",
        "recommendation",
        "suggested fix",
        "remediation",
        "action",
        "how to fix",
        "修复",
        "建议",
        "解决方案",
        "修正",
        "対策",
        "推奨",
    ),
    "priority": ("priority", "severity", "criticality", "优先级", "严重程度", "严重性", "優先度", "重要度", "深刻度"),
    "effort": (
        "effort",
        "estimated time",
        "estimate",
        "estimated effort",
        "time estimate",
        "time",
        "eta",
        "工作量",
        "预计时间",
        "预估",
        "工数",
        "見積もり",
        "見積",
        "作業時間",
    ),
    "status": ("status", "state", "状态", "状態", "ステータス"),
}
_LABEL_OF = {word: canon for canon, words in LABELS.items() for word in words}
_FIELD = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*([^*_:：\n]{1,40}?)\s*(?:\*\*|__)?\s*(?:\([^)]*\))?\s*[:：]\s*(?:\*\*|__)?\s*(.*)$"
)

_MARKS = re.compile(r"[`*_#]")


@dataclass
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
    canon = _LABEL_OF.get(raw)
    if canon is None and raw.startswith("location") and len(raw) < 25:
        canon = "location"
    return FieldLine(canon, m.group(2).strip()) if canon else None


def heading_label(text: str) -> FieldLine | None:
    """A heading that is a field: '**Location**: `a.py`', or a bare label such as 'Files'."""
    fl = field_line(text)
    if fl:
        return fl
    canon = _LABEL_OF.get(re.sub(r"[`*_#:：]", "", text).strip().lower())
    return FieldLine(canon, "") if canon else None


# -- priority ----------------------------------------------------------------------------
PRIORITY_WORDS = {
    "critical": "critical",
    "blocker": "critical",
    "severe": "critical",
    "urgent": "critical",
    "high": "high",
    "major": "high",
    "important": "high",
    "medium": "medium",
    "moderate": "medium",
    "normal": "medium",
    "low": "low",
    "minor": "low",
    "trivial": "low",
    "nice to have": "low",
    "info": "low",
    "p0": "critical",
    "p1": "high",
    "p2": "medium",
    "p3": "low",
    "p4": "low",
    "严重": "critical",
    "紧急": "critical",
    "致命": "critical",
    "高": "high",
    "中": "medium",
    "低": "low",
    "重大": "critical",
    "緊急": "critical",
    "高い": "high",
    "中程度": "medium",
}
EMOJI_PRIORITY = {"🔴": "critical", "🟠": "high", "🟡": "medium", "🟢": "low", "🔵": "low"}
_EN = r"critical|blocker|severe|urgent|high|major|medium|moderate|low|minor|trivial"
_CJK = r"严重|紧急|致命|重大|緊急|高|中|低"
_HEADING_PATTERNS = (
    re.compile(rf"[(\[（【]\s*(?:priority\s*:?\s*)?({_EN}|{_CJK}|p[0-4])\b[^)\]）】]*[)\]）】]", re.I),
    re.compile(rf"\b({_EN})[\s-]+(?:priority|severity|issues?|risk|importance)\b", re.I),
    re.compile(r"\b(CRITICAL|BLOCKER|HIGH|MEDIUM|LOW|MAJOR|MINOR)\b"),
    re.compile(rf"(?:^|[-–—:|]\s*)({_EN}|p[0-4])\s*[^\w\s]*\s*$", re.I),
    re.compile(rf"^\W*({_EN}|p[0-4])\s*[:\-–—|]", re.I),
    re.compile(r"\b(P[0-4])\b"),
    re.compile(rf"(?:优先级|严重程度|優先度|重要度)\s*[:：]?\s*({_CJK})"),
    re.compile(rf"[（(]({_CJK})[）)]"),
)


def priority_of_value(text: str) -> str | None:
    """Priority named by a field value such as '🔴 Critical', 'P1', 'High (blocks release)', '高'."""
    plain = text.strip().lower()
    m = re.search(rf"\b({_EN}|p[0-4])\b|({_CJK})|(nice to have)", plain)
    if m:
        return PRIORITY_WORDS[m.group(0)]
    return _emoji_priority(text)


def priority_in_heading(text: str) -> str | None:
    """Priority a heading states — by a priority word in a marked position, else its emoji."""
    for pat in _HEADING_PATTERNS:
        m = pat.search(text)
        if m:
            return PRIORITY_WORDS[m.group(1).lower()]
    return _emoji_priority(text)


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
    "分钟": 1,
    "分": 1,
    "小时": 60,
    "時間": 60,
    "天": 480,
    "日": 480,
    "人日": 480,
    "周": 2400,
    "週": 2400,
}
_NUM = r"(\d+(?:\.\d+)?)"
_UNITS = "|".join(sorted((re.escape(u) for u in UNIT_MINUTES), key=len, reverse=True))
EFFORT = re.compile(rf"~?\s*{_NUM}\s*(?:(?:-|–|to|~)\s*~?{_NUM}\s*)?({_UNITS})(?![a-z])", re.I)


def parse_effort(text: str) -> int | None:
    """Minutes of work in '30 minutes', '~2.75h', '2-3 hours' (midpoint), '1 day' (8 h); None if none."""
    m = EFFORT.search(text)
    if not m:
        return None
    low = float(m.group(1))
    high = float(m.group(2)) if m.group(2) else low
    return round((low + high) / 2 * UNIT_MINUTES[m.group(3).lower()])


# -- status ------------------------------------------------------------------------------
_FIXED = re.compile(
    r"✅|✔|☑|\b(fixed|resolved|done|completed?|implemented|addressed|closed)\b|已修复|已解决|修正済|対応済", re.I
)
_NOT_FIXED = re.compile(r"\b(not|un|partially|partly)\s*(fixed|resolved|done|addressed)|未修复|未対応|❌", re.I)


def says_fixed(text: str) -> bool:
    """True when a status value or marker says the problem is fixed."""
    return bool(_FIXED.search(text)) and not _NOT_FIXED.search(text)


# -- locations ---------------------------------------------------------------------------
EXTENSIONS = (
    "py|pyi|pyx|ipynb|js|jsx|mjs|cjs|ts|tsx|vue|svelte|go|rs|java|kt|kts|scala|rb|php|cs|fs|c|cc|cpp|cxx|h|"
    "hh|hpp|m|mm|swift|dart|lua|pl|pm|r|sql|sh|bash|zsh|ps1|yaml|yml|json|toml|ini|cfg|conf|xml|html|htm|"
    "css|scss|sass|less|md|rst|txt|gradle|tf|proto|graphql|dockerfile|lock|env"
)
_PATH = re.compile(rf"(?<![\w/.@-])((?:[\w.-]+/)*[\w.-]*\w\.(?:{EXTENSIONS}))(?![\w/-])", re.I)
_RANGE = r"\d+(?:\s*[-–]\s*L?\d+)?"
_LINES_AFTER = re.compile(
    rf"^(?:`?\s*(?::|#L)\s*|`?\s*[,(]?\s*\(?\s*(?:lines?|ll?\.|行)\s*:?\s*)(L?{_RANGE}(?:\s*(?:,|、|and|&)\s*L?{_RANGE})*)",
    re.I,
)


def find_locations(text: str) -> list[ParsedLocation]:
    """Every file path in `text` with the lines written right after it (`:65`, `lines 445, 449`, ...)."""
    out: list[ParsedLocation] = []
    for m in _PATH.finditer(text):
        path = m.group(1).lstrip("./") if m.group(1).startswith("./") else m.group(1)
        lines = _LINES_AFTER.match(text[m.end() : m.end() + 200])
        if not lines:
            out.append(ParsedLocation(path))
            continue
        for part in re.split(r"\s*(?:,|、|and|&)\s*", lines.group(1)):
            nums = [int(n) for n in re.findall(r"\d+", part)]
            if nums:
                out.append(ParsedLocation(path, nums[0], nums[-1]))
    return out
