"""Finding IDs in commit messages: claims (closing verbs, trailers) and plain references.

Accepts what developers already write — `fix RC-3K9QZ`, `Closes RC-1, RC-2`, `Fixes: RC-3K9QZ`,
`Finding: RC-3K9QZ` (claims), `Refs: RC-3K9QZ` or a bare mention (references) — in any case, in
the subject, the body or a Conventional Commits footer.
"""

import re
from dataclasses import dataclass

ID = r"RC-[0-9A-HJKMNP-TV-Z]{5,}"
_ID = re.compile(rf"\b{ID}\b", re.I)
_LIST = rf"{ID}(?:\s*(?:,|and|&|\s)\s*{ID})*"
_VERB = re.compile(rf"\b(?:fix(?:e[sd])?|close[sd]?|resolve[sd]?)\b\s*:?\s*#?({_LIST})", re.I)
_TRAILER = re.compile(
    rf"^\s*(fix(?:es|ed)?|close[sd]?|resolve[sd]?|finding|refs?|references|see)\s*[:#]\s*({_LIST})", re.I | re.M
)
_REVERT = re.compile(r"This reverts commit ([0-9a-f]{7,40})", re.I)


_ANY = re.compile(r"rc-|reverts commit", re.I)  # cheap test: most commits name nothing


@dataclass(frozen=True)
class References:
    claims: frozenset[str]
    mentions: frozenset[str]  # referenced without a claim
    reverts: tuple[str, ...]  # SHAs this commit says it reverts


NOTHING = References(frozenset(), frozenset(), ())


def parse_message(message: str) -> References:
    """Claims, plain references and reverted SHAs named in one commit message."""
    if not _ANY.search(message):
        return NOTHING
    claims: set[str] = set()
    for m in _VERB.finditer(message):
        claims |= _ids(m.group(1))
    for m in _TRAILER.finditer(message):
        if not m.group(1).lower().startswith(("ref", "see")):
            claims |= _ids(m.group(2))
    mentioned = _ids(message)
    return References(frozenset(claims), frozenset(mentioned - claims), tuple(_REVERT.findall(message)))


def _ids(text: str) -> set[str]:
    return {m.upper() for m in _ID.findall(text)}
