"""Mutated review documents through the real import: each ends in well under a time limit, with a
summary or a one-line error — never a traceback, never a hang."""

import signal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewctl.cli import app
from tests.conftest import ASSETS, Cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "reviews"
BASES = [p.read_bytes() for p in (ASSETS / "small_review.md", *sorted(EXAMPLES.glob("*.md")))]
RUNS = ["-", "=", "*", "|", "`", "~", "🔥", "❗", "⚠️", "…"]
LIMIT = 5.0  # seconds per document; an import of these takes tens of milliseconds, a hang days


class TooSlow(Exception):
    pass


def _interrupt(*_: object) -> None:
    raise TooSlow


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A base document after a few byte flips, truncations, line shuffles, Unicode insertions and
    long runs of punctuation or emoji in body lines, headings, list items and table rows."""
    data = bytearray(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "shuffle", "unicode", "run"]))
        at = draw(st.integers(0, len(data)))
        if kind == "flip" and data:
            data[min(at, len(data) - 1)] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[at:]
        elif kind == "shuffle":
            data = bytearray(b"\n".join(draw(st.permutations(bytes(data).split(b"\n")))))
        elif kind == "unicode":
            data[at:at] = draw(st.text(max_size=40)).encode()
        elif kind == "run":
            run = draw(st.sampled_from(RUNS)) * draw(st.integers(20, 3000))
            lead = draw(st.sampled_from(["note", "### 1. Cache", "## High", "- **Item**", "| a |"]))
            data[at:at] = f"\n{lead} {run} end (High)\n".encode()
    return bytes(data)


def _import_in_time(cli: Cli, path: Path, data: bytes, limit: float = LIMIT) -> None:
    """Import `data` through the CLI, interrupted (and failed) after `limit` seconds."""
    path.write_bytes(data)
    signal.signal(signal.SIGALRM, _interrupt)
    signal.setitimer(signal.ITIMER_REAL, limit, 1.0)  # and every second after: a gc callback may swallow one
    try:
        result = cli.runner.invoke(app, ["import", str(path)])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    if isinstance(result.exception, TooSlow):
        pytest.fail(f"import took more than {limit} s: {data[:200]!r}")
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output + result.stderr
    if result.exit_code:
        assert result.stderr.startswith("reviewctl: error: "), result.stderr


def test_mutated_documents_import_cleanly(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "fuzzed.md"  # one name: each document updates the review the last one left
    path.write_bytes(BASES[0])
    cli("import", str(path))  # outside the clock: the first import loads git, the ORM and the catalog

    @settings(max_examples=80, deadline=None, database=None, derandomize=True)
    @given(mutated())
    def run(data: bytes) -> None:
        _import_in_time(cli, path, data)

    run()


@pytest.mark.parametrize("char", ["-", "=", "🔥", "❗"])
def test_a_heading_with_a_long_run_imports_quickly(cli: Cli, tmp_path: Path, char: str) -> None:
    _import_in_time(cli, tmp_path / "run.md", f"### 1. Cache {char * 10_000} x (High)\n".encode(), limit=0.5)
