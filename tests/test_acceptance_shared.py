"""Acceptance: the shared review documents against their expected extractions.

Uses the scoring rules of ../shared/tools/score_import.py (title matching, path and line
matching) on our real CLI import and export; skipped where ../shared is not beside the repo.
"""

import importlib.util
from pathlib import Path

import pytest
import yaml

from tests.conftest import SHARED, Cli

SCORER = SHARED.parent / "tools" / "score_import.py"
pytestmark = pytest.mark.skipif(not SCORER.is_file(), reason="../shared/tools/score_import.py not present")


def _scorer():
    spec = importlib.util.spec_from_file_location("score_import", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _docs() -> list[Path]:
    return sorted(p for p in SHARED.glob("*.*") if p.suffix not in (".yaml", ".yml")) if SHARED.is_dir() else []


@pytest.mark.parametrize("doc", _docs(), ids=lambda p: p.stem[:3])
def test_shared_document(doc: Path, tmp_path, monkeypatch) -> None:
    scorer = _scorer()
    truth = yaml.safe_load((SHARED / "expected" / f"{doc.stem}.yaml").read_text())["findings"]
    cli = Cli(tmp_path / "s.db", monkeypatch)
    cli("import", str(doc))
    s = scorer.score_doc(truth, cli.export()["findings"])
    assert s["missed"] == [] and s["extra"] == []
    for key in ("prio", "paths", "lines", "effort", "status", "phase"):
        got, total = s[key]
        assert got == total, f"{key}: {got}/{total}"
