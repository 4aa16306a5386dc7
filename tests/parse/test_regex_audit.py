"""Every regular expression in reviewctl.parse against adversarial text: each must stay linear.

Review documents come from anywhere; one pattern with nested quantifiers over overlapping
classes turns a heading of 30 dashes into minutes of work. This runs every compiled pattern of
the parser's modules over long runs of each character class a document can hold.
"""

import importlib
import pkgutil
import re
import time

import pytest

import reviewctl.parse

RUN = 10_000
PIECES = [
    "-",
    "=",
    "*",
    "_",
    "`",
    "~",
    "|",
    ":",
    ".",
    "/",
    "(",
    ")",
    "[",
    "]",
    "#",
    " ",
    "\t",
    "a",
    "1",
    "a.",
    "a/",
    "a-",
    "[a]",
    "(a)",
    "1,",
    "1-",
    "L1",
    ":1",
    "🔥",
    "❗",
    "⚠️",
    "中",
    "高",
    "\\",
    "…",
]


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for info in pkgutil.iter_modules(reviewctl.parse.__path__):
        module = importlib.import_module(f"reviewctl.parse.{info.name}")
        out += [(f"{info.name}.{name}", value) for name, value in vars(module).items() if isinstance(value, re.Pattern)]
    return out


PATTERNS = _patterns()


def test_the_audit_sees_the_parsers_patterns() -> None:
    names = {name for name, _ in PATTERNS}
    assert {"fields._PATH", "fields.EFFORT", "extract.NUMBERED", "structure._BOLD_ONLY"} <= names
    assert len(PATTERNS) >= 40


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_pattern_is_linear_on_runs(name: str, pattern: re.Pattern[str]) -> None:
    slowest = 0.0
    for piece in PIECES:
        text = piece * (RUN // len(piece))
        for probe in (text, f"x {text} y", f"1. {text} (High)", f"`{text}`"):
            started = time.perf_counter()
            for _ in pattern.finditer(probe):
                pass
            pattern.match(probe)
            slowest = max(slowest, time.perf_counter() - started)
    assert slowest < 0.5, f"{name} took {slowest:.2f} s on a run of {RUN} characters"
