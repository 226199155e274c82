"""Benchmark: select a citizens' panel of 30 from a pool of 1,000 with four categories.

Generates a seeded, realistic pool (gender, age band, area, housing tenure, in proportions like an
English district, with some people sharing a household), writes it in the Sortition Foundation CSV
formats, reads it back through placecraft.panels.pool and selects with
placecraft.panels.selection. Prints the time, peak memory, backend, and the quota check.

    .venv/bin/python bench/panel_select.py [--pool 1000] [--size 30] [--seed 2026]
        [--method leximin|maximin] [--backend mip-cbc|highspy] [--households]

Maximin figures below; leximin's are in docs/performance.md.

Measured here (2 cores shared with other work; CPU time is the fairer figure):
- mip-cbc (python-mip 1.17.6 + cbcbox 2.935, our MIP gap 1e-3, CBC preprocessing off):
  24.6 s wall / 21.3 s CPU at load 3.6; 24.7-25.8 s CPU at load 9-10 (wall 92-106 s then);
  107 MB peak; 665 panels in the distribution; the same panel under PYTHONHASHSEED=1 and 2.
- highspy 1.16: about 0.2 s CPU per integer programme against CBC's ~0.02 s; the first phase
  alone (1,000 of them) projects to over 200 s CPU, so it was stopped.
- mip-cbc with CBC's default gap (1e-4): one programme took 77 s to prove optimal.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from placecraft.panels.pool import read_categories, read_pool
from placecraft.panels.selection import (
    ALGORITHMS,
    BACKENDS,
    DEFAULT_ALGORITHM,
    DEFAULT_BACKEND,
    Progress,
    select_panel,
)

# Population shares (roughly an English district, ONS Census 2021 proportions) and how far the
# panel may stray from them. Volunteers are not representative: the pool's shares are skewed
# (older, owner-occupiers, the town) as they are in real recruitment.
CATEGORIES: dict[str, dict[str, tuple[float, float]]] = {
    # feature: {value: (population share, pool share)}
    "gender": {"Female": (0.51, 0.55), "Male": (0.48, 0.44), "Non-binary or other": (0.01, 0.01)},
    "age": {
        "16-29": (0.20, 0.12),
        "30-44": (0.24, 0.22),
        "45-59": (0.25, 0.27),
        "60-74": (0.19, 0.25),
        "75+": (0.12, 0.14),
    },
    "area": {"Town centre": (0.35, 0.45), "Suburbs": (0.40, 0.38), "Rural": (0.25, 0.17)},
    "tenure": {
        "Owner-occupier": (0.62, 0.72),
        "Social rent": (0.17, 0.12),
        "Private rent": (0.21, 0.16),
    },
}


def quotas(size: int) -> list[tuple[str, str, int, int]]:
    """Quotas around population shares: within about ±1.5 places, never below zero."""
    rows = []
    for feature, values in CATEGORIES.items():
        for value, (share, _) in values.items():
            target = share * size
            low = max(0, int(target - 1.5 + 0.999))
            high = max(low, int(target + 1.5))
            if share < 0.05:
                low, high = 0, max(1, high)
            rows.append((feature, value, low, high))
    return rows


def generate(pool_size: int, size: int, seed: int, households: bool) -> tuple[str, str]:
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample pool, not a secret
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    features = list(CATEGORIES)
    writer.writerow(["id", "first_name", "address", "postcode", *features])
    household = 0
    for number in range(1, pool_size + 1):
        row = [
            rng.choices(list(v), weights=[pool for _, pool in v.values()])[0]
            for v in CATEGORIES.values()
        ]
        # About one volunteer in ten lives with another volunteer.
        if not households or rng.random() > 0.1:
            household += 1
        writer.writerow(
            [f"P{number:05d}", f"Person {number}", f"{household} High Street", "AB1 2CD", *row]
        )
    cats = io.StringIO()
    cwriter = csv.writer(cats, lineterminator="\n")
    cwriter.writerow(["feature", "value", "min", "max"])
    cwriter.writerows(quotas(size))
    return out.getvalue(), cats.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", type=int, default=1000)
    parser.add_argument("--size", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--method", choices=ALGORITHMS, default=DEFAULT_ALGORITHM)
    parser.add_argument(
        "--backend", choices=BACKENDS, default=DEFAULT_BACKEND, help="maximin's solver"
    )
    parser.add_argument("--households", action="store_true", help="one person per household")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)

    people_csv, categories_csv = generate(args.pool, args.size, args.seed, args.households)
    categories = read_categories(categories_csv)
    pool = read_pool(people_csv, categories)

    last = [0.0]

    def show(p: Progress) -> None:
        now = time.perf_counter()
        if args.quiet or (now - last[0] < 2 and p.stage not in ("checking", "sampling", "done")):
            return
        last[0] = now
        step = f" {p.current}/{p.total}" if p.total else (f" {p.current}" if p.current else "")
        # stderr: file descriptor 1 is silenced while the solvers run (see selection.py).
        print(f"  [{now - started:6.1f}s] {p.stage}{step}: {p.message}", file=sys.stderr)

    started = time.perf_counter()
    cpu_started = time.process_time()
    selection = select_panel(
        pool,
        categories,
        size=args.size,
        seed=args.seed,
        household_key=("address", "postcode") if args.households else None,
        algorithm=args.method,
        backend=args.backend,
        progress=show,
    )
    seconds = time.perf_counter() - started
    # CPU time as well as wall time: on a machine shared with other work the wall time says more
    # about the neighbours than about the selection.
    cpu_seconds = time.process_time() - cpu_started
    load = os.getloadavg()[0]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"pool {len(pool)}, panel {args.size}, seed {args.seed}, algorithm {selection.algorithm}")
    print(
        f"backend {selection.backend}: {seconds:.1f} s wall, {cpu_seconds:.1f} s CPU, "
        f"peak memory {peak_mb:.0f} MB (load average {load:.1f} on {os.cpu_count()} cores)"
    )
    print(f"distribution over {len(selection.panels)} panels of {len(selection.groups)} groups")
    probabilities = selection.probabilities.values()
    print(
        f"probabilities: min {min(probabilities):.4f}, max {max(probabilities):.4f}, "
        f"sum {sum(probabilities):.4f}"
    )
    for check in selection.quotas:
        mark = "ok" if check.met else "NOT MET"
        print(
            f"  {check.feature:8} {check.value:20} {check.selected:3} in [{check.min}, {check.max}]"
            f"  (pool {check.in_pool})  {mark}"
        )
    print("every quota met" if selection.all_quotas_met else "SOME QUOTAS NOT MET")
    print("selected:", " ".join(selection.selected))
    command = [
        ".venv/bin/python bench/panel_select.py",
        f"--pool {args.pool} --size {args.size} --seed {args.seed} --method {args.method}",
        f"--backend {args.backend}",
    ]
    if args.households:
        command.append("--households")
    print("reproduce with:", " ".join(command))
    return 0 if selection.all_quotas_met else 1


if __name__ == "__main__":
    raise SystemExit(main())
