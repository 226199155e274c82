"""Benchmark: count a pabulib election with MES + completion, ours beside pabutools.

    python bench/pb_count.py [FILE] [--with-pabutools]

FILE defaults to Warsaw 2026 in ../shared/data/pabulib/. Each count runs in its own Python
process so that its peak memory (maximum resident set size, from os.wait4) is its own; the
time is wall-clock time for parsing plus counting. ``--with-pabutools`` also runs pabutools
1.2.3 (``exhaustion_by_budget_increase`` over ``method_of_equal_shares`` with ``Cost_Sat`` and
a step of one currency unit per voter) — on Warsaw 2026 that takes about 9 minutes and 10 GB —
and says whether the winners are identical.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT.parent / "shared" / "data" / "pabulib" / "Poland_Warszawa_2026.pb"
GOAL_SECONDS, GOAL_MB = 5.0, 300.0


def ours(path: str) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from placecraft.budgeting.counting import mes
    from placecraft.budgeting.pabulib import read_pabulib

    started = time.perf_counter()
    election = read_pabulib(path)
    parsed = time.perf_counter()
    result = mes(election)
    done = time.perf_counter()
    return {
        "seconds": done - started,
        "parse_seconds": parsed - started,
        "count_seconds": done - parsed,
        "winners": list(result.winners),
        "total_cost": result.total_cost,
        "completion_steps": result.completion_steps,
    }


def pabutools(path: str) -> dict[str, Any]:
    from pabutools.election import Cost_Sat, parse_pabulib  # type: ignore[import-untyped, unused-ignore]
    from pabutools.rules import exhaustion_by_budget_increase, method_of_equal_shares  # type: ignore[import-untyped, unused-ignore]

    started = time.perf_counter()
    instance, profile = parse_pabulib(path)
    outcome = exhaustion_by_budget_increase(
        instance,
        profile,
        method_of_equal_shares,
        {"sat_class": Cost_Sat},
        budget_step=profile.num_ballots(),
    )
    done = time.perf_counter()
    winners = [project.name for project in outcome]
    return {
        "seconds": done - started,
        "winners": winners,
        "total_cost": int(sum(project.cost for project in outcome)),
    }


def measure(worker: str, path: str) -> dict[str, Any]:
    """Run one worker in a child process; add its peak memory in MB."""
    child = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, path, "--worker", worker], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"the {worker} run failed (exit code {child.returncode})")
    report: dict[str, Any] = json.loads(output)
    # ru_maxrss is in kilobytes on Linux
    report["peak_mb"] = usage.ru_maxrss / 1024
    return report


def _winners(who: str, report: dict[str, Any]) -> str:
    winners = report["winners"]
    return f"{who} winners ({len(winners)}, total cost {report['total_cost']}): {','.join(winners)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))
    parser.add_argument("--with-pabutools", action="store_true")
    parser.add_argument("--worker", choices=["ours", "pabutools"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps((ours if args.worker == "ours" else pabutools)(args.file)))
        return

    command = ["python", "bench/pb_count.py", args.file]
    if args.with_pabutools:
        command.append("--with-pabutools")
    print(f"file: {args.file}")
    mine = measure("ours", args.file)
    within = mine["seconds"] <= GOAL_SECONDS and mine["peak_mb"] <= GOAL_MB
    print(
        f"ours (MES + completion): {mine['seconds']:.2f} s "
        f"(parse {mine['parse_seconds']:.2f} s, count {mine['count_seconds']:.2f} s, "
        f"{mine['completion_steps']} completion steps), peak memory {mine['peak_mb']:.0f} MB "
        f"— {'within' if within else 'OUTSIDE'} the goal of {GOAL_SECONDS:.0f} s and "
        f"{GOAL_MB:.0f} MB"
    )
    print(_winners("ours", mine))
    if args.with_pabutools:
        theirs = measure("pabutools", args.file)
        print(f"pabutools 1.2.3: {theirs['seconds']:.1f} s, peak memory {theirs['peak_mb']:.0f} MB")
        print(_winners("pabutools", theirs))
        same = theirs["winners"] == mine["winners"]
        print(f"identical winners, in the same order: {'yes' if same else 'NO'}")
        print(f"speed-up: {theirs['seconds'] / mine['seconds']:.0f}x")
    print(f"reproduce: {shlex.join(command)}")


if __name__ == "__main__":
    main()
