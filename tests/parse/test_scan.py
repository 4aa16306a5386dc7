"""Scans that check the preceding character outside the pattern give the lookbehind's matches."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reviewctl.parse.fields import _BARE_LINES, _after_gap
from reviewctl.parse.scan import matches_after

BARE_WITH_LOOKBEHIND = re.compile(
    r"(?:(?<=[\s(,;])|^)`(?:[A-Za-z_]\w*)?:(\d+)(?:\s*[-–]\s*(\d+))?`|(?<=[\s(,;]):(\d+)(?:[-–](\d+))?(?![\d:])"
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


def test_examples() -> None:
    text = "see `:934`, (:12-14) and x:5; `helper:30-41`"
    assert [m.group(0) for m in matches_after(_BARE_LINES, text, _after_gap)] == ["`:934`", ":12-14", "`helper:30-41`"]
