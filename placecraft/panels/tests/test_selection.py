"""Panel selection: quotas, probabilities, reproducibility, infeasibility, households, replacements.

Pools here are small (tens of people) so the whole file runs in seconds; the 1,000-person case is
bench/panel_select.py.
"""

import json
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from placecraft.panels.pool import read_categories, read_pool
from placecraft.panels.selection import (
    InfeasibleQuotas,
    Progress,
    SelectionRefused,
    replacements,
    select_panel,
)

REPO = Path(__file__).resolve().parents[3]

CATEGORIES = """feature,value,min,max
gender,Female,3,5
gender,Male,3,5
age,Young,2,4
age,Old,2,4
area,Town,2,5
area,Village,2,4
"""


def make_people(count=40, seed=7, household_every=0):
    """A CSV pool; with household_every=k, every k-th person shares the previous one's address."""
    rng = random.Random(seed)
    lines = ["id,address,gender,age,area"]
    household = 0
    for number in range(1, count + 1):
        if not household_every or number % household_every:
            household += 1
        gender = rng.choice(["Female", "Male"])
        age = rng.choice(["Young", "Old", "Old"])
        area = rng.choice(["Town", "Town", "Village"])
        lines.append(f"p{number:03d},{household} Church Road,{gender},{age},{area}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def categories():
    return read_categories(CATEGORIES)


@pytest.fixture
def pool(categories):
    return read_pool(make_people(), categories)


def drawn_from_the_distribution(selection):
    """The panel drawn is one the published distribution could draw (as groups and counts)."""
    group_of = {p: g for g, members in enumerate(selection.groups) for p in members}
    take = tuple(sorted(Counter(group_of[p] for p in selection.selected).items()))
    return take in {tuple(sorted(t)) for t, _ in selection.panels}


@pytest.mark.parametrize("algorithm", ["leximin", "maximin"])
def test_small_pool_meets_every_quota_with_probabilities(pool, categories, algorithm):
    events: list[Progress] = []
    selection = select_panel(
        pool, categories, size=8, seed=42, algorithm=algorithm, progress=events.append
    )

    assert len(selection.selected) == 8
    assert len(set(selection.selected)) == 8
    assert set(selection.selected) <= set(pool.ids)
    assert selection.all_quotas_met
    assert [(q.feature, q.value) for q in selection.quotas] == [
        (q.feature, q.value) for q in categories.quotas
    ]
    # Every pool member has a probability; they add up to the panel size.
    assert set(selection.probabilities) == set(pool.ids)
    assert sum(selection.probabilities.values()) == pytest.approx(8, abs=1e-6)
    assert all(0 <= p <= 1 + 1e-9 for p in selection.probabilities.values())
    assert all(selection.probabilities[i] > 0 for i in selection.selected)
    # The panel drawn is one of the distribution's panels, each of which meets every quota.
    assert drawn_from_the_distribution(selection)
    assert sum(w for _, w in selection.panels) == pytest.approx(1)
    assert selection.seed == 42
    assert selection.algorithm == algorithm
    stages = [e.stage for e in events]
    assert stages[0] == "checking"
    assert ("leximin" if algorithm == "leximin" else "multiplicative_weights") in stages
    assert stages[-1] == "done"


@pytest.mark.parametrize("algorithm", ["leximin", "maximin"])
def test_same_seed_same_panel(pool, categories, algorithm):
    first = select_panel(pool, categories, size=8, seed=2026, algorithm=algorithm)
    second = select_panel(pool, categories, size=8, seed=2026, algorithm=algorithm)
    assert first.selected == second.selected
    assert first.probabilities == second.probabilities


SCRIPT = """
import json, sys
from placecraft.panels.pool import read_categories, read_pool
from placecraft.panels.selection import select_panel
people, cats = sys.stdin.read().split("\\n===\\n")
categories = read_categories(cats)
selection = select_panel(read_pool(people, categories), categories, size=8, seed=2026,
                         algorithm=sys.argv[1])
print(json.dumps({"selected": selection.selected,
                  "probabilities": {k: round(v, 9) for k, v in selection.probabilities.items()}}))
"""


@pytest.mark.parametrize("algorithm", ["leximin", "maximin"])
def test_same_seed_same_panel_across_processes_and_hash_seeds(algorithm):
    # The library alone varied with the string hash salt; each process here gets another one.
    # They run side by side: most of each one's time is importing the solvers.
    processes = []
    for hash_seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        process = subprocess.Popen(
            [sys.executable, "-c", SCRIPT, algorithm],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env=env,
        )
        processes.append(process)
    results = []
    for process in processes:
        out, err = process.communicate(make_people() + "\n===\n" + CATEGORIES, timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out))
    assert results[0] == results[1] == results[2]
    assert len(results[0]["selected"]) == 8


def test_different_seeds_can_give_different_panels(pool, categories):
    panels = set()
    for seed in range(1, 10):
        panels.add(select_panel(pool, categories, size=8, seed=seed).selected)
        if len(panels) > 1:
            break
    assert len(panels) > 1


def test_minimums_above_panel_size_are_explained(pool):
    categories = read_categories(CATEGORIES.replace("age,Young,2,4", "age,Young,7,9"))
    with pytest.raises(InfeasibleQuotas) as excinfo:
        select_panel(pool, categories, size=8, seed=1)
    assert excinfo.value.problems[0] == (
        "The minimums for “age” add up to 9 but the panel has 8 places."
    )
    assert excinfo.value.suggestions[0].startswith(
        "Lower the minimums for “age” by 1 in total (now: Young 7, Old 2)"
    )


def test_too_few_in_pool_is_explained(categories):
    people = make_people().replace("Village", "Town")
    # Only three people left in the village.
    people += "v1,x,Female,Old,Village\nv2,y,Male,Young,Village\nv3,z,Male,Old,Village\n"
    quotas = CATEGORIES.replace("area,Village,2,4", "area,Village,5,6")
    categories = read_categories(quotas)
    with pytest.raises(InfeasibleQuotas) as excinfo:
        select_panel(read_pool(people, categories), categories, size=8, seed=1)
    assert (
        "Only 3 people in the pool have “area” = “Village” but the minimum is 5."
        in excinfo.value.problems
    )
    assert "Lower the minimum for “area” = “Village” to 3, or recruit 2 more." in (
        excinfo.value.suggestions
    )


def test_conflicting_quotas_get_the_library_relaxation():
    # Each quota can be met alone, but every woman lives in town and every man in a village:
    # at least 3 women leaves at most 1 place for village people, whose minimum is 3.
    categories = read_categories(
        "feature,value,min,max\ngender,Female,3,4\ngender,Male,0,4\n"
        "area,Town,0,4\narea,Village,3,4\n"
    )
    lines = ["id,gender,area"]
    lines += [f"w{i},Female,Town" for i in range(6)]
    lines += [f"m{i},Male,Village" for i in range(6)]
    pool = read_pool("\n".join(lines), categories)
    with pytest.raises(InfeasibleQuotas) as excinfo:
        select_panel(pool, categories, size=4, seed=1)
    error = excinfo.value
    assert "not all together" in error.problems[0]
    assert error.suggestions
    assert all(s.startswith(("Lower the minimum", "Raise the maximum")) for s in error.suggestions)
    assert "No panel can meet every quota" in str(error)


@pytest.mark.parametrize("algorithm", ["leximin", "maximin"])
def test_one_person_per_household(categories, algorithm):
    # Every third person shares an address with the one before.
    pool = read_pool(make_people(count=45, household_every=3), categories)
    selection = select_panel(
        pool, categories, size=8, seed=3, household_key="address", algorithm=algorithm
    )
    assert selection.all_quotas_met
    living_at = Counter(pool[i].column("address") for i in pool.ids)
    for take, _ in selection.panels:
        chosen = [selection.groups[g] for g, _n in take]
        # Whoever shares a household is a group of their own, and no two of a household sit.
        assert all(len(g) == 1 for g in chosen if living_at[pool[g[0]].column("address")] > 1)
        addresses = [pool[g[0]].column("address") for g in chosen if len(g) == 1]
        assert len(addresses) == len(set(addresses))
    assert selection.household_columns == ("address",)


def test_blank_addresses_are_not_one_household(categories):
    people = make_people().replace(" Church Road", "")
    people = "\n".join(
        line if i == 0 else ",".join([line.split(",")[0], "", *line.split(",")[2:]])
        for i, line in enumerate(people.splitlines())
    )
    pool = read_pool(people, categories)
    selection = select_panel(pool, categories, size=8, seed=3, household_key=["address"])
    assert len(selection.selected) == 8


@pytest.mark.parametrize("algorithm", ["legacy", "diversimax", "magic"])
def test_other_algorithms_are_refused(pool, categories, algorithm):
    with pytest.raises(SelectionRefused, match="Unknown selection algorithm"):
        select_panel(pool, categories, size=8, seed=1, algorithm=algorithm)


def test_replacements_keep_quotas(categories):
    pool = read_pool(make_people(count=45, household_every=3), categories)
    selection = select_panel(pool, categories, size=8, seed=11, household_key="address")
    withdrawn = selection.selected[:2]
    draw = replacements(
        selection, 2, pool=pool, categories=categories, withdrawn=withdrawn, seed=12
    )
    assert len(draw.replacements) == 2
    assert not set(draw.replacements) & set(selection.selected)
    assert len(draw.panel) == 8
    assert set(draw.panel) == (set(selection.selected) - set(withdrawn)) | set(draw.replacements)
    assert all(check.met for check in draw.quotas)
    # Households are still respected across those who stay and the replacements.
    addresses = [pool[i].column("address") for i in draw.panel]
    assert len(addresses) == len(set(addresses))
    # Reproducible, like the selection itself.
    again = replacements(
        selection.selected,
        2,
        pool=pool,
        categories=categories,
        withdrawn=withdrawn,
        seed=12,
        household_key="address",
    )
    assert again.replacements == draw.replacements


def test_replacing_someone_not_on_the_panel_is_refused(pool, categories):
    selection = select_panel(pool, categories, size=8, seed=5)
    outsider = next(i for i in pool.ids if i not in selection.selected)
    with pytest.raises(SelectionRefused):
        replacements(selection, 1, pool=pool, categories=categories, withdrawn=[outsider], seed=1)
