"""Pattern scans whose first character lets the regex engine skip ahead.

A pattern that opens with a lookbehind or a word boundary is tried at every offset of the text; one
that opens with a literal or a character class is found by a fast scan for that character. These
helpers keep such checks on the preceding character out of the pattern, with the same matches.
"""

import re
from collections.abc import Callable, Iterator


def matches_after(
    pattern: re.Pattern[str], text: str, fits: Callable[[str, re.Match[str]], bool]
) -> Iterator[re.Match[str]]:
    """The matches finditer would give if `pattern` began with a lookbehind on the preceding
    character ("" at the start of the text) that `fits` checks: a refused match is tried again one
    character on, an accepted one resumes the scan at its end."""
    pos = 0
    while m := pattern.search(text, pos):
        at = m.start()
        if fits(text[at - 1] if at else "", m):
            yield m
            pos = max(m.end(), at + 1)
        else:
            pos = at + 1
