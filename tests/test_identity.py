"""Identity: review keys, fingerprints and short IDs."""

from pathlib import Path

from reviewctl.identity import fingerprint, review_key, short_id, similar_titles


def test_review_key_from_file_name() -> None:
    assert review_key(Path("docs/Perf Review (v2).md")) == "perf-review-v2"
    assert review_key(None, digest="0a1b2c3d4e5f") == "stdin-0a1b2c3d"
    assert review_key(Path("a.md"), "Team Review") == "team-review"


def test_fingerprint_ignores_case_punctuation_and_parentheticals() -> None:
    assert fingerprint("r", "Bare except clauses (Critical)") == fingerprint("r", "bare EXCEPT clauses")
    assert fingerprint("r", "Bare except") != fingerprint("other", "Bare except")
    assert fingerprint("r", "Same title", 2) != fingerprint("r", "Same title")


def test_short_id_is_deterministic_and_grows_on_collision() -> None:
    fp = fingerprint("r", "Bare except clauses")
    first = short_id(fp, lambda _: False)
    assert first == short_id(fp, lambda _: False)
    assert first.startswith("RC-") and len(first) == 8
    second = short_id(fp, lambda c: c == first)
    assert second.startswith(first) and len(second) == 9


def test_similar_titles() -> None:
    assert similar_titles("Bare except in worker", "Bare except in the worker") > 0.85
    assert similar_titles("Bare except in worker", "Unbounded cache") < 0.5
