"""Stable identities: review keys, finding fingerprints and the short IDs people type.

A finding's fingerprint is its review's key plus its normalized title (never line numbers), so
it survives re-import, edits elsewhere in the document and moved code; the short ID is derived
from the fingerprint alone, so two empty stores give the same IDs for the same document.
"""

import hashlib
import re
import unicodedata
from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ID_PREFIX = "RC-"
ID_LENGTH = 5


def review_key(path: Path | None, name: str | None = None, digest: str = "") -> str:
    """The review's key: an explicit name, else the document's file name without extension; a
    document on stdin has no name, so its content names it (`stdin-` + 8 hex of its SHA-256):
    two different documents piped in are two reviews, never one replacing the other."""
    raw = name or (path.stem if path else f"stdin-{digest[:8]}")
    key = re.sub(r"[^\w.-]+", "-", unicodedata.normalize("NFKC", raw)).strip("-").lower()
    return key or "review"


def normalize_title(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).lower()
    text = re.sub(r"\([^)]*\)", " ", text)
    return " ".join(re.findall(r"\w+", text))


def fingerprint(review: str, title: str, occurrence: int = 1) -> str:
    suffix = f"#{occurrence}" if occurrence > 1 else ""
    return hashlib.sha256(f"{review}\x00{normalize_title(title)}{suffix}".encode()).hexdigest()[:32]


def _base32(n: int, digits: int) -> str:
    """The `digits` least significant base-32 digits of n, least significant first."""
    return "".join(CROCKFORD[(n >> shift) & 31] for shift in range(0, min(digits * 5, n.bit_length()), 5))


def short_id(fp: str, taken: Callable[[str], bool]) -> str:
    """RC-XXXXX from the fingerprint; one more character each time the shorter one is taken."""
    n = int.from_bytes(hashlib.sha256(fp.encode()).digest(), "big")
    code = _base32(n, ID_LENGTH + 3)  # enough but for the rarest clashes
    for length in range(ID_LENGTH, 52):
        if length > len(code):
            code = _base32(n, 52)  # 256 bits
        candidate = ID_PREFIX + code[:length]
        if not taken(candidate):
            return candidate
    raise RuntimeError("no free finding ID")  # unreachable: 51 characters of SHA-256


def similar_titles(a: str, b: str) -> float:
    """0..1: how alike two titles are after normalization (for carrying identity across edits)."""
    return SequenceMatcher(None, normalize_title(a), normalize_title(b)).ratio()


def similar_bodies(a: str, b: str) -> float:
    """0..1: how alike two finding bodies read (their first 2,000 characters, white space folded);
    0 when either is empty, which proves nothing."""
    a, b = " ".join(a[:2000].split()), " ".join(b[:2000].split())
    return SequenceMatcher(None, a, b).ratio() if a and b else 0.0
