"""Run one command and print its wall time, CPU time and peak memory as JSON.

A fresh process per measurement, so RUSAGE_CHILDREN holds exactly one child.
Usage: python -m bench.measure -- COMMAND...
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> int:
    args = sys.argv[sys.argv.index("--") + 1 :]
    started = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime  # less disturbed by other work than wall time
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "peak_mb": usage.ru_maxrss / 1024,
                      "rc": proc.returncode,
                      "stdout": proc.stdout[-4000:], "stderr": proc.stderr[-4000:]}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
