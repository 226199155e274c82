"""Counting participatory budgets: greedy rules and the Method of Equal Shares (MES).

Pure Python and numpy, no Django: views and management commands call these functions.

The reference for every rule is pabutools 1.2.3 (the library used by pabulib), and for MES also
equalshares.net's compute tool. Our results are tested to be identical to pabutools' on real
and generated elections; the MES engine here is written for speed (pabutools needs minutes and
gigabytes for a city-wide count, this needs seconds).

Tie-breaking, for every rule: when two projects are exactly level (equal score in greedy, equal
price per unit of utility in MES), a :class:`TieBreak` decides. Its criteria are applied in
order, and project ids settle anything still level, compared as numbers where they are numbers
(``"2"`` before ``"10"``, ``"c2"`` before ``"c10"``). A round chooses its order when it is set
up (by default more supporters first, then lower cost, then an order drawn from the round's
published seed) and it locks when voting opens.

How this differs from the references: pabutools' default (``lexico_tie_breaking``) puts the
project name first in plain text order, so ``"10"`` beats ``"2"``; :data:`PABUTOOLS_TIES`
reproduces it, for checking a count against pabutools. equalshares.net's compute tool breaks
ties by a list of rules, "most votes, then lowest cost" by default, which is what our default
does; a tie still level after those rules stops that tool unless it is given an explicit order
of projects, which is the part our seeded draw plays.

Utilities in MES: with approval ballots a voter's utility for a project is its cost (pabutools'
``Cost_Sat``, equalshares.net's standard), so a selected project's cost is split equally among
its supporters; with cumulative ballots the utility is the number of points (pabutools'
``Additive_Cardinal_Sat``), so the cost is split in proportion to points.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

import numpy as np
import numpy.typing as npt

from placecraft.budgeting.pabulib import Election, VoteType

Status = Literal[
    "selected",
    "did not fit",
    "below threshold",
    "not reached",
    "not enough money among supporters",
    "no supporters",
]
RULES = ("mes", "greedy", "greedy-threshold", "greedy-no-skip", "recorded")


class UnknownRuleError(ValueError):
    """The rule asked for (or named in a file's META) is not one we can count."""


class InvalidProfileError(ValueError):
    """A profile the engine refuses to count: a ballot naming a project twice or one not in the
    round, a cost that is not a whole number above zero, and the like."""


# --------------------------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ballot:
    """One ballot (or ``weight`` identical ballots).

    ``projects`` are approved projects, or ranked ones (first choice first) for ordinal
    elections; ``points`` is parallel to ``projects`` for cumulative ballots.
    """

    projects: tuple[str, ...]
    points: tuple[int, ...] | None = None
    weight: int = 1


@dataclass(frozen=True)
class Profile:
    """What counting needs: project costs (whole currency units), the budget and the ballots.

    ``costs`` keeps the projects' order (the order results are listed in). ``max_length`` is
    the longest allowed ordinal ballot, which sets positional points (defaults to the longest
    ballot cast).
    """

    costs: Mapping[str, int]
    budget: Fraction
    ballots: Sequence[Ballot]
    vote_type: VoteType = "approval"
    max_length: int | None = None

    def __post_init__(self) -> None:
        # The engine's own boundary: whoever builds a profile (the pabulib reader, the database,
        # a test), a bad one is refused here rather than counted wrongly.
        for project_id, cost in self.costs.items():
            if isinstance(cost, bool) or not isinstance(cost, int):
                raise InvalidProfileError(
                    f"project {project_id!r}: cost {cost!r} is not a whole number"
                )
            if cost <= 0:
                raise InvalidProfileError(
                    f"project {project_id!r}: cost {cost:,} must be a whole number above 0"
                )
        if not isinstance(self.budget, Fraction | int) or isinstance(self.budget, bool):
            raise InvalidProfileError(f"the budget {self.budget!r} is not a number")
        if self.budget <= 0:
            raise InvalidProfileError("the budget must be more than zero")
        for number, ballot in enumerate(self.ballots, start=1):
            _check_ballot(number, ballot, self.costs)

    @classmethod
    def from_election(cls, election: Election) -> Profile:
        """Build a profile from a parsed file, merging identical ballots into weighted ones.

        Ballots keep their order from the file (it matters for ordinal ballots and for
        greedy-threshold's cap on approvals counted), so only ballots listing the same
        projects in the same order are merged here; MES merges equal sets itself.
        """
        counts = Counter((voter.vote, voter.points) for voter in election.voters)
        max_length = election.meta.get("max_length", "")
        return cls(
            costs={p.id: p.cost for p in election.projects},
            budget=election.budget,
            ballots=[Ballot(v, pts, w) for (v, pts), w in counts.items()],
            vote_type=election.vote_type,
            max_length=int(max_length) if max_length.isdigit() else None,
        )

    @property
    def voters(self) -> int:
        return sum(ballot.weight for ballot in self.ballots)


def _check_ballot(number: int, ballot: Ballot, costs: Mapping[str, int]) -> None:
    if isinstance(ballot.weight, bool) or not isinstance(ballot.weight, int) or ballot.weight <= 0:
        raise InvalidProfileError(f"ballot {number}: its weight must be a whole number above 0")
    seen: set[str] = set()
    for project_id in ballot.projects:
        if project_id not in costs:
            raise InvalidProfileError(
                f"ballot {number} names project {project_id!r}, which is not in this round"
            )
        if project_id in seen:
            raise InvalidProfileError(f"ballot {number} lists project {project_id!r} twice")
        seen.add(project_id)
    if ballot.points is not None:
        if len(ballot.points) != len(ballot.projects):
            raise InvalidProfileError(
                f"ballot {number} gives {len(ballot.points)} points for "
                f"{len(ballot.projects)} projects"
            )
        if any(isinstance(x, bool) or not isinstance(x, int) or x < 0 for x in ballot.points):
            raise InvalidProfileError(f"ballot {number}: points must be whole numbers, 0 or more")


def _as_profile(source: Profile | Election) -> Profile:
    return source if isinstance(source, Profile) else Profile.from_election(source)


# --------------------------------------------------------------------------------------------
# Ties
# --------------------------------------------------------------------------------------------

TieCriterion = Literal["supporters", "cost", "seed", "id", "name"]
TIE_CRITERIA: tuple[TieCriterion, ...] = ("supporters", "cost", "seed", "id", "name")


def natural_key(project_id: str) -> tuple[str | int, ...]:
    """Order ids as people read them: runs of digits compare as numbers ("2" before "10",
    "c2" before "c10"), the rest as text."""
    parts = re.split(r"(\d+)", project_id)
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts))


def seeded_key(seed: str, project_id: str) -> str:
    """A project's place in the order drawn from ``seed``: the SHA-256 (hex) of the seed, a
    colon and the project id, lowest first. Anyone can recompute it from the published seed."""
    return hashlib.sha256(f"{seed}:{project_id}".encode()).hexdigest()


@dataclass(frozen=True)
class TieBreak:
    """The published rule that settles exact ties, applied in ``order``:

    * ``supporters`` — more supporters (voters who chose the project) first;
    * ``cost`` — lower cost first;
    * ``seed`` — the order drawn from ``seed`` (:func:`seeded_key`);
    * ``id`` — project ids, numbers compared as numbers (:func:`natural_key`);
    * ``name`` — project ids as plain text, pabutools' default (``"10"`` before ``"2"``).

    Ids (numbers as numbers) settle whatever the listed criteria leave level.
    """

    order: tuple[TieCriterion, ...] = ("supporters", "cost", "id")
    seed: str = ""

    def __post_init__(self) -> None:
        unknown = [c for c in self.order if c not in TIE_CRITERIA]
        if unknown:
            raise ValueError(f"unknown tie-break criteria {unknown}; use {', '.join(TIE_CRITERIA)}")

    def ranks(self, profile: Profile) -> dict[str, int]:
        """Each project's rank in tie-breaking: 0 wins every tie it is in."""
        supporters: Counter[str] = Counter()
        for ballot in profile.ballots:
            points = ballot.points or (1,) * len(ballot.projects)
            for project_id, value in zip(ballot.projects, points, strict=True):
                if value > 0:
                    supporters[project_id] += ballot.weight

        def key(project_id: str) -> tuple[object, ...]:
            parts: list[object] = []
            for criterion in self.order:
                if criterion == "supporters":
                    parts.append(-supporters[project_id])
                elif criterion == "cost":
                    parts.append(profile.costs[project_id])
                elif criterion == "seed":
                    parts.append(seeded_key(self.seed, project_id))
                elif criterion == "id":
                    parts.append(natural_key(project_id))
                else:
                    parts.append(project_id)
            return (*parts, natural_key(project_id), project_id)

        ordered = sorted(profile.costs, key=key)
        return {project_id: rank for rank, project_id in enumerate(ordered)}


# pabutools' own default, for checking our counts against pabutools.
PABUTOOLS_TIES = TieBreak(order=("name",))
DEFAULT_TIES = TieBreak()


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProjectOutcome:
    """How one project fared, with the figures that explain it.

    ``score`` is its votes (approval), points (cumulative) or positional points (ordinal).
    ``money_left`` (greedy) is the budget still unspent when its turn came. For MES,
    ``effective_votes`` is the effective vote count (equalshares.net: cost divided by the most
    any supporter pays; for cumulative ballots, effective points) when it won or was last
    assessed, ``rho`` the price per unit of utility at that point, and ``supporters_money``
    what its supporters had left when it dropped out.
    """

    project_id: str
    cost: int
    score: int
    status: Status
    reason: str
    position: int | None = None
    money_left: Fraction | None = None
    effective_votes: float | None = None
    rho: float | None = None
    supporters_money: float | None = None


@dataclass(frozen=True)
class CountResult:
    """Winners in selection order, their total cost and an explanation for every project."""

    rule: str
    winners: tuple[str, ...]
    total_cost: int
    budget: Fraction
    projects: dict[str, ProjectOutcome]
    per_voter_budget: Fraction | None = None
    completion_steps: int = 0
    notes: tuple[str, ...] = field(default=())


def _money(value: Fraction | float) -> str:
    return f"{float(value):,.2f}"


# --------------------------------------------------------------------------------------------
# Greedy rules
# --------------------------------------------------------------------------------------------


def scores(profile: Profile, max_approvals: int | None = None) -> dict[str, int]:
    """Each project's score: votes, points, or positional points for ordinal ballots.

    Ordinal: a first choice scores the maximum ballot length, each later place one less (what
    the ``score`` column of pabulib's ordinal files records). With ``max_approvals``, only the
    first that many projects on each ballot count (in the ballot's own order).
    """
    total = dict.fromkeys(profile.costs, 0)
    if profile.vote_type == "ordinal":
        longest = max((len(b.projects) for b in profile.ballots), default=0)
        top = profile.max_length or longest
        for ballot in profile.ballots:
            for place, project_id in enumerate(ballot.projects[:max_approvals]):
                total[project_id] += max(top - place, 0) * ballot.weight
    else:
        for ballot in profile.ballots:
            points = ballot.points or (1,) * len(ballot.projects)
            for project_id, value in list(zip(ballot.projects, points, strict=True))[
                :max_approvals
            ]:
                total[project_id] += value * ballot.weight
    return total


def greedy(
    source: Profile | Election,
    *,
    min_score: int = 0,
    max_approvals: int | None = None,
    skip: bool = True,
    rule: str = "greedy",
    ties: TieBreak = DEFAULT_TIES,
) -> CountResult:
    """Greedy by score: take projects from the highest score down while money lasts.

    A project that no longer fits is skipped and counting goes on (``skip=True``; pabutools'
    ``greedy_utilitarian_welfare`` with ``Cost_Sat``), or counting stops there
    (``skip=False``, pabulib's ``greedy-no-skip``). Projects scoring below ``min_score`` are
    never chosen, and ``max_approvals`` counts at most that many projects per ballot
    (pabulib's ``greedy-threshold``). Equal scores are settled by ``ties`` (see the module
    doc); with :data:`PABUTOOLS_TIES` the outcome is pabutools'. As in pabutools, a project
    nobody voted for is still funded if it fits at the end (use
    ``min_score=1`` to rule that out).
    """
    profile = _as_profile(source)
    score = scores(profile, max_approvals)
    rank = ties.ranks(profile)
    order = sorted(profile.costs, key=lambda p: (-score[p], rank[p]))
    left = profile.budget
    winners: list[str] = []
    outcomes: dict[str, ProjectOutcome] = {}
    stopped_at: str | None = None
    for project_id in order:
        cost = profile.costs[project_id]
        common = (project_id, cost, score[project_id])
        if score[project_id] < min_score:
            outcomes[project_id] = ProjectOutcome(
                *common,
                status="below threshold",
                reason=f"its score {score[project_id]:,} is below the minimum of {min_score:,}",
            )
        elif stopped_at is not None:
            outcomes[project_id] = ProjectOutcome(
                *common,
                status="not reached",
                reason=f"counting stopped at project {stopped_at}, which did not fit",
            )
        elif cost <= left:
            winners.append(project_id)
            outcomes[project_id] = ProjectOutcome(
                *common,
                status="selected",
                position=len(winners),
                money_left=left,
                reason=f"selected with {_money(left)} left before it",
            )
            left -= cost
        else:
            outcomes[project_id] = ProjectOutcome(
                *common,
                status="did not fit",
                money_left=left,
                reason=f"did not fit: it costs {cost:,} and {_money(left)} was left",
            )
            if not skip:
                stopped_at = project_id
    return CountResult(
        rule=rule,
        winners=tuple(winners),
        total_cost=sum(profile.costs[p] for p in winners),
        budget=profile.budget,
        projects={p: outcomes[p] for p in profile.costs},
    )


def greedy_threshold(
    source: Profile | Election,
    *,
    min_score: int,
    max_approvals: int | None,
    ties: TieBreak = DEFAULT_TIES,
) -> CountResult:
    """pabulib's ``greedy-threshold``: greedy among projects scoring at least ``min_score``,
    counting at most ``max_approvals`` projects per ballot."""
    return greedy(
        source,
        min_score=min_score,
        max_approvals=max_approvals,
        rule="greedy-threshold",
        ties=ties,
    )


def greedy_no_skip(source: Profile | Election, *, ties: TieBreak = DEFAULT_TIES) -> CountResult:
    """pabulib's ``greedy-no-skip``: greedy that stops at the first project that does not fit."""
    return greedy(source, skip=False, rule="greedy-no-skip", ties=ties)


# --------------------------------------------------------------------------------------------
# Method of Equal Shares
# --------------------------------------------------------------------------------------------

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Float comparisons closer than this (relative to the money in play) are settled exactly.
# Rounding errors here are around 1e-13 of the total budget, so this leaves a wide margin.
_TOLERANCE = 1e-9


class _NeedsExact(Exception):
    """A float comparison was too close to call: redo this run in exact arithmetic."""


@dataclass
class _Run:
    """One MES run at a fixed per-voter budget (indices are project positions)."""

    winners: list[int] = field(default_factory=list)
    rho: dict[int, float] = field(default_factory=dict)
    effective: dict[int, float] = field(default_factory=dict)
    dropped_money: dict[int, float] = field(default_factory=dict)
    exact: bool = False


class _Engine:
    """The profile compiled for MES: per project, its supporters (distinct ballots) and their
    utilities. Voters with identical ballots always hold equal budgets, so they are one
    weighted row."""

    def __init__(self, profile: Profile, ties: TieBreak = DEFAULT_TIES) -> None:
        if profile.vote_type == "ordinal":
            raise ValueError("the Method of Equal Shares needs approval or cumulative ballots")
        self.ids = list(profile.costs)
        self.costs = [profile.costs[p] for p in self.ids]
        rank = ties.ranks(profile)
        self.rank = [rank[p] for p in self.ids]
        self.index = {p: i for i, p in enumerate(self.ids)}
        self.budget = profile.budget
        cumulative = profile.vote_type == "cumulative"
        # Voters whose ballots support the same projects (with the same points) are symmetric
        # in MES and always hold equal budgets: one row with their total weight.
        merged: Counter[tuple[tuple[str, int], ...]] = Counter()
        for ballot in profile.ballots:
            points = ballot.points if cumulative and ballot.points else (1,) * len(ballot.projects)
            merged[tuple(sorted(zip(ballot.projects, points, strict=True)))] += ballot.weight
        ballots = [
            Ballot(tuple(p for p, _ in key), tuple(x for _, x in key), weight)
            for key, weight in merged.items()
        ]
        self.voters = sum(b.weight for b in ballots)
        self.weights: FloatArray = np.array([b.weight for b in ballots], dtype=np.float64)
        self.int_weights = [b.weight for b in ballots]
        rows: list[list[int]] = [[] for _ in self.ids]
        pts: list[list[int]] = [[] for _ in self.ids]
        for row, ballot in enumerate(ballots):
            for project_id, value in zip(ballot.projects, ballot.points or (), strict=True):
                if value > 0:  # zero points is no support (pabutools: satisfaction must be > 0)
                    rows[self.index[project_id]].append(row)
                    pts[self.index[project_id]].append(value)
        # utility of a supporter = points x multiplier: the cost for approval, 1 for cumulative
        self.multiplier = [1 if cumulative else c for c in self.costs]
        self.supporters: list[IntArray] = [np.array(r, dtype=np.int64) for r in rows]
        self.points: list[IntArray] = [np.array(p, dtype=np.int64) for p in pts]
        self.utility: list[FloatArray] = [
            self.points[j].astype(np.float64) * self.multiplier[j] for j in range(len(self.ids))
        ]
        self.weighted_utility: list[FloatArray] = [
            self.weights[self.supporters[j]] * self.utility[j] for j in range(len(self.ids))
        ]
        self.total_utility = [
            sum(self.int_weights[r] * p for r, p in zip(rows[j], pts[j], strict=True))
            * self.multiplier[j]
            for j in range(len(self.ids))
        ]
        self.max_points = max((max(p) for p in pts if p), default=1)
        self.supported = [j for j in range(len(self.ids)) if self.total_utility[j] > 0]

    def effective_votes(self, j: int, rho: float) -> float:
        return self.costs[j] / (rho * self.multiplier[j])

    def run(self, per_voter: Fraction, details: bool = False) -> _Run:
        try:
            return self.run_float(per_voter, details)
        except _NeedsExact:
            return self.run_exact(per_voter, details)

    # -- fast path: floats over distinct ballots, every close call checked -------------------
    def run_float(self, per_voter: Fraction, details: bool) -> _Run:
        start = float(per_voter)
        budget = np.full(len(self.weights), start)
        money_tol = _TOLERANCE * max(start * self.voters, 1.0)
        # a lower bound on each project's rho: rho never falls as budgets are spent
        lower = {j: self.costs[j] / self.total_utility[j] * (1 - 1e-12) for j in self.supported}
        result = _Run()
        while lower:
            best: tuple[float, float, int] | None = None  # (rho, error, project)
            candidates: list[tuple[float, float, Fraction | None, int]] = []
            for j in sorted(lower, key=lambda j: (lower[j], self.rank[j])):
                if best is not None and not details and lower[j] > best[0] + best[1]:
                    break  # this and all later projects are certainly worse than the best
                rows = self.supporters[j]
                held = budget[rows]
                weighted = self.weights[rows] * held
                money = float(weighted.sum())
                cost = self.costs[j]
                if money < cost - money_tol:
                    del lower[j]
                    result.dropped_money[j] = money
                    continue
                if money <= cost + money_tol:
                    raise _NeedsExact
                rho, error, exact = self._water_fill(j, held, weighted, money_tol)
                lower[j] = rho - error
                result.effective[j] = self.effective_votes(j, rho)
                candidates.append((rho, error, exact, j))
                if best is None or rho < best[0]:
                    best = (rho, error, j)
            if best is None:
                break
            winner = self._pick(best, candidates)
            rho = best[0] if winner == best[2] else next(c[0] for c in candidates if c[3] == winner)
            result.winners.append(winner)
            result.rho[winner] = rho
            del lower[winner]
            rows = self.supporters[winner]
            held = budget[rows]
            pay = rho * self.utility[winner]
            budget[rows] = np.where(held > pay, held - pay, 0.0)
        return result

    def _water_fill(
        self, j: int, held: FloatArray, weighted: FloatArray, money_tol: float
    ) -> tuple[float, float, Fraction | None]:
        """The smallest rho at which the supporters can pay: each pays min(budget, rho * u).

        Supporters who cannot pay rho * u pay all they have ("poor"); the rest share what is
        left in proportion to utility. Returns rho, a bound on its rounding error, and its
        exact value when nobody is poor by a clear margin (then rho = cost / total utility).
        """
        cost = self.costs[j]
        utility = self.utility[j]
        weighted_utility = self.weighted_utility[j]
        rich = np.ones(len(held), dtype=bool)
        paid_by_poor = 0.0
        rich_utility = float(weighted_utility.sum())
        while True:
            rho = (cost - paid_by_poor) / rich_utility
            newly_poor = rich & (held < rho * utility)
            if not newly_poor.any():
                break
            rich &= ~newly_poor
            if not rich.any():  # cannot happen with money clearly above cost; be safe
                raise _NeedsExact
            # re-summed rather than decremented, so rounding cannot drift over many rounds
            paid_by_poor = float(weighted[~rich].sum())
            rich_utility = float(weighted_utility[rich].sum())
        error = money_tol / rich_utility + 1e-12 * rho
        exact = None
        if paid_by_poor == 0.0:
            margin = float(np.min(held - rho * utility))
            if margin > _TOLERANCE * float(held.max()):
                exact = Fraction(cost, self.total_utility[j])
        return rho, error, exact

    def _pick(
        self,
        best: tuple[float, float, int],
        candidates: list[tuple[float, float, Fraction | None, int]],
    ) -> int:
        """The winner among the assessed projects, or _NeedsExact if rounding could decide."""
        close = [c for c in candidates if c[0] - c[1] <= best[0] + best[1]]
        if len(close) == 1:
            return best[2]
        exact_values = [c[2] for c in close]
        if any(value is None for value in exact_values):
            raise _NeedsExact
        lowest = min(v for v in exact_values if v is not None)
        tied = [c[3] for c in close if c[2] == lowest]
        return min(tied, key=lambda j: self.rank[j])

    # -- exact path: fractions over classes of voters with the same payment history ----------
    def run_exact(self, per_voter: Fraction, details: bool) -> _Run:
        """Same rule in exact rational arithmetic (pabutools' own arithmetic).

        Voters who supported the same winners at the same prices hold the same budget, so
        budgets are kept per class of such voters and each project sees a handful of classes.
        """
        member_class: IntArray = np.zeros(len(self.weights), dtype=np.int64)
        class_budget: list[Fraction] = [per_voter]
        lower: dict[int, Fraction] = {
            j: Fraction(self.costs[j], self.total_utility[j]) for j in self.supported
        }
        result = _Run(exact=True)
        while lower:
            best: tuple[Fraction, int] | None = None
            for j in sorted(lower, key=lambda j: (lower[j], self.rank[j])):
                if best is not None and not details and lower[j] > best[0]:
                    break
                groups = self._groups(j, member_class)[0]
                cost = self.costs[j]
                money = sum((class_budget[k] * w for k, _, w in groups), Fraction(0))
                if money < cost:
                    del lower[j]
                    result.dropped_money[j] = float(money)
                    continue
                rho = self._exact_rho(cost, groups, class_budget, self.multiplier[j])
                lower[j] = rho
                result.effective[j] = self.effective_votes(j, float(rho))
                if (
                    best is None
                    or rho < best[0]
                    or (rho == best[0] and self.rank[j] < self.rank[best[1]])
                ):
                    best = (rho, j)
            if best is None:
                break
            rho, winner = best
            result.winners.append(winner)
            result.rho[winner] = float(rho)
            del lower[winner]
            groups, inverse = self._groups(winner, member_class)
            first_new = len(class_budget)
            for k, points, _ in groups:
                held = class_budget[k]
                pay = rho * points * self.multiplier[winner]
                class_budget.append(held - pay if held > pay else Fraction(0))
            rows = self.supporters[winner]
            member_class[rows] = first_new + inverse
        return result

    def _groups(
        self, j: int, member_class: IntArray
    ) -> tuple[list[tuple[int, int, int]], IntArray]:
        """Project j's supporters as (class, points, total weight), and each supporter's group."""
        rows = self.supporters[j]
        key = member_class[rows] * (self.max_points + 1) + self.points[j]
        unique, inverse = np.unique(key, return_inverse=True)
        totals = np.bincount(inverse, weights=self.weights[rows])
        groups = [
            (int(u) // (self.max_points + 1), int(u) % (self.max_points + 1), int(t))
            for u, t in zip(unique, totals, strict=True)
        ]
        return groups, inverse.astype(np.int64)

    @staticmethod
    def _exact_rho(
        cost: int,
        groups: list[tuple[int, int, int]],
        class_budget: list[Fraction],
        multiplier: int,
    ) -> Fraction:
        # poorest first (budget per point); each pays all it has until an equal share fits
        order = sorted(groups, key=lambda g: class_budget[g[0]] / g[1])
        paid = Fraction(0)
        remaining_utility = sum(points * w for _, points, w in groups) * multiplier
        for k, points, w in order:
            rho = (cost - paid) / remaining_utility
            if rho * points * multiplier <= class_budget[k]:
                return rho
            paid += class_budget[k] * w
            remaining_utility -= points * w * multiplier
        raise AssertionError("an affordable project always has a price")  # pragma: no cover


def mes(
    source: Profile | Election,
    *,
    completion: bool = True,
    integral_start: bool = False,
    utilitarian_fill: bool = False,
    ties: TieBreak = DEFAULT_TIES,
) -> CountResult:
    """The Method of Equal Shares, as defined on equalshares.net.

    Every voter starts with an equal share of the budget. Repeatedly, among projects whose
    supporters still hold enough money, select the one with the smallest rho, the price per
    unit of utility: each supporter pays ``min(their money, rho * utility)`` and the payments
    cover the cost exactly. Stop when no project is affordable.

    ``completion`` (the standard "add1" completion, pabutools'
    ``exhaustion_by_budget_increase`` with a step of one currency unit per voter): rerun with
    every voter's share one unit higher, again and again, keeping the last outcome that fits
    the real budget; stop early at an outcome that is exhaustive (no unselected project would
    fit in the money left). The shares start at budget / voters, or with ``integral_start``
    (an equalshares.net option) at that rounded down to a whole unit.

    ``utilitarian_fill`` (off by default; pabulib's ``equalshares/add1`` does not use it) then
    spends what is left on the remaining projects by score, skipping those that do not fit.

    Exactness: runs use floats, but any comparison close enough for rounding to matter is
    settled in exact fractions (the whole run is redone exactly), so winners are exactly
    pabutools' when ``ties`` is :data:`PABUTOOLS_TIES`. Projects exactly level in rho are
    settled by ``ties`` (see the module doc); equalshares.net's tool with "most votes, then
    lowest cost" agrees with the default.
    """
    profile = _as_profile(source)
    engine = _Engine(profile, ties)
    voters = engine.voters
    budget = profile.budget
    name = "mes" + ("+completion" if completion else "") + ("+fill" if utilitarian_fill else "")
    if voters == 0:
        return _mes_result(profile, engine, name, _Run(), None, 0, ())

    start = Fraction(math.floor(budget / voters)) if integral_start else budget / voters
    cost_of = engine.costs

    def total(run: _Run) -> int:
        return sum(cost_of[j] for j in run.winners)

    run = engine.run(start)
    share, steps, notes = start, 0, []
    if completion:
        # pabutools stops when the total money given out would pass budget * (voters + 1)
        last_step = math.floor((budget * (voters + 1) - start * voters) / voters)
        previous: tuple[_Run, Fraction] | None = None
        step = 0
        supported = set(engine.supported)
        while True:
            spent = total(run)
            if spent > budget:
                run, share = previous if previous else (_Run(), start)
                break
            if _exhaustive(cost_of, set(run.winners), spent, budget):
                share = start + step
                break
            previous = (run, start + step)
            if set(run.winners) == supported and step < last_step:
                # Every supported project is already in; an unsupported one still fits, so no
                # later outcome can be infeasible or exhaustive: pabutools runs on to its bound
                # and returns the outcome there. Jump straight to it.
                notes.append("every project with supporters fitted; went to the last step")
                step = last_step
            elif step >= last_step:
                run, share = previous
                break
            else:
                step += 1
            run = engine.run(start + step)
        steps = int(share - start)
    details = engine.run(share, details=True)
    if details.winners != run.winners:  # pragma: no cover - a details run assesses more, same picks
        raise AssertionError("MES details run disagrees with the counting run")
    result = _mes_result(profile, engine, name, details, share, steps, tuple(notes))
    if utilitarian_fill:
        result = _fill(profile, result, ties)
    return result


def _exhaustive(costs: Sequence[int], chosen: set[int], spent: int, budget: Fraction) -> bool:
    return all(j in chosen or spent + c > budget for j, c in enumerate(costs))


def _mes_result(
    profile: Profile,
    engine: _Engine,
    rule: str,
    run: _Run,
    share: Fraction | None,
    steps: int,
    notes: tuple[str, ...],
) -> CountResult:
    score = scores(profile)
    total_cost = sum(engine.costs[j] for j in run.winners)
    left = profile.budget - total_cost
    outcomes: dict[str, ProjectOutcome] = {}
    position = {j: i + 1 for i, j in enumerate(run.winners)}
    for j, project_id in enumerate(engine.ids):
        cost = engine.costs[j]
        common = (project_id, cost, score[project_id])
        effective = run.effective.get(j)
        if j in position:
            rho = run.rho[j]
            outcomes[project_id] = ProjectOutcome(
                *common,
                status="selected",
                position=position[j],
                rho=rho,
                effective_votes=effective,
                reason=(
                    f"selected {_ordinal(position[j])} with an effective vote count of "
                    f"{effective:,.1f}"
                    if effective is not None
                    else "selected"
                ),
            )
        elif engine.total_utility[j] == 0:
            outcomes[project_id] = ProjectOutcome(
                *common, status="no supporters", reason="nobody voted for it"
            )
        else:
            money = run.dropped_money.get(j, 0.0)
            reason = (
                f"not enough money left among its supporters: they held {_money(money)} "
                f"of the {cost:,} it costs"
            )
            if cost > left:
                reason += f"; it would not fit in the {_money(left)} left either"
            outcomes[project_id] = ProjectOutcome(
                *common,
                status="not enough money among supporters",
                effective_votes=effective,
                supporters_money=money,
                reason=reason,
            )
    return CountResult(
        rule=rule,
        winners=tuple(engine.ids[j] for j in run.winners),
        total_cost=total_cost,
        budget=profile.budget,
        projects=outcomes,
        per_voter_budget=share,
        completion_steps=steps,
        notes=notes,
    )


def _fill(profile: Profile, result: CountResult, ties: TieBreak) -> CountResult:
    """Spend what MES left on the remaining projects by score (equalshares.net's
    "utilitarian completion"), skipping those that do not fit."""
    score = scores(profile)
    rank = ties.ranks(profile)
    winners = list(result.winners)
    left = profile.budget - result.total_cost
    outcomes = dict(result.projects)
    for project_id in sorted(profile.costs, key=lambda p: (-score[p], rank[p])):
        cost = profile.costs[project_id]
        if project_id in result.winners or score[project_id] == 0 or cost > left:
            continue
        winners.append(project_id)
        outcomes[project_id] = ProjectOutcome(
            project_id=project_id,
            cost=cost,
            score=score[project_id],
            status="selected",
            position=len(winners),
            money_left=left,
            reason=f"added by vote count from the {_money(left)} that equal shares left unspent",
        )
        left -= cost
    return CountResult(
        rule=result.rule,
        winners=tuple(winners),
        total_cost=sum(profile.costs[p] for p in winners),
        budget=result.budget,
        projects=outcomes,
        per_voter_budget=result.per_voter_budget,
        completion_steps=result.completion_steps,
        notes=result.notes,
    )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --------------------------------------------------------------------------------------------
# By name, and the rule a file records
# --------------------------------------------------------------------------------------------


def recorded_rule(meta: Mapping[str, str]) -> str:
    """The rule named in a file's META, checked against those we can count."""
    rule = meta.get("rule", "").strip()
    if rule not in _RECORDED:
        shown = repr(rule) if rule else "no rule"
        raise UnknownRuleError(
            f"the file names {shown}; known rules are {', '.join(sorted(_RECORDED))}"
        )
    return rule


_RECORDED = {
    "greedy",
    "greedy-no-skip",
    "greedy-threshold",
    "equalshares",
    "equalshares/add1",
    "equalshares/add1/utilitarian",
}


def count(election: Election, rule: str, ties: TieBreak = DEFAULT_TIES) -> CountResult:
    """Count ``election`` by one of :data:`RULES`.

    ``greedy-threshold`` and ``recorded`` read their parameters from META:
    ``min_project_score_threshold`` (minimum score) and ``max_length`` (at most that many
    approvals counted per ballot). ``recorded`` uses META ``rule``: ``equalshares/add1`` is
    MES with completion and no fill, ``equalshares`` MES alone,
    ``equalshares/add1/utilitarian`` MES with completion and fill, and the greedy rules as
    named. Anything else raises :class:`UnknownRuleError`. Exact ties are settled by
    ``ties`` whatever the rule.
    """
    if rule == "recorded":
        rule = recorded_rule(election.meta)
        if rule.startswith("equalshares"):
            result = mes(
                election,
                completion="add1" in rule,
                utilitarian_fill=rule.endswith("utilitarian"),
                ties=ties,
            )
            return _renamed(result, rule)
    if rule == "mes":
        return _renamed(mes(election, ties=ties), "mes")
    if rule == "greedy":
        return greedy(election, ties=ties)
    if rule == "greedy-no-skip":
        return greedy_no_skip(election, ties=ties)
    if rule == "greedy-threshold":
        threshold = election.meta.get("min_project_score_threshold", "0")
        limit = election.meta.get("max_length", "")
        if not threshold.isdigit():
            raise ValueError(f"min_project_score_threshold {threshold!r} is not a whole number")
        return greedy_threshold(
            election,
            min_score=int(threshold),
            max_approvals=int(limit) if limit.isdigit() else None,
            ties=ties,
        )
    raise UnknownRuleError(f"unknown rule {rule!r}; use one of {', '.join(RULES)}")


def _renamed(result: CountResult, rule: str) -> CountResult:
    return CountResult(
        rule=rule,
        winners=result.winners,
        total_cost=result.total_cost,
        budget=result.budget,
        projects=result.projects,
        per_voter_budget=result.per_voter_budget,
        completion_steps=result.completion_steps,
        notes=result.notes,
    )


def approval_profile(
    costs: Mapping[str, int], budget: int | Fraction, ballots: Iterable[Iterable[str]]
) -> Profile:
    """Convenience for callers and tests: a profile from plain approval sets."""
    return Profile(
        costs=dict(costs),
        budget=Fraction(budget),
        ballots=[Ballot(tuple(b)) for b in ballots],
    )
