"""Scans that check the preceding character outside the pattern give the lookbehind's matches."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reviewctl.parse.fields import _BARE_LINES, _after_gap
from reviewctl.parse.review import _COUNT_TEXT
from reviewctl.parse.scan import matches_after, not_word

BARE_WITH_LOOKBEHIND = re.compile(
    r"(?:(?<=[\s(,;])|^)`(?:[A-Za-z_]\w*)?:(\d+)(?:\s*[-–]\s*(\d+))?`|(?<=[\s(,;]):(\d+)(?:[-–](\d+))?(?![\d:])"
)
COUNT_WITH_BOUNDARY = re.compile(
    r"\b(\d+)\s+(critical|high|medium|low)(?:\s+priority)?\s+(?:issues|findings|problems)\b", re.I
)
_PIECES = ["`", ":", "12", "3", "-", "–", " ", "\n", "\u00a0", "(", ",", ";", "a", "x_1", "é", "_", "high", " issues",
           "Low", " priority", " findings", "9"]  # fmt: skip
texts = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


def _spans(matches) -> list[tuple]:
    return [(m.start(), m.end(), m.groups()) for m in matches]


@given(texts)
@settings(max_examples=500, deadline=None)
def test_bare_lines_are_the_lookbehind_patterns_matches(text: str) -> None:
    assert _spans(matches_after(_BARE_LINES, text, _after_gap)) == _spans(BARE_WITH_LOOKBEHIND.finditer(text))


@given(texts)
@settings(max_examples=500, deadline=None)
def test_counts_are_the_word_boundary_patterns_matches(text: str) -> None:
    assert _spans(matches_after(_COUNT_TEXT, text, not_word)) == _spans(COUNT_WITH_BOUNDARY.finditer(text))


def test_examples() -> None:
    text = "see `:934`, (:12-14) and x:5; `helper:30-41`"
    assert [m.group(0) for m in matches_after(_BARE_LINES, text, _after_gap)] == ["`:934`", ":12-14", "`helper:30-41`"]
    assert [m.group(0) for m in matches_after(_COUNT_TEXT, "a12 high issues; 3 low issues", not_word)] == [
        "3 low issues"
    ]
