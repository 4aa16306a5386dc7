"""Shared by the benchmarks: take the best of several timings."""

import time
from collections.abc import Callable


def best(fn: Callable[[], object], runs: int) -> float:
    """Fastest of `runs` timings: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)
