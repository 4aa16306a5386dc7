"""What share of real findings `verify` could judge: quoted code and rules for the file's language.

Imports each review of ../shared/corpus (or the folder given) into a fresh store with the installed
`reviewctl`, then counts findings that name a file, that quote code (blocks or spans outside Fix
labels), and whose mapped rule reads one of their files. Run it with an older checkout's Python to
get the "before" figures. Nothing of the corpus is copied anywhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def findings(doc: Path) -> list[dict]:
    """The findings of one document, imported into a fresh store outside any repository."""
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {"REVIEWCTL_DB": f"{tmp}/findings.db", "NO_COLOR": "1"}
        subprocess.run(["reviewctl", "import", str(doc)], cwd=tmp, env=env, capture_output=True, check=False)
        out = subprocess.run(["reviewctl", "export"], cwd=tmp, env=env, capture_output=True, text=True, check=False)
        return json.loads(out.stdout or "{}").get("findings", [])


def quoted(body: str) -> bool:
    try:
        from reviewctl.quotes import quoted_code
    except ImportError:  # a checkout from before quoted-code evidence
        return False
    return bool(quoted_code(body))


def tally(folder: Path) -> Counter:
    from reviewctl.rules import load_catalog

    catalog = load_catalog()
    counts: Counter = Counter()
    for doc in sorted(folder.glob("*.md")):
        if doc.name == "README.md":
            continue
        for f in findings(doc):
            paths = [loc["path"] for loc in f["locations"]]
            rule = catalog.rules.get(f["rule"]) if f["rule"] else None
            counts["findings"] += 1
            counts["with a file"] += bool(paths)
            counts["mapped to a rule"] += bool(f["rule"])
            counts["rule reads its file"] += bool(rule and any(rule.applies_to(p) for p in paths))
            counts["quotes code"] += quoted(f["body"])
            counts["quotes code and names a file"] += bool(paths) and quoted(f["body"])
            counts["judgeable: a file, and a rule or quotes"] += bool(paths) and (
                bool(rule and any(rule.applies_to(p) for p in paths)) or quoted(f["body"])
            )
    return counts


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    counts = tally(folder)
    total = counts["findings"] or 1
    for key, value in counts.items():
        print(f"{key:40} {value:5}  {100 * value / total:5.1f}%")


if __name__ == "__main__":
    main()
