"""`import --explain` output: an indented outline, one candidate a line, verdict and reason."""

from typing import Any

from reviewctl.cli.common import echo
from reviewctl.cli.safe import plain
from reviewctl.explain import Explained

MARKS = {"finding": "✔", "part": "·", "restates": "↺", "skipped": "✘"}
WIDTH = 70


def render_explained(docs: list[Explained]) -> None:
    for doc in docs:
        echo(f"{plain(doc.path)} → review {plain(doc.review_id)!r}: {doc.findings} findings")
        for c in doc.candidates:
            text = c.text if len(c.text) <= WIDTH else c.text[: WIDTH - 1] + "…"
            ident = doc.stored_id(c)
            what = f"finding {ident}" if ident else c.verdict
            if c.finding is not None:
                what += f" [{c.finding.priority}]"
            echo(f"{c.line:>5} {'  ' * c.depth}{MARKS[c.verdict]} {c.kind}: {plain(text)}  — {what}: {c.reason}")
        for w in doc.warnings:
            echo(f"      warning: {plain(w)}")


def explained_json(docs: list[Explained]) -> list[dict[str, Any]]:
    return [
        {
            "path": d.path,
            "review_id": d.review_id,
            "findings": d.findings,
            "candidates": [
                {
                    "line": c.line,
                    "depth": c.depth,
                    "kind": c.kind,
                    "text": c.text,
                    "verdict": c.verdict,
                    "reason": c.reason,
                    "id": d.stored_id(c),
                    "title": c.finding.title if c.finding else None,
                    "priority": c.finding.priority if c.finding else None,
                }
                for c in d.candidates
            ],
            "warnings": d.warnings,
        }
        for d in docs
    ]
