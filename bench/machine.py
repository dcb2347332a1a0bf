"""What else the machine is doing while a benchmark runs (Linux /proc).

Several people share this 2-core machine; a figure taken while someone else's tests run
is worthless. The bench scripts wait for a quiet machine before each measurement, measure
the CPU that other people's processes took during it, and run it again when that was more
than OTHERS_MAX of the machine.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

QUIET = 0.15  # share of all CPUs busy before a measurement: beyond this, wait
OTHERS_MAX = 0.10  # share of all CPUs taken by others during a measurement: beyond, redo
# Seconds to wait for quiet (0: do not even look) and runs of a disturbed measurement;
# the smoke tests set both low.
PATIENCE = float(os.environ.get("BENCH_PATIENCE", "600"))
ATTEMPTS = int(os.environ.get("BENCH_ATTEMPTS", "3"))


def cpu_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def cpu_busy_during(seconds: float = 1.0) -> float:
    """Share of all CPUs busy over the next ``seconds`` (0.0 without /proc)."""
    try:
        busy0, total0 = cpu_jiffies()
        time.sleep(seconds)
        busy1, total1 = cpu_jiffies()
    except OSError:
        return 0.0
    return (busy1 - busy0) / max(1, total1 - total0)


def wait_until_quiet(say: Callable[[str], None] = print) -> float:
    """Sleep until the CPUs are quiet for 2 s (at most PATIENCE s); the last busy share."""
    if PATIENCE <= 0:
        return 0.0
    deadline = time.monotonic() + PATIENCE
    busy = cpu_busy_during(2.0)
    warned = False
    while busy > QUIET and time.monotonic() < deadline:
        if not warned:
            say(f"(machine busy with other work: {busy:.0%} of the CPUs; waiting)")
            warned = True
        time.sleep(5)
        busy = cpu_busy_during(2.0)
    return busy


# --- Whose CPU -------------------------------------------------------------------------------


def processes() -> dict[int, tuple[int, int, str]]:
    """pid → (CPU ticks used, parent pid, command line)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        found[int(entry.name)] = (int(fields[11]) + int(fields[12]), int(fields[1]), cmdline)
    return found


def mine_predicate(database: str) -> Callable[[int, dict], bool]:
    """Processes that belong to this benchmark: this process and its descendants (gunicorn,
    wrk), PostgreSQL backends of ``database`` and their parallel workers, kernel threads."""
    me = os.getpid()

    def descends_from_me(pid: int, table: dict) -> bool:
        for _ in range(20):
            if pid == me:
                return True
            if pid not in table:
                return False
            pid = table[pid][1]
        return False

    def mine(pid: int, table: dict) -> bool:
        _, _, cmdline = table[pid]
        if not cmdline or descends_from_me(pid, table):
            return True
        if cmdline.startswith("postgres:"):
            if f" {database} " in cmdline:
                return True
            if "parallel worker for PID" in cmdline:
                leader = int(cmdline.rsplit("PID", 1)[1].split()[0])
                return leader in table and f" {database} " in table[leader][2]
        return False

    return mine


class Others:
    """Share of all CPUs that other people's processes used while the block ran."""

    def __init__(self, mine: Callable[[int, dict], bool]):
        self.mine = mine
        self.share = 0.0

    def __enter__(self) -> Others:
        try:
            self.before = processes()
            self.total_before = cpu_jiffies()[1]
        except OSError:
            self.before = None
        return self

    def __exit__(self, *exc) -> bool:
        if self.before is None:
            return False
        after = processes()
        total = cpu_jiffies()[1] - self.total_before
        used = sum(
            ticks - self.before.get(pid, (0, 0, ""))[0]
            for pid, (ticks, _, _) in after.items()
            if not self.mine(pid, after)
        )
        self.share = used / max(1, total)
        return False


def undisturbed(run, *, database: str, say: Callable[[str], None] = print):
    """``run()`` on a quiet machine, again (up to ATTEMPTS times) while other people's
    processes took more than OTHERS_MAX of the CPUs. Returns (result, others' share)."""
    mine = mine_predicate(database)
    attempts = max(1, ATTEMPTS)
    for attempt in range(1, attempts + 1):
        wait_until_quiet(say)
        with Others(mine) as others:
            result = run()
        if others.share <= OTHERS_MAX:
            break
        say(
            f"(other work took {others.share:.0%} of the CPUs during the measurement"
            + ("; measuring again)" if attempt < attempts else "; kept, marked)")
        )
    return result, others.share
