"""Decoding and mojibake repair."""

import pytest

from reviewctl.errors import InputError
from reviewctl.parse.decode import decode_bytes, repair_mojibake

TEXT = "## 🔴 Critical Issues ⚠️ → ✅ naïve"


@pytest.mark.parametrize("codec", ["cp1252", "mac_roman", "johab"])
def test_repairs_utf8_read_with_a_wrong_codec(codec: str) -> None:
    garbled = "## 🔴 Critical Issues and more 🟡 🟢".encode().decode(codec, errors="ignore")
    fixed, used = repair_mojibake(garbled)
    assert used == codec
    assert fixed == "## 🔴 Critical Issues and more 🟡 🟢"


def test_repairs_sequences_that_lost_a_byte() -> None:
    garbled = "Issue #1: Race âš\xa0ï¸ CRITICAL\nIssue #4: Leak ðŸ”´ HIGH\n120s â†’ 12s"
    fixed, used = repair_mojibake(garbled)
    assert used == "cp1252"
    assert fixed == "Issue #1: Race ⚠ CRITICAL\nIssue #4: Leak 🔴 HIGH\n120s → 12s"


@pytest.mark.parametrize(
    "clean", [TEXT, "# 搜索服务代码审查\n严重问题", "# 코드 리뷰\n심각한 문제", "Ça coûte cher — naïve café"]
)
def test_clean_text_is_left_alone(clean: str) -> None:
    assert repair_mojibake(clean) == (clean, None)


def test_boms_and_legacy_codecs() -> None:
    assert decode_bytes(TEXT.encode("utf-16"), "a") == TEXT
    assert decode_bytes(TEXT.encode("utf-8-sig"), "a") == TEXT
    assert decode_bytes("café — ok".encode("cp1252"), "a") == "café — ok"
    assert decode_bytes("naïve".encode("latin-1"), "a") == "naïve"


def test_binary_is_refused() -> None:
    with pytest.raises(InputError, match=r"x\.md: binary file"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "x.md")
