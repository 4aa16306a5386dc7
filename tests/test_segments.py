"""Parsing only the top-level statements a local rule can fire in gives the same instances as a full parse."""

import ast
import re

import pytest

from reviewctl.detectors import Context, run
from reviewctl.detectors.segments import local_tree
from reviewctl.rules import load_catalog

NEEDLE = [re.compile(r"\n[ \t]*except[ \t]*:")]
RULE = load_catalog().get("bare-except")


def test_only_the_statements_with_the_needle_are_kept_with_their_lines() -> None:
    source = "import os\n\n\ndef a():\n    return 1\n\n\ndef b():\n    try:\n        x()\n    except:\n        pass\n"
    tree = local_tree(source, NEEDLE)
    assert [(type(s).__name__, s.lineno, s.end_lineno) for s in tree.body] == [("FunctionDef", 8, 12)]


def test_a_top_level_try_keeps_its_except_and_a_backslash_continuation_is_no_start() -> None:
    source = "x = 1 + \\\n2\ntry:\n    x()\nexcept:\n    pass\n"
    tree = local_tree(source, NEEDLE)
    assert [(type(s).__name__, s.lineno) for s in tree.body] == [("Try", 3)]


@pytest.mark.parametrize(
    "source",
    [
        '"""Docs.\n\ntry:\n    x()\nexcept:\n    pass\n"""\n',  # an example in a docstring: cut unsafe
        "f(\nx = 1\ntry:\n    y()\nexcept:\n    pass\n)\n",  # a piece that does not parse on its own
    ],
)
def test_unsafe_cuts_fall_back_to_the_whole_file(source: str) -> None:
    assert local_tree(source, NEEDLE) is None


def test_a_file_broken_elsewhere_is_still_read_where_it_parses() -> None:
    source = "def broken(:\n    pass\n\n\ntry:\n    y()\nexcept:\n    pass\n"  # like ruff's resilient parser
    assert [i.line for i in run(RULE, source, Context(path="m.py"))] == [7]


def test_instances_match_a_full_parse() -> None:
    source = (
        '"""Module."""\n\n\nclass C:\n    def m(self):\n        try:\n            x()\n        except:\n'
        "            log()\n\n\ntry:\n    y()\nexcept:  # noqa: E722\n    raise\n"
    )
    found = [(i.line, i.col, i.symbol, i.suppressed) for i in run(RULE, source, Context(path="m.py"))]
    tree = ast.parse(source)
    assert sorted(h.lineno for h in ast.walk(tree) if isinstance(h, ast.ExceptHandler) and h.type is None) == [8, 14]
    assert found == [(8, 9, None, False)]  # line 14 re-raises; run() leaves symbols to detect
