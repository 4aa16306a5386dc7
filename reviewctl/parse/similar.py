"""Meaning-ish matching of short texts: stemmed words weighted by rarity.

Roadmap items, "fixes applied" lines and priority-table rows name findings in other words;
rare shared words ("SeenStore", "staleTime") carry the match, common ones ("add", "fix") little.
A score is the share of the query's weight that a finding covers, in its title (which counts
most) and in its body, so long bodies do not dilute a match.
"""

import math
import re
from collections.abc import Sequence

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
_WORD = re.compile(r"[a-z0-9_]+|[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", re.I)
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


def stem(word: str) -> str:
    """A crude, stable English stem: enough to meet 'queries'/'query' and 'exception'/'except'."""
    word = word.strip("_")
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + repl
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def words(text: str) -> set[str]:
    """Stemmed content words; camelCase is split and also kept whole; CJK as single characters."""
    split = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    found = _WORD.findall(split)
    found += [part for w in found if "_" in w.strip("_") for part in w.split("_")]  # snake_case parts too
    out = {stem(w.lower()) for w in found if (len(w) > 1 or not w.isascii())}
    out |= {stem(w.lower()) for w in re.findall(r"\b[a-z]+[A-Z]\w*", text)}
    out |= {w.lower() for w in re.findall(r"\b\w+\+\w+", text)}  # "N+1"
    return out - STOP


class Matcher:
    """Scores a query against a fixed set of (title, body) pairs — the findings of one review."""

    def __init__(self, docs: Sequence[tuple[str, str]]) -> None:
        self.titles = [words(t) for t, _ in docs]
        self.bodies = [words(t + " " + b) for t, b in docs]
        n = len(docs)
        df: dict[str, int] = {}
        for vec in self.bodies:
            for w in vec:
                df[w] = df.get(w, 0) + 1
        self.idf = {w: math.log((n + 1) / c) + 0.3 for w, c in df.items()}
        self.unseen = math.log(n + 1) + 0.3

    def scores(self, query: str) -> list[float]:
        q = words(query)
        weight = {w: self.idf.get(w, self.unseen) for w in q}
        total = sum(weight.values()) or 1.0
        out = []
        for title, body in zip(self.titles, self.bodies, strict=True):
            in_title = sum(weight[w] for w in q & title) / total
            in_body = sum(weight[w] for w in q & body) / total
            out.append(0.5 * in_title + 0.5 * in_body)
        return out
