"""Meaning-ish matching of short texts: stemmed words weighted by rarity.

Roadmap items, "fixes applied" lines and priority-table rows name findings in other words;
rare shared words ("SeenStore", "staleTime") carry the match, common ones ("add", "fix") little.
A score is the share of the query's weight that a finding covers, in its title (which counts
most) and in its body, so long bodies do not dilute a match.
"""

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from reviewctl.parse.words import CJK

STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "for",
        "to",
        "and",
        "or",
        "with",
        "by",
        "at",
        "from",
        "is",
        "are",
        "be",
        "not",
        "no",
        "all",
        "any",
        "as",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "into",
        "via",
        "per",
        "use",
        "using",
        "add",
        "added",
        "adds",
        "fix",
        "fixed",
        "fixes",
        "implement",
        "implemented",
        "create",
        "make",
        "improve",
        "improved",
        "ensure",
        "proper",
        "properly",
        "missing",
        "issue",
        "issues",
        "problem",
        "problems",
        "locations",
        "location",
        "instances",
        "files",
        "file",
        "etc",
    ]
)
_WORD = re.compile(rf"[{CJK}]|[^\W{CJK}]+")
"""A word of any alphabet; a CJK character on its own."""
_SUFFIXES = (
    ("ations", ""),
    ("ation", ""),
    ("ators", ""),
    ("ator", ""),
    ("ies", "y"),
    ("ions", ""),
    ("ion", ""),
    ("ing", ""),
    ("es", ""),
    ("ed", ""),
    ("s", ""),
)


_PREFIX = 6


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude, stable English stem: enough to meet 'queries'/'query' and 'exception'/'except'."""
    word = word.strip("_")
    if not word.isascii() and word.isalpha():
        return word[:_PREFIX]  # other languages inflect by their endings: a prefix meets 'валидации'/'валидацию'
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + repl
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


_RAW = re.compile(r"\w+(?:\+\w+)?", re.I)


@lru_cache(maxsize=1 << 16)
def _token_words(token: str) -> frozenset[str]:
    """Stems of one raw token: camelCase and snake_case parts, and the token whole."""
    parts = _WORD.findall(re.sub(r"([a-z])([A-Z])", r"\1 \2", token))
    parts += [p for w in parts if "_" in w.strip("_") for p in w.split("_")]
    if re.match(r"[a-z]+[A-Z]", token) or "_" in token.strip("_"):
        parts.append(token)
    out = {stem(w.lower()) for w in parts if len(w) > 1 or not w.isascii()}
    if "+" in token:  # "N+1"
        out.add(token.lower())
    return frozenset(out - STOP)


@lru_cache(maxsize=1 << 12)
def words(text: str) -> frozenset[str]:
    """Stemmed content words; camelCase is split and also kept whole; CJK as single characters.
    Cached: one parse matches the same titles and bodies at several stages."""
    return frozenset().union(*map(_token_words, set(_RAW.findall(text))))  # each repeated word stemmed once


class Matcher:
    """Scores a query against a set of (title, body) pairs — the findings of one review."""

    def __init__(self, docs: Sequence[tuple[str, str]]) -> None:
        self.size = 0
        self.in_title: defaultdict[str, list[int]] = defaultdict(list)
        self.in_body: defaultdict[str, list[int]] = defaultdict(list)
        self.extend(docs)

    def extend(self, docs: Sequence[tuple[str, str]]) -> None:
        """Add documents (findings found by a later stage of the parse)."""
        for i, (title, body) in enumerate(docs, self.size):
            title_words = words(title)
            for w in title_words:
                self.in_title[w].append(i)
            for w in title_words | words(body):
                self.in_body[w].append(i)
        self.size += len(docs)

    def _idf(self, word: str) -> float:
        ids = self.in_body.get(word)
        return math.log((self.size + 1) / (len(ids) if ids else 1)) + 0.3

    def scores(self, query: str) -> list[float]:
        """Per document: half the query's weight found in its title plus half found anywhere in it."""
        weights = {w: self._idf(w) for w in words(query)}
        total = sum(weights.values()) or 1.0
        out = [0.0] * self.size
        for w, weight in weights.items():
            share = 0.5 * weight / total
            for i in self.in_title.get(w, ()):
                out[i] += share
            for i in self.in_body.get(w, ()):
                out[i] += share
        return out
