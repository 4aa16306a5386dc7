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


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system: what a busy machine does not
    inflate) of one fresh process; fails loudly when the command fails."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-500:] if proc.stderr else ''}")
    proc.stderr.close()
    proc.returncode = 0
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def measured(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float, float]:
    """Median wall seconds of `runs` fresh processes, the largest peak RSS (MB) among them, and
    their median CPU seconds."""
    return _summary([run_once(cmd, env) for _ in range(runs)])


def interleaved(cmds: list[list[str]], env: dict[str, str], runs: int) -> list[tuple[float, float, float]]:
    """`measured` for several commands run in turn, round after round, so that a machine that gets
    busier or quieter meanwhile weighs on all of them alike (their ratios hold)."""
    samples: list[list[tuple[float, float, float]]] = [[] for _ in cmds]
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            samples[i].append(run_once(cmd, env))
    return [_summary(s) for s in samples]


def _summary(samples: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    median = statistics.median
    return median(s[0] for s in samples), max(s[1] for s in samples), median(s[2] for s in samples)
