"""Bytes → text: BOMs, UTF-8, legacy 8-bit fallbacks, and repair of UTF-8 read in a wrong codec.

ftfy repairs Windows-1252 and Mac Roman mojibake but not UTF-8 read as Korean Johab/CP949, nor
sequences that lost a byte on the way (003's warning sign), so the repair here works run by run:
each run of non-ASCII characters is re-encoded with the document's most likely wrong codec and
decoded as UTF-8 again.
"""

import codecs
import re

from reviewctl.errors import InputError

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
WRONG_CODECS = ("cp1252", "mac_roman", "johab", "cp949")
_RUN = re.compile(r"[^\x00-\x7f]+")
# Cheap tell-tales of mojibake: a UTF-8 lead byte's Latin-1/Mac Roman/Hangul look-alike followed by
# a continuation-byte look-alike. Only documents that match pay for the repair.
_SUSPECT = re.compile(
    r"[ÂÃâðïÐÑ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
    r"|[\uf8ff‚][\u00c0-\u00ff\u2020-\u2122]|[\u4e00-\u9fff\uac00-\ud7af][\uac00-\ud7af]"
)


def decode_bytes(data: bytes, name: str) -> str:
    """Text of a document; binary data is refused with an InputError naming the file."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace").lstrip("\ufeff")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file, not a review document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="strict") if _cp1252_ok(data) else data.decode("latin-1")
    if _looks_binary(text):
        raise InputError(f"{name}: binary file, not a review document")
    return text


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
"""Control characters text does not hold (tab, newline, form feed and carriage return it does)."""


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = len(_CONTROLS.findall(sample))
    return bool(sample) and controls / len(sample) > 0.05


def _encode(run: str, codec: str) -> bytes | None:
    """Bytes `run` came from, if it is text of `codec` (cp1252 kept sloppy: undefined bytes pass)."""
    try:
        return run.encode(codec)
    except UnicodeEncodeError:
        if codec != "cp1252":
            return None
    out = bytearray()
    for ch in run:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ord(ch))
    return bytes(out)


def _repair_run(run: str, codec: str) -> str | None:
    """UTF-8 text behind `run`, tolerating one lost trailing byte; None when it is not mojibake."""
    raw = _encode(run, codec)
    if raw is None or raw.isascii():
        return None
    fixed = raw.decode("utf-8", errors="replace")
    if fixed.count("\ufffd") > 1 or fixed == "\ufffd" or len(fixed) >= len(run):
        return None
    return fixed.replace("\ufffd", "")


def repair_mojibake(text: str) -> tuple[str, str | None]:
    """(repaired text, codec it had been misread with) — the text unchanged when it looks clean."""
    if text.isascii() or not _SUSPECT.search(text):
        return text, None
    runs = set(_RUN.findall(text))
    best, best_score = None, 0
    for codec in WRONG_CODECS:
        score = sum(1 for r in runs if _repair_run(r, codec) is not None)
        if score > best_score:
            best, best_score = codec, score
    if best is None or best_score * 2 < len(runs):
        return text, None
    repaired = _RUN.sub(lambda m: _repair_run(m.group(), best) or m.group(), text)
    return repaired, best
