"""Select a citizens' panel by stratified lottery, reproducibly: leximin or maximin.

Both methods compute a *distribution* over the panels that meet every quota (Flanigan et al.
2021). Leximin (the default, ``placecraft/panels/leximin.py``, with the open-source HiGHS solver)
makes the least likely person as likely as possible, then the next least likely, and so on;
maximin (the Sortition Foundation's library, GPL-3.0) stops after the first. We then draw one panel
from the distribution ourselves, so that:

* every pool member's selection probability can be published (the sum of the probabilities of the
  panels they are on), and
* the same published seed gives the same panel in any process.

Reproducibility. The library keeps the panels it finds in Python sets of frozensets of id strings
and iterates over them (and over a frozenset of "covered" ids) to build its linear programmes and
to round the distribution into a lottery. The iteration order of a set of strings depends on the
per-process string hash salt (PYTHONHASHSEED), so the LP variables and constraints came out in a
different order in each process, the solvers returned different (equally optimal) solutions, and
``random_number_seed`` alone gave different panels. We fix it from our side:

1. the ids handed to the library are ``_StableId`` strings whose hash is their position in the
   sorted pool, so every set and frozenset the library builds iterates in the same order in every
   process;
2. the pool, the features and the values are passed in sorted order;
3. the library's random provider (which seeds the solvers and its starting weights) is seeded from
   our seed; and
4. the final panel is drawn by ``random.Random(seed)`` over the panels sorted canonically.

The library's own leximin is never called: it needs a commercial Gurobi licence.

Published form. Whatever the method, the distribution is also given as *groups* of pool members
and *panels* that take so many people from so many groups (for maximin every group is one
person), which is what the transparency page publishes and ``docs/verify_panel.py`` checks.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import logging
import os
import random
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from requests.structures import CaseInsensitiveDict
from sortition_algorithms import utils as sortition_utils
from sortition_algorithms.committee_generation import common as sortition_common
from sortition_algorithms.committee_generation import (
    find_distribution_maximin,
    standardize_distribution,
)
from sortition_algorithms.committee_generation.solver import MipSolver, Solver, create_solver
from sortition_algorithms.errors import (
    InfeasibleQuotasCantRelaxError,
    InfeasibleQuotasError,
    SelectionError,
)
from sortition_algorithms.features import FeatureCollection, FeatureValueMinMax
from sortition_algorithms.people import People

from placecraft.panels import leximin
from placecraft.panels.pool import Categories, Pool, Quota, Respondent

# Leximin (ours, with HiGHS) and maximin (the library's). Legacy and diversimax give no
# distribution (so no probabilities to publish), and nash has not been checked for
# reproducibility here.
ALGORITHMS = ("leximin", "maximin")
DEFAULT_ALGORITHM = "leximin"
# Measured with bench/panel_select.py (30 from 1,000, four categories, 2 cores): see that file.
DEFAULT_BACKEND = "mip-cbc"
BACKENDS = ("mip-cbc", "highspy")

# The library attaches stdout handlers to its loggers at import time, which would corrupt the
# output of `select_panel --json`. Its messages still propagate to whatever logging is configured.
for _name in ("sortition_algorithms", "sortition_algorithms_user"):
    _library_logger = logging.getLogger(_name)
    for _handler in list(_library_logger.handlers):
        _library_logger.removeHandler(_handler)
    _library_logger.addHandler(logging.NullHandler())

# Relative optimality gap for the integer programmes that find panels. CBC with its default
# (1e-4) sometimes spent over a minute proving one pricing problem optimal (bench, round 648 of
# the multiplicative-weights phase: 77 s). A panel's objective is about size/pool (0.03 for 30 of
# 1,000), so 1e-3 of it is ~3e-5, far inside the library's own maximin tolerance (EPS = 5e-4):
# the distribution is as fair as the library would make it, and every panel still meets every
# quota exactly (quotas are constraints, not the objective).
MIP_GAP = 1e-3

# The library's random provider is process-global state: one selection at a time per process.
_LIBRARY_LOCK = threading.Lock()


class SelectionRefused(ValueError):
    """The selection was asked for in a way we do not allow (an unknown algorithm…)."""


class InfeasibleQuotas(Exception):
    """No panel can meet every quota. `problems` say why; `suggestions` say what to relax."""

    def __init__(self, problems: Sequence[str], suggestions: Sequence[str] = ()) -> None:
        self.problems = tuple(problems)
        self.suggestions = tuple(suggestions)
        lines = ["No panel can meet every quota:", *(f"- {p}" for p in self.problems)]
        if self.suggestions:
            lines += ["Suggested changes:", *(f"- {s}" for s in self.suggestions)]
        super().__init__("\n".join(lines))


@dataclass(frozen=True, slots=True)
class Progress:
    """One progress report. `total` is None where the number of steps is not known in advance."""

    stage: str
    message: str
    current: int | None = None
    total: int | None = None


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True, slots=True)
class QuotaCheck:
    feature: str
    value: str
    min: int
    max: int
    in_pool: int
    selected: int

    @property
    def met(self) -> bool:
        return self.min <= self.selected <= self.max


@dataclass(frozen=True, slots=True)
class Selection:
    """The result of a selection, everything the transparency report needs."""

    seed: int
    size: int
    algorithm: str
    backend: str
    selected: tuple[str, ...]
    # Every pool member, including those who could not be selected (probability 0).
    probabilities: dict[str, float]
    quotas: tuple[QuotaCheck, ...]
    # The distribution the panel was drawn from, in published form (see the module's docstring):
    # the groups, and each panel as (group, how many) pairs with its probability.
    groups: tuple[tuple[str, ...], ...]
    panels: tuple[tuple[tuple[tuple[int, int], ...], float], ...]
    household_columns: tuple[str, ...]
    seconds: float
    # Library and solver versions: the seed reproduces the panel with these builds.
    software: str = ""

    @property
    def all_quotas_met(self) -> bool:
        return all(check.met for check in self.quotas)


@dataclass(frozen=True, slots=True)
class ReplacementDraw:
    """Replacements for people who left a panel, and the panel they make."""

    seed: int
    withdrawn: tuple[str, ...]
    replacements: tuple[str, ...]
    panel: tuple[str, ...]
    quotas: tuple[QuotaCheck, ...]
    # Each candidate's probability of being drawn as a replacement.
    probabilities: dict[str, float]


class _StableId(str):
    """A pool id whose hash is fixed (its position in the sorted pool), not salted per process."""

    _hash: int

    def __new__(cls, value: str, position: int) -> _StableId:
        instance = super().__new__(cls, value)
        instance._hash = position
        return instance

    def __hash__(self) -> int:
        return self._hash


class _Reporter:
    """Adapts the library's ProgressReporter protocol to our callback."""

    def __init__(self, callback: ProgressCallback) -> None:
        self._callback = callback
        self._stage = ""
        self._total: int | None = None

    def start_phase(
        self, name: str, total: int | None = None, *, message: str | None = None
    ) -> None:
        self._stage, self._total = name, total
        self._callback(Progress(name, message or name, 0, total))

    def update(self, current: int, *, message: str | None = None) -> None:
        self._callback(Progress(self._stage, message or self._stage, current, self._total))

    def end_phase(self) -> None:
        pass


def _committee_solver(*args: Any, **kwargs: Any) -> Solver:
    kwargs.setdefault("mip_gap", MIP_GAP)
    solver = create_solver(*args, **kwargs)
    if isinstance(solver, MipSolver):
        # CBC's preprocessing costs more than it saves on these small programmes, which are
        # re-solved a thousand times with a new objective (bench: a quarter of the solve time).
        solver._model.preprocess = 0
    return solver


@contextlib.contextmanager
def _committee_solver_gap() -> Iterator[None]:
    """Give the library's panel-finding integer programmes our MIP_GAP.

    The library creates those solvers inside `committee_generation.common` without a way to pass
    options, so its `create_solver` there is swapped for the duration of our call (under
    _LIBRARY_LOCK). The linear programmes in `maximin.py` keep their defaults.
    """
    original = sortition_common.create_solver  # type: ignore[attr-defined]
    sortition_common.create_solver = _committee_solver  # type: ignore[attr-defined]
    try:
        yield
    finally:
        sortition_common.create_solver = original  # type: ignore[attr-defined]


@contextlib.contextmanager
def _solver_output_silenced() -> Iterator[None]:
    """Send file descriptor 1 to /dev/null while the solvers run.

    CBC (as shipped in cbcbox) prints its LP log straight to the C-level stdout whatever log
    level python-mip asks for, which would corrupt `select_panel --json`. Python-level stdout is
    untouched apart from a flush.
    """
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no stdout at all (a daemon): nothing to protect
        yield
        return
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def software_versions(backend: str, algorithm: str = "maximin") -> str:
    """The versions a published seed depends on, e.g. for the transparency report."""
    if algorithm == "leximin":
        names = ["highspy", "numpy"]
    else:
        names = [
            "sortition-algorithms",
            *(("mip", "cbcbox") if backend == "mip-cbc" else ("highspy",)),
        ]
    found = []
    for name in names:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def _library_seed(seed: int) -> int:
    # The library treats 0 as "use the secrets module", so any seed we publish is mapped to a
    # non-zero 31-bit one, the same in every process.
    digest = hashlib.sha256(f"placecraft-panel:{seed}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % (2**31 - 2) + 1


def _normalise_household_columns(household_key: str | Sequence[str] | None) -> tuple[str, ...]:
    if household_key is None:
        return ()
    if isinstance(household_key, str):
        return (household_key,)
    return tuple(household_key)


def _household(person: Respondent, columns: Sequence[str]) -> tuple[str, ...] | None:
    """The person's household, or None when the address is blank (then they are on their own)."""
    address = tuple(person.column(c).strip().casefold() for c in columns)
    return address if any(address) else None


def _check_quotas(
    categories: Categories, pool: Pool, selected: Collection[str]
) -> tuple[QuotaCheck, ...]:
    chosen = [pool[i] for i in selected]
    return tuple(
        QuotaCheck(
            q.feature,
            q.value,
            q.min,
            q.max,
            pool.count(q.feature, q.value),
            sum(1 for p in chosen if p.features[q.feature] == q.value),
        )
        for q in categories.quotas
    )


def _arithmetic_problems(
    pool: Pool, categories: Categories, size: int, household_columns: Sequence[str]
) -> tuple[list[str], list[str]]:
    """Cheap checks that explain most infeasible quotas before any solver runs."""
    problems: list[str] = []
    suggestions: list[str] = []
    if len(pool) < size:
        problems.append(f"The pool has {len(pool)} people but the panel has {size} places.")
        suggestions.append(
            f"Recruit at least {size - len(pool)} more people or make the panel smaller."
        )
    if household_columns:
        households = {_household(p, household_columns) or ("", p.id) for p in pool}
        if len(households) < size <= len(pool):
            problems.append(
                f"The pool has only {len(households)} different households but the panel has "
                f"{size} places, and only one person per household can be selected."
            )
            suggestions.append("Recruit from more households or make the panel smaller.")
    for feature, quotas in categories.features.items():
        mins = sum(q.min for q in quotas)
        maxes = sum(q.max for q in quotas)
        if mins > size:
            listing = ", ".join(f"{q.value} {q.min}" for q in quotas if q.min)
            problems.append(
                f"The minimums for “{feature}” add up to {mins} but the panel has {size} places."
            )
            suggestions.append(
                f"Lower the minimums for “{feature}” by {mins - size} in total "
                f"(now: {listing}), or make the panel at least {mins}."
            )
        if maxes < size:
            listing = ", ".join(f"{q.value} {q.max}" for q in quotas)
            problems.append(
                f"The maximums for “{feature}” add up to {maxes} but the panel has {size} places."
            )
            suggestions.append(
                f"Raise the maximums for “{feature}” by {size - maxes} in total "
                f"(now: {listing}), or make the panel at most {maxes}."
            )
        # Even filling every value up to its maximum from the people available may fall short.
        fillable = sum(min(q.max, pool.count(feature, q.value)) for q in quotas)
        if maxes >= size and fillable < size:
            problems.append(
                f"Counting who is in the pool, at most {fillable} places can be filled within the "
                f"maximums for “{feature}”, but the panel has {size} places."
            )
            suggestions.append(
                f"Raise the maximums for “{feature}” where the pool has more people than the "
                "maximum, or recruit more people."
            )
        for q in quotas:
            people = [p for p in pool if p.features[feature] == q.value]
            available = len(people)
            if household_columns:
                available = len({_household(p, household_columns) or ("", p.id) for p in people})
            if available < q.min:
                who = "people" if not household_columns else "households"
                problems.append(
                    f"Only {available} {who} in the pool have “{feature}” = “{q.value}” but the "
                    f"minimum is {q.min}."
                )
                suggestions.append(
                    f"Lower the minimum for “{feature}” = “{q.value}” to {available}, or recruit "
                    f"{q.min - available} more."
                )
    return problems, suggestions


def _library_inputs(
    pool: Pool, categories: Categories, household_columns: Sequence[str]
) -> tuple[FeatureCollection, People, list[str]]:
    """Build the library's FeatureCollection and People in a canonical (sorted) order."""
    features: FeatureCollection = CaseInsensitiveDict()
    max_flex_default = max(sum(q.max for q in qs) for qs in categories.features.values())
    for feature in sorted(categories.features, key=str.casefold):
        values: CaseInsensitiveDict[FeatureValueMinMax] = CaseInsensitiveDict()
        for q in sorted(categories.features[feature], key=lambda q: q.value.casefold()):
            values[q.value] = FeatureValueMinMax(
                min=q.min,
                max=q.max,
                min_flex=q.min_flex,
                max_flex=q.max_flex if q.max_flex is not None else max_flex_default,
            )
        features[feature] = values
    # Address columns get neutral names; a blank address becomes the person's own id so that
    # people who gave no address are not all treated as one household.
    address_names = [f"_household_{i}" for i in range(len(household_columns))]
    people = People(address_names)
    for position, person_id in enumerate(sorted(pool.ids)):
        person = pool[person_id]
        household = _household(person, household_columns)
        address = (
            household if household is not None else tuple(f"\0{person_id}" for _ in address_names)
        )
        data = {**person.features, **dict(zip(address_names, address, strict=True))}
        people.add(_StableId(person_id, position), data, features, person.row)
    return features, people, address_names


def _explain_library_infeasibility(
    error: InfeasibleQuotasError, categories: Categories
) -> InfeasibleQuotas:
    """Turn the library's relaxed quotas into plain-English suggestions."""
    suggestions: list[str] = []
    conflicting: list[str] = []
    for q in categories.quotas:
        relaxed = error.features[q.feature][q.value]
        if relaxed.min < q.min:
            conflicting.append(f"“{q.feature}” = “{q.value}” (minimum {q.min})")
            suggestions.append(
                f"Lower the minimum for “{q.feature}” = “{q.value}” from {q.min} to {relaxed.min}."
            )
        if relaxed.max > q.max:
            conflicting.append(f"“{q.feature}” = “{q.value}” (maximum {q.max})")
            suggestions.append(
                f"Raise the maximum for “{q.feature}” = “{q.value}” from {q.max} to {relaxed.max}."
            )
    problem = (
        "Each quota can be met on its own, but not all together with the people in this pool. "
        "The quotas in conflict include: " + "; ".join(conflicting) + "."
        if conflicting
        else "The quotas cannot all be met together with the people in this pool."
    )
    return InfeasibleQuotas([problem], suggestions)


def _check_request(pool: Pool, size: int, algorithm: str, backend: str) -> None:
    if algorithm not in ALGORITHMS:
        raise SelectionRefused(
            f"Unknown selection algorithm “{algorithm}”; use one of: {', '.join(ALGORITHMS)}. "
            "(Legacy and diversimax give no selection probabilities, so are not offered.)"
        )
    if backend not in BACKENDS:
        raise SelectionRefused(
            f"Unknown solver backend “{backend}”; use one of: {', '.join(BACKENDS)}."
        )
    if size < 1:
        raise SelectionRefused(f"The panel size must be at least 1 (it is {size}).")
    if not pool.respondents:
        raise SelectionRefused("The pool is empty.")


def _draw(
    groups: Sequence[Sequence[str]],
    panels: Sequence[tuple[Sequence[tuple[int, int]], float]],
    seed: int,
) -> tuple[str, ...]:
    """One uniform number walked over the panels in order, then ``random.sample`` of each group's
    share, all from one ``random.Random(seed)``: exactly what docs/verify_panel.py does."""
    rng = random.Random(seed)  # noqa: S311 - a published, reproducible lottery
    threshold = rng.random()
    cumulative = 0.0
    chosen = panels[-1][0]  # rounding left the total a hair under 1
    for take, probability in panels:
        cumulative += probability
        if threshold < cumulative:
            chosen = take
            break
    selected: list[str] = []
    for group, count in chosen:
        selected.extend(rng.sample(list(groups[group]), count))
    return tuple(sorted(selected))


def _maximin(
    pool: Pool,
    categories: Categories,
    size: int,
    seed: int,
    household_columns: Sequence[str],
    backend: str,
    report: ProgressCallback,
) -> tuple[tuple[tuple[str, ...], ...], list[tuple[tuple[tuple[int, int], ...], float]]]:
    """The library's maximin distribution, in published form (every group one person)."""
    features, people, address_names = _library_inputs(pool, categories, household_columns)
    with _LIBRARY_LOCK, _committee_solver_gap(), _solver_output_silenced():
        sortition_utils.set_random_provider(_library_seed(seed))
        try:
            committees, weights, _report = find_distribution_maximin(
                features,
                people,
                size,
                address_names,
                backend,
                progress_reporter=_Reporter(report),
            )
        except InfeasibleQuotasError as error:
            raise _explain_library_infeasibility(error, categories) from None
        except InfeasibleQuotasCantRelaxError:
            raise InfeasibleQuotas(
                [
                    "The quotas cannot all be met together with the people in this pool, even "
                    "relaxing them as far as the min_flex and max_flex columns allow."
                ],
                ["Widen min_flex/max_flex, relax the tightest quotas, or recruit more people."],
            ) from None
        except SelectionError as error:
            raise InfeasibleQuotas([str(error)]) from None
        finally:
            # Do not leave a seeded provider behind for whoever uses the library next.
            sortition_utils.set_random_provider(None)
    committees, weights = standardize_distribution(list(committees), list(weights))
    groups = tuple((person_id,) for person_id in sorted(pool.ids))
    position = {group[0]: index for index, group in enumerate(groups)}
    panels = sorted(
        (tuple((position[str(i)], 1) for i in sorted(str(i) for i in committee)), float(weight))
        for committee, weight in zip(committees, weights, strict=True)
    )
    return groups, panels


def _leximin(
    pool: Pool,
    categories: Categories,
    size: int,
    seed: int,
    household_columns: Sequence[str],
    backend: str,
    report: ProgressCallback,
) -> tuple[tuple[tuple[str, ...], ...], list[tuple[tuple[tuple[int, int], ...], float]]]:
    """Our leximin (HiGHS), in published form; infeasible quotas explained as maximin explains
    them (the library suggests which quotas to relax)."""
    people = []
    for person in pool:
        household = _household(person, household_columns) if household_columns else None
        people.append(
            leximin.Person(
                person.id,
                dict(person.features),
                None if household is None else "\0".join(household),
            )
        )
    quotas = [leximin.QuotaRow(q.feature, q.value, q.min, q.max) for q in categories.quotas]
    report(Progress("leximin", "Finding the fairest distribution over panels"))
    try:
        with _solver_output_silenced():  # HiGHS prints its banner on standard output
            result = leximin.leximin(people, quotas, size)
    except leximin.LeximinInfeasible:
        _maximin(pool, categories, size, seed, household_columns, backend, report)
        raise InfeasibleQuotas(["No panel of this size meets every quota."]) from None
    panels = [
        (tuple((t, n) for t, n in enumerate(composition) if n), probability)
        for composition, probability in result.distribution
    ]
    return result.types, panels


def select_panel(
    pool: Pool,
    categories: Categories,
    *,
    size: int,
    seed: int,
    household_key: str | Sequence[str] | None = None,
    algorithm: str = DEFAULT_ALGORITHM,
    backend: str = DEFAULT_BACKEND,
    progress: ProgressCallback | None = None,
) -> Selection:
    """Select a panel of `size` from `pool` meeting every quota in `categories`.

    `seed` is published with the result: the same pool, quotas, size, seed, algorithm and backend
    give the same panel in any process. `household_key` names the address column(s): at most one
    person per household is selected (people with a blank address count as their own household).
    `progress` is called from this thread with each stage and step (while the solvers run, file
    descriptor 1 goes to /dev/null, so a callback that prints should print to stderr).

    Raises SelectionRefused for a request we do not run (an unknown algorithm…), InfeasibleQuotas
    with an explanation when no panel meets the quotas.
    """
    _check_request(pool, size, algorithm, backend)
    report = progress or (lambda _p: None)
    started = time.perf_counter()
    household_columns = _normalise_household_columns(household_key)
    report(Progress("checking", "Checking the quotas against the pool"))
    problems, suggestions = _arithmetic_problems(pool, categories, size, household_columns)
    if problems:
        raise InfeasibleQuotas(problems, suggestions)

    method = _leximin if algorithm == "leximin" else _maximin
    groups, panels = method(pool, categories, size, seed, household_columns, backend, report)

    report(Progress("sampling", "Drawing the panel from the distribution"))
    probabilities = dict.fromkeys(pool.ids, 0.0)
    for take, weight in panels:
        for group, count in take:
            for person_id in groups[group]:
                probabilities[person_id] += weight * count / len(groups[group])
    selected = _draw(groups, panels, seed)
    quotas = _check_quotas(categories, pool, selected)
    report(Progress("done", f"Selected {len(selected)} people", len(selected), size))
    return Selection(
        seed=seed,
        size=size,
        algorithm=algorithm,
        backend=backend,
        selected=selected,
        probabilities=probabilities,
        quotas=quotas,
        groups=groups,
        panels=tuple(panels),
        household_columns=household_columns,
        seconds=time.perf_counter() - started,
        software=software_versions(backend, algorithm),
    )


def replacements(
    selection: Selection | Iterable[str],
    n: int,
    *,
    pool: Pool,
    categories: Categories,
    withdrawn: Collection[str],
    seed: int,
    household_key: str | Sequence[str] | None = None,
    algorithm: str = "maximin",
    backend: str = DEFAULT_BACKEND,
    progress: ProgressCallback | None = None,
) -> ReplacementDraw:
    """Draw `n` replacements for the `withdrawn` members so the new panel keeps every quota.

    The people who stay are fixed; the quotas are reduced by what they already fill, and the
    replacements are drawn by the same fair lottery from those not selected (and, with
    `household_key`, not sharing a household with anyone who stays). The default household
    columns are the selection's own.
    """
    if isinstance(selection, Selection):
        panel = list(selection.selected)
        if household_key is None:
            household_key = selection.household_columns or None
    else:
        panel = list(selection)
    unknown = sorted(set(withdrawn) - set(panel))
    if unknown:
        raise SelectionRefused(f"Not on the panel, so cannot be replaced: {', '.join(unknown)}.")
    household_columns = _normalise_household_columns(household_key)
    staying = [i for i in panel if i not in set(withdrawn)]
    taken = {_household(pool[i], household_columns) for i in staying} - {None}
    candidates = Pool(
        tuple(
            p
            for p in pool
            if p.id not in set(panel)
            and (not household_columns or _household(p, household_columns) not in taken)
        ),
        pool.id_column,
    )
    staying_checks = _check_quotas(categories, pool, staying)
    over = [c for c in staying_checks if c.selected > c.max]
    if over:
        raise InfeasibleQuotas(
            [
                f"The people staying already exceed the maximum for “{c.feature}” = “{c.value}” "
                f"({c.selected} against {c.max}), so no replacement can restore the quotas."
                for c in over
            ]
        )
    reduced = categories.with_quotas(
        Quota(
            q.feature,
            q.value,
            max(0, q.min - check.selected),
            q.max - check.selected,
            max(0, q.min_flex - check.selected),
            None if q.max_flex is None else q.max_flex - check.selected,
            q.row,
        )
        for q, check in zip(categories.quotas, staying_checks, strict=True)
    )
    if not candidates.respondents:
        raise InfeasibleQuotas(["Nobody is left in the pool to draw replacements from."])
    draw = select_panel(
        candidates,
        reduced,
        size=n,
        seed=seed,
        household_key=household_columns or None,
        algorithm=algorithm,
        backend=backend,
        progress=progress,
    )
    new_panel = tuple(sorted([*staying, *draw.selected]))
    return ReplacementDraw(
        seed=seed,
        withdrawn=tuple(sorted(withdrawn)),
        replacements=draw.selected,
        panel=new_panel,
        quotas=_check_quotas(categories, pool, new_panel),
        probabilities=draw.probabilities,
    )
