"""Shared by the benchmarks: timings and peak memory of fresh processes."""

import os
import statistics
import subprocess
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


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one fresh process; fails loudly when the command fails."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-500:] if proc.stderr else ''}")
    proc.stderr.close()
    proc.returncode = 0
    return seconds, usage.ru_maxrss / 1024


def measured(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall seconds of `runs` fresh processes, and the largest peak RSS (MB) among them."""
    samples = [run_once(cmd, env) for _ in range(runs)]
    return statistics.median(s for s, _ in samples), max(m for _, m in samples)
