"""Every benchmark, one after another on this machine, each printing its own figures (make bench).

Usage:  .venv/bin/python bench/run_all.py [--skip NAME ...]

  page weight       bench/page_weight.py: every kind of respondent page against the 14 KB first-paint
                    and 20 KB first-load budgets
  throughput        bench/throughput.py: req/s of a question page and a saved answer beside a minimal app
  first content     bench/first_content.py: first contentful paint on a slow phone, cold cache (targets:
                    median under 0.6 s, worst under 0.8 s)
  results speed     bench/results_speed.py --quick: a full set of results for 10,000 and 100,000 responses

They run one at a time, so none competes with another for the machine. Targets are printed as pass or
FAIL; missing one is a finding, not a failure to run. The exit status is 0 unless a benchmark could not
measure what it should (no server, no browser, failed requests) or one with its own budget exits 1 for it:
page weight (a page over 14 KB before its first paint or 20 KB in all, or fetching from another host)
and results speed (100,000 responses over 5 s, or faster than linear growth).
Each ends with a line naming its exit status.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.throughput import busy, machine  # noqa: E402

BENCHMARKS: dict[str, list[str]] = {
    "page weight": ["bench/page_weight.py"],
    "throughput": ["bench/throughput.py"],
    "first content": ["bench/first_content.py"],
    "results speed": ["bench/results_speed.py", "--quick"],
}


def run(name: str, command: list[str]) -> tuple[int, float]:
    print(f"\n{'=' * 100}\n{name}: {' '.join(command)}\n{'=' * 100}", flush=True)
    started = time.monotonic()
    status = subprocess.run([sys.executable, *command], cwd=ROOT, check=False).returncode
    seconds = time.monotonic() - started
    print(f"\n[{name}: exit {status}, {seconds:.0f} s]", flush=True)
    return status, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip", nargs="*", default=[], choices=list(BENCHMARKS), metavar="NAME")
    args = parser.parse_args(argv)
    print(f"Lleisiau benchmarks, {datetime.now():%Y-%m-%d %H:%M}, on {machine()}; {busy()}.")
    print("Everything runs on this one machine: servers, clients and browser share its cores.")
    outcomes = {
        name: run(name, command) for name, command in BENCHMARKS.items() if name not in set(args.skip)
    }
    print(f"\n{'=' * 100}\nSummary")
    for name, (status, seconds) in outcomes.items():
        print(f"  {name:<16}{'ran' if status == 0 else f'exit {status}':<10}{seconds:>6.0f} s")
    failed = [name for name, (status, _seconds) in outcomes.items() if status != 0]
    if failed:
        print("Not measured, or over its own budget: " + ", ".join(failed) + " (see above)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
