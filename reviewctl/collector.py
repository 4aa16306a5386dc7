"""Python's cyclic garbage collector, tuned for the length of one heavy command.

A parse allocates objects by the hundred thousand (markdown-it's tokens, sections, blocks), and
with the default threshold the collector runs every 700 allocations, walking young objects each
time and, every hundred runs or so, the whole heap of loaded modules too: about a seventh of a
parse's time (an eleventh of an import's, measured with benchmarks/bench_import.py). Collecting
after 10,000 allocations instead (mypy raises its threshold the same way) keeps that cost small
and memory bounded: cycles are still found, a little later.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLD = 10_000
"""Allocations (less deallocations) between two collections of the youngest generation."""


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect young objects less often inside the block; the previous threshold comes back after."""
    old = gc.get_threshold()
    gc.set_threshold(max(THRESHOLD, old[0]), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
