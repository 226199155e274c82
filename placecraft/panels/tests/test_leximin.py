"""Leximin with HiGHS, checked against references it does not share code with.

* Small pools: every feasible panel is enumerated and leximin is solved exactly over all of them
  (the primal, one level at a time, at the level of individual people), and the probabilities
  must agree with ours person by person.
* Larger pools: the lowest probability equals the maximin optimum found by the Sortition
  Foundation's library, and the sorted probabilities are lexicographically at least maximin's.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from scipy.optimize import linprog

from placecraft.panels.leximin import (
    LeximinInfeasible,
    Person,
    QuotaRow,
    leximin,
)
from placecraft.panels.pool import read_categories, read_pool
from placecraft.panels.selection import select_panel
from placecraft.panels.tests.test_selection import CATEGORIES, make_people

# Ours lowers each fixed level by FIX_TOL and the reference's levels carry its own slack: a few
# stages of each stay well inside this.
TOLERANCE = 1e-5


def _meets(panel, people, quotas):
    by_id = {p.id: p for p in people}
    households = [by_id[i].household for i in panel if by_id[i].household is not None]
    return len(households) == len(set(households)) and all(
        q.min <= sum(by_id[i].features[q.feature] == q.value for i in panel) <= q.max
        for q in quotas
    )


def _exact_leximin(people, quotas, size):
    """Leximin over every feasible panel, by the primal: raise the lowest unfixed level, then fix
    each person who cannot go above it while the others stay at or above it."""
    ids = [p.id for p in people]
    panels = [c for c in itertools.combinations(ids, size) if _meets(c, people, quotas)]
    member = np.array([[1.0 if i in panel else 0.0 for panel in panels] for i in ids])
    count, columns = member.shape
    one = np.zeros((1, columns + 1))
    one[0, :columns] = 1.0
    bounds = [(0, None)] * columns + [(None, None)]
    fixed: dict[int, float] = {}

    def rows(level):
        a_ub = np.zeros((count, columns + 1))
        b_ub = np.zeros(count)
        for i in range(count):
            a_ub[i, :columns] = -member[i]
            if i in fixed:
                b_ub[i] = -fixed[i] + 1e-9
            elif level is None:
                a_ub[i, columns] = 1.0
            else:
                b_ub[i] = -(level - 1e-9)
        return a_ub, b_ub

    while len(fixed) < count:
        cost = np.zeros(columns + 1)
        cost[columns] = -1.0
        a_ub, b_ub = rows(None)
        z = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=one, b_eq=[1], bounds=bounds).x[columns]
        a_ub, b_ub = rows(z)
        for i in [i for i in range(count) if i not in fixed]:
            cost = np.zeros(columns + 1)
            cost[:columns] = -member[i]
            best = -linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=one, b_eq=[1], bounds=bounds).fun
            if best <= z + 1e-7:
                fixed[i] = z
    return {ids[i]: fixed[i] for i in range(count)}


def _random_pool(rng):
    people = [
        Person(
            f"p{number}",
            {"gender": rng.choice("FM"), "area": rng.choice(["North", "South", "East"])},
            rng.choice([None, None, None, "1 Mill Lane", "2 Mill Lane"]),
        )
        for number in range(rng.randint(6, 10))
    ]
    size = rng.randint(2, 4)
    quotas = [
        QuotaRow("gender", "F", 1, size),
        QuotaRow("gender", "M", 1, size),
        QuotaRow("area", "North", 0, 2),
        QuotaRow("area", "South", 0, size),
        QuotaRow("area", "East", 0, size),
    ]
    return people, quotas, size


@pytest.mark.parametrize("seed", range(12))
def test_matches_exact_leximin_over_every_panel(seed):
    people, quotas, size = _random_pool(random.Random(seed))
    expected = _exact_leximin(people, quotas, size)
    result = leximin(people, quotas, size)
    for person_id, probability in expected.items():
        assert result.probabilities[person_id] == pytest.approx(probability, abs=TOLERANCE)


def test_the_fairest_distribution_is_not_the_obvious_one():
    # Five women and one man; panels of two with one man and one woman: the man is on every
    # panel (probability 1), each woman on one in five, and leximin cannot do better for them.
    people = [Person("m", {"g": "M"})] + [Person(f"w{i}", {"g": "F"}) for i in range(5)]
    quotas = [QuotaRow("g", "M", 1, 1), QuotaRow("g", "F", 1, 1)]
    result = leximin(people, quotas, 2)
    assert result.probabilities["m"] == pytest.approx(1.0, abs=TOLERANCE)
    for i in range(5):
        assert result.probabilities[f"w{i}"] == pytest.approx(0.2, abs=TOLERANCE)


def _larger_pool():
    categories = read_categories(CATEGORIES)
    return categories, read_pool(make_people(count=60, seed=11, household_every=6), categories)


def _people(pool, categories):
    return (
        [Person(r.id, dict(r.features), r.column("address")) for r in pool],
        [QuotaRow(q.feature, q.value, q.min, q.max) for q in categories.quotas],
    )


def test_distribution_is_sound_and_the_draw_reproducible():
    categories, pool = _larger_pool()
    people, quotas = _people(pool, categories)
    result = leximin(people, quotas, 8)
    assert sum(p for _c, p in result.distribution) == pytest.approx(1.0, abs=1e-9)
    assert sum(result.probabilities.values()) == pytest.approx(8, abs=1e-6)
    by_id = {p.id: p for p in people}
    for composition, probability in result.distribution:
        assert probability > 0
        assert sum(composition) == 8
        # Every panel of this composition meets every quota exactly and the household rule:
        # a type's members share every feature, and people who share a household are types
        # of their own.
        representative = [
            members[k]
            for members, n in zip(result.types, composition, strict=True)
            for k in range(n)
        ]
        assert _meets(representative, people, quotas)
    for t, members in enumerate(result.types):
        share = sum(p * c[t] for c, p in result.distribution) / len(members)
        for person_id in members:
            assert result.probabilities[person_id] == pytest.approx(share, abs=1e-12)
        if len(members) > 1:
            assert len({tuple(sorted(by_id[i].features.items())) for i in members}) == 1
    panels = {result.draw(seed) for seed in range(30)}
    assert result.draw(2026) == result.draw(2026)
    assert len(panels) > 1
    for panel in panels:
        assert len(panel) == 8 and _meets(panel, people, quotas)


def test_at_least_as_fair_as_maximin_on_a_larger_pool():
    categories, pool = _larger_pool()
    people, quotas = _people(pool, categories)
    ours = sorted(leximin(people, quotas, 8).probabilities.values())
    maximin = select_panel(
        pool, categories, size=8, seed=1, household_key="address", algorithm="maximin"
    )
    theirs = sorted(maximin.probabilities.values())
    # The lowest probability is the maximin optimum (the library's own tolerance is 5e-4)…
    assert ours[0] == pytest.approx(theirs[0], abs=5e-4)
    # …and the sorted vector is lexicographically at least maximin's.
    for mine, other in zip(ours, theirs, strict=True):
        if abs(mine - other) > 5e-4:
            assert mine > other
            break


def test_infeasible_quotas_are_refused():
    people = [Person(f"w{i}", {"g": "F"}) for i in range(5)]
    with pytest.raises(LeximinInfeasible):
        leximin(people, [QuotaRow("g", "F", 0, 1)], 2)
