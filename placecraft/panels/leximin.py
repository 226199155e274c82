"""Leximin panel selection with an open-source solver (HiGHS, through highspy).

Leximin (Flanigan, Gölz, Gupta, Hennig and Procaccia, *Fair algorithms for selecting citizens'
assemblies*, Nature 2021) chooses a probability distribution over the panels that meet every
quota so that the least likely pool member is as likely as possible, then the next least likely,
and so on. The Sortition Foundation's library offers it only with Gurobi; this module computes it
by the paper's column generation with HiGHS, which needs no licence.

People are grouped into *types*: everyone with the same answers to every feature, except people
who share a household with someone else in the pool, who are each a type of their own (at most
one person per household may sit on a panel). Two people of one type are interchangeable in
every quota, and the leximin probabilities are unique, so they are equal within a type. A panel
is therefore described by its *composition* — how many people of each type it holds — and a
panel of a given composition is completed by choosing that many people of each type uniformly
at random. A person of type t with n members is selected with probability
sum over compositions c of P(c) · c[t] / n.

The computation, stage by stage (each stage fixes the probability of at least one type):

* the dual of "maximise the lowest probability among types not yet fixed, keeping fixed types at
  their level" is solved over the compositions found so far (a linear programme);
* the pricing step finds the composition of highest dual weight under the quotas (an integer
  programme); while it beats the dual's bound, it joins the set and the dual is solved again;
* when no composition beats the bound, the stage's optimum is the dual's value and every type
  with a positive dual weight is fixed there (complementary slackness: that type sits exactly at
  the optimum in every optimal distribution).

Tolerances, all absolute on probabilities: a composition joins when it beats the bound by more
than ``PRICING_TOL``; a type is fixed when its dual weight exceeds ``DUAL_TOL``; fixed levels are
lowered by ``FIX_TOL`` so that rounding never makes the next stage infeasible; compositions with
a weight below ``WEIGHT_TOL`` in the final distribution are dropped and the rest renormalised.
Every probability is therefore within about 1e-6 of the exact leximin value.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import highspy
import numpy as np

PRICING_TOL = 1e-9
DUAL_TOL = 1e-7
FIX_TOL = 1e-7
WEIGHT_TOL = 1e-10
# The pricing step's relative optimality gap: on weights of about size/pool, 1e-7 of the
# optimum is far below FIX_TOL.
MIP_GAP = 1e-7


class LeximinInfeasible(ValueError):
    """No panel of the asked size meets every quota."""


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    features: Mapping[str, str]
    # People who share a household key may not sit on one panel together; None: on their own.
    household: str | None = None


@dataclass(frozen=True, slots=True)
class QuotaRow:
    feature: str
    value: str
    min: int
    max: int


@dataclass(frozen=True, slots=True)
class Leximin:
    """The leximin distribution: over compositions of types, and what it means for each person."""

    size: int
    # Each type's members, sorted; types in canonical order (by their first member's id).
    types: tuple[tuple[str, ...], ...]
    # (composition: people of each type, probability), sorted canonically.
    distribution: tuple[tuple[tuple[int, ...], float], ...]
    probabilities: dict[str, float]
    stages: int
    compositions_tried: int

    def draw(self, seed: int) -> tuple[str, ...]:
        """The panel for `seed`: a composition by one uniform number walked over the sorted
        distribution, then that many members of each type by `random.sample` over the type's
        sorted ids, all from one `random.Random(seed)` (reproducible with the standard library).
        """
        rng = random.Random(seed)  # noqa: S311 - a published, reproducible lottery
        threshold = rng.random()
        cumulative = 0.0
        composition = self.distribution[-1][0]  # rounding left the total a hair under 1
        for candidate, probability in self.distribution:
            cumulative += probability
            if threshold < cumulative:
                composition = candidate
                break
        chosen: list[str] = []
        for members, count in zip(self.types, composition, strict=True):
            if count:
                chosen.extend(rng.sample(members, count))
        return tuple(sorted(chosen))


def _types(people: Sequence[Person], features: Sequence[str]) -> list[tuple[str, ...]]:
    households: dict[str, int] = {}
    for person in people:
        if person.household is not None:
            households[person.household] = households.get(person.household, 0) + 1
    groups: dict[tuple[str, ...], list[str]] = {}
    for person in people:
        shares = person.household is not None and households[person.household] > 1
        key = ("\0household", person.id) if shares else tuple(person.features[f] for f in features)
        groups.setdefault(key, []).append(person.id)
    return sorted((tuple(sorted(members)) for members in groups.values()), key=lambda t: t[0])


def _solver() -> highspy.Highs:
    solver = highspy.Highs()  # type: ignore[no-untyped-call]
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("random_seed", 0)
    solver.setOptionValue("threads", 1)
    return solver


class _Pricing:
    """The integer programme: a composition of `size` people meeting every quota and household
    rule, of highest weight. Built once; each call changes only the weights."""

    def __init__(
        self,
        types: Sequence[tuple[str, ...]],
        people: Mapping[str, Person],
        quotas: Sequence[QuotaRow],
        size: int,
    ) -> None:
        count = len(types)
        self.count = count
        self.model = model = _solver()
        model.setOptionValue("mip_rel_gap", MIP_GAP)
        model.addVars(count, np.zeros(count), np.array([float(len(m)) for m in types]))
        model.changeColsIntegrality(
            count, np.arange(count, dtype=np.int32), np.full(count, highspy.HighsVarType.kInteger)
        )
        model.changeObjectiveSense(highspy.ObjSense.kMaximize)
        every = np.arange(count, dtype=np.int32)
        model.addRow(size, size, count, every, np.ones(count))
        for quota in quotas:
            indices = np.array(
                [
                    t
                    for t, members in enumerate(types)
                    if people[members[0]].features[quota.feature] == quota.value
                ],
                dtype=np.int32,
            )
            model.addRow(quota.min, quota.max, len(indices), indices, np.ones(len(indices)))
        by_household: dict[str, list[int]] = {}
        for t, members in enumerate(types):
            household = people[members[0]].household
            if len(members) == 1 and household is not None:
                by_household.setdefault(household, []).append(t)
        for indices_list in by_household.values():
            if len(indices_list) > 1:
                indices = np.array(indices_list, dtype=np.int32)
                model.addRow(0, 1, len(indices), indices, np.ones(len(indices)))

    def best(self, weights: np.ndarray) -> tuple[tuple[int, ...], float]:
        self.model.changeColsCost(self.count, np.arange(self.count, dtype=np.int32), weights)
        self.model.run()
        if self.model.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise LeximinInfeasible("No panel of this size meets every quota.")
        values = self.model.getSolution().col_value
        composition = tuple(round(v) for v in values)
        return composition, float(np.dot(weights, composition))


class _Dual:
    """The dual of one stage, kept between calls so that HiGHS restarts from the last basis:

    min ŷ − Σ_fixed f_t·y_t  s.t.  Σ_t y_t·a_t(c) ≤ ŷ for every composition c found,
    Σ_unfixed y_t = 1, y ≥ 0; columns y_0…y_{T−1} then ŷ; row 0 is the equality."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.model = model = _solver()
        model.addVars(count, np.zeros(count), np.full(count, highspy.kHighsInf))
        model.addVar(-highspy.kHighsInf, highspy.kHighsInf)
        model.changeColCost(count, 1.0)
        model.addRow(1.0, 1.0, count, np.arange(count, dtype=np.int32), np.ones(count))

    def add(self, column: np.ndarray) -> None:
        indices = np.append(np.flatnonzero(column), self.count).astype(np.int32)
        values = np.append(column[column != 0], -1.0)
        self.model.addRow(-highspy.kHighsInf, 0.0, len(indices), indices, values)

    def fix(self, t: int, level: float) -> None:
        self.model.changeCoeff(0, t, 0.0)
        self.model.changeColCost(t, -level)

    def solve(self) -> tuple[np.ndarray, float, float]:
        """(y, ŷ, the stage's optimum)."""
        self.model.run()
        if self.model.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            status = self.model.modelStatusToString(self.model.getModelStatus())
            raise RuntimeError(f"The leximin linear programme failed: {status}")
        values = np.array(self.model.getSolution().col_value)
        return values[: self.count], float(values[self.count]), self.model.getObjectiveValue()


def _final_distribution(
    columns: list[np.ndarray], fixed: dict[int, float], count: int
) -> np.ndarray:
    """Weights on the columns: a distribution giving every type at least its fixed level."""
    model = _solver()
    width = len(columns)
    model.addVars(width, np.zeros(width), np.full(width, highspy.kHighsInf))
    model.addRow(1.0, 1.0, width, np.arange(width, dtype=np.int32), np.ones(width))
    matrix = np.vstack(columns).T  # type × column
    for t in range(count):
        indices = np.flatnonzero(matrix[t]).astype(np.int32)
        model.addRow(
            fixed[t] - FIX_TOL, highspy.kHighsInf, len(indices), indices, matrix[t][indices]
        )
    model.run()
    if model.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        status = model.modelStatusToString(model.getModelStatus())
        raise RuntimeError(f"The leximin distribution could not be found: {status}")
    weights = np.array(model.getSolution().col_value)
    weights = np.where(weights < WEIGHT_TOL, 0.0, weights)
    return np.asarray(weights / weights.sum())


def leximin(people: Sequence[Person], quotas: Sequence[QuotaRow], size: int) -> Leximin:
    """The leximin distribution over panels of `size` from `people` meeting every quota."""
    features = sorted({q.feature for q in quotas})
    by_id = {person.id: person for person in people}
    types = _types(sorted(people, key=lambda p: p.id), features)
    count = len(types)
    sizes = np.array([len(members) for members in types], dtype=float)
    pricing = _Pricing(types, by_id, quotas, size)

    # Start with, for each type, a panel that holds as many of it as the quotas allow (this also
    # finds the types no panel can hold), and one panel favouring nobody.
    found: dict[tuple[int, ...], np.ndarray] = {}
    dual = _Dual(count)

    def add(composition: tuple[int, ...]) -> None:
        if composition not in found:
            found[composition] = column = np.array(composition, dtype=float) / sizes
            dual.add(column)

    add(pricing.best(np.full(count, 1.0 / count))[0])
    for t in range(count):
        weights = np.full(count, 1e-3 / count)
        weights[t] = 1.0
        add(pricing.best(weights)[0])

    fixed: dict[int, float] = {}
    stages = 0
    while len(fixed) < count:
        stages += 1
        unfixed = [t for t in range(count) if t not in fixed]
        while True:
            y, bound, value = dual.solve()
            composition, weight = pricing.best(y / sizes)
            if weight <= bound + PRICING_TOL or composition in found:
                break
            add(composition)
        level = max(0.0, value - FIX_TOL)
        newly = [t for t in unfixed if y[t] > DUAL_TOL] or [max(unfixed, key=lambda t: y[t])]
        for t in newly:
            fixed[t] = level
            dual.fix(t, level)

    columns = list(found.values())
    weights = _final_distribution(columns, fixed, count)
    compositions = list(found)
    distribution = tuple(
        sorted((compositions[i], float(weights[i])) for i in range(len(compositions)) if weights[i])
    )
    probabilities: dict[str, float] = {}
    for t, members in enumerate(types):
        share = sum(p * composition[t] for composition, p in distribution) / len(members)
        for person_id in members:
            probabilities[person_id] = share
    return Leximin(
        size=size,
        types=tuple(types),
        distribution=distribution,
        probabilities=probabilities,
        stages=stages,
        compositions_tried=len(found),
    )
