#!/usr/bin/env python3
"""Check a citizens' panel lottery from the files its transparency page publishes.

    python3 verify_panel.py pool.csv quotas.csv distribution.json

Needs only Python 3.9 or later and its standard library. See docs/verify-a-panel.md.

It checks that every panel the lottery could have drawn meets every quota and the one-per-household
rule, that the probabilities add up, that each person's published chance of selection is what the
distribution gives them, and it draws the panel again from the published seed: the panel it draws
must be the one published. It prints what it checked and exits 0 if everything holds, 1 if not.
"""

from __future__ import annotations

import csv
import json
import random
import sys

TOLERANCE = 1e-6


def read_csv(path: str) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def draw(distribution: dict, groups: list[list[str]]) -> list[str]:
    """The lottery, step by step as Placecraft runs it."""
    rng = random.Random(distribution["seed"])  # noqa: S311 - the published lottery
    threshold = rng.random()
    panels = distribution["panels"]
    chosen_panel = panels[-1]  # only if rounding left the total a hair under 1
    cumulative = 0.0
    for panel in panels:
        cumulative += panel["probability"]
        if threshold < cumulative:
            chosen_panel = panel
            break
    chosen: list[str] = []
    for group, count in chosen_panel["take"]:
        chosen.extend(rng.sample(groups[group], count))
    return sorted(chosen)


def main(pool_path: str, quotas_path: str, distribution_path: str) -> int:
    pool = {row["id"]: row for row in read_csv(pool_path)}
    quotas = read_csv(quotas_path)
    with open(distribution_path, encoding="utf-8") as file:
        distribution = json.load(file)
    groups: list[list[str]] = distribution["groups"]
    size = distribution["size"]
    problems: list[str] = []

    def problem(text: str) -> None:
        if len(problems) < 20:
            print("PROBLEM:", text)
        problems.append(text)

    # Groups: people in one group answered every feature alike; anyone who shares a household
    # with someone else in the pool is a group of their own.
    grouped = [person for group in groups for person in group]
    if sorted(grouped) != sorted(pool) or len(grouped) != len(set(grouped)):
        problem("the groups do not hold every person in the pool exactly once")
    features = sorted({quota["feature"] for quota in quotas})
    for index, group in enumerate(groups):
        answers = {tuple(pool[p][f] for f in features) for p in group if p in pool}
        if len(answers) > 1:
            problem(f"group {index} mixes people with different answers")
        if len(group) > 1 and any(pool.get(p, {}).get("household") for p in group):
            problem(f"group {index} holds someone who shares a household but is not alone")

    # Every panel that could be drawn meets every quota and the household rule.
    total = 0.0
    for number, panel in enumerate(distribution["panels"], start=1):
        total += panel["probability"]
        take = dict((group, count) for group, count in panel["take"])
        if sum(take.values()) != size:
            problem(f"panel {number} has {sum(take.values())} seats, not {size}")
        for group, count in take.items():
            if not 0 < count <= len(groups[group]):
                problem(f"panel {number} takes {count} from group {group}")
        for quota in quotas:
            seats = sum(
                count
                for group, count in take.items()
                if pool[groups[group][0]][quota["feature"]] == quota["value"]
            )
            if not int(quota["min"]) <= seats <= int(quota["max"]):
                problem(
                    f"panel {number} has {seats} with {quota['feature']} = {quota['value']}, "
                    f"outside {quota['min']}–{quota['max']}"
                )
        households = [
            pool[groups[group][0]]["household"]
            for group in take
            if pool[groups[group][0]].get("household")
        ]
        if len(households) != len(set(households)):
            problem(f"panel {number} seats two people from one household")
    if abs(total - 1) > TOLERANCE:
        problem(f"the panels' probabilities add up to {total}, not 1")

    # Each person's chance: the probability of each panel times their share of their group's seats.
    chance = dict.fromkeys(pool, 0.0)
    for panel in distribution["panels"]:
        for group, count in panel["take"]:
            for person in groups[group]:
                chance[person] += panel["probability"] * count / len(groups[group])
    for person, published in distribution["probabilities"].items():
        if abs(chance.get(person, 0.0) - published) > TOLERANCE:
            problem(f"{person}'s published chance {published} is not {chance.get(person, 0.0)}")
    if abs(sum(chance.values()) - size) > 1e-4:
        problem(f"the chances add up to {sum(chance.values())}, not the panel size {size}")

    redrawn = draw(distribution, groups)
    if redrawn != sorted(distribution["selected"]):
        problem("drawing again from the published seed gives a different panel")

    lowest = min(chance.values()) if chance else 0.0
    print(f"Method: {distribution['method']}; seed {distribution['seed']}; {size} seats")
    print(f"Pool: {len(pool)} people in {len(groups)} groups; {len(quotas)} quotas")
    print(f"Panels the lottery could draw: {len(distribution['panels'])}, all checked")
    print(f"Lowest chance of selection: {lowest:.6f}; highest: {max(chance.values()):.6f}")
    print(f"Drawn again from the seed: {' '.join(redrawn)}")
    if problems:
        print(f"{len(problems)} problem(s) found.")
        return 1
    print("Everything checks: the published panel is the one the published lottery draws.")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(main(*sys.argv[1:]))
