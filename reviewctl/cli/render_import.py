"""Terminal summary of an import: per document, then totals."""

from collections import Counter

from reviewctl.cli.common import message
from reviewctl.cli.render_plain import effort
from reviewctl.cli.safe import plain
from reviewctl.importer import DocumentResult, ImportResult
from reviewctl.vocab import Priority

COUNTS = ("new", "changed", "unchanged", "dropped", "unlisted")


def _counts(doc: DocumentResult | Counter[str]) -> str:
    """`2 new, 0 changed, 1 unchanged, 0 dropped`, and findings kept at a person's status when any."""
    n = doc if isinstance(doc, Counter) else {k: getattr(doc, k) for k in COUNTS}
    text = f"{n['new']} new, {n['changed']} changed, {n['unchanged']} unchanged, {n['dropped']} dropped"
    return text + (f", {n['unlisted']} no longer listed (status kept)" if n["unlisted"] else "")


def render_import(result: ImportResult) -> None:
    totals: Counter[str] = Counter()
    for doc in result.documents:
        if doc.error:
            message(f"reviewctl: error: {plain(doc.error)}")
            continue
        if doc.skipped:
            message(f"{plain(doc.path)}: {doc.skipped}; skipped")
            continue
        prios = ", ".join(f"{doc.by_priority[p.value]} {p.value}" for p in Priority if doc.by_priority.get(p.value))
        message(f"{plain(doc.path)} → review {plain(doc.review_id)!r}: {_counts(doc)}")
        message(
            f"  by priority: {prios or 'none'}; {doc.with_location} with a location, "
            f"{doc.without_location} without; effort {effort(doc.effort_minutes or None)}"
        )
        for w in doc.warnings:
            message(f"  warning: {plain(w)}")
        totals.update({k: getattr(doc, k) for k in COUNTS})
    if len(result.documents) > 1:
        message(f"total: {_counts(totals)}")
    if result.dry_run:
        message("dry run: nothing was written")
