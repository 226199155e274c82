"""Trajectories and the status derived from them.

A mission indicator has a baseline (a date and a value) and one or more targets (a due date and a
value). The trajectory is the path we expect the figure to follow:

- **linear**: a straight line from the baseline to the first target, then on to each next one;
- **stepped**: the baseline holds until the first target is due, then that target holds until
  the next one is due (for milestones agreed as fixed steps).

The status compares the *latest* observation with where the trajectory says it should be on the
date that observation's period ended, allowing for the direction of good and a tolerance (a share
of the distance from baseline to the final target).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from itertools import pairwise


class Status(Enum):
    ON_TRACK = ("on-track", "On track", "green")
    CLOSE = ("close", "Close to trajectory", "yellow")
    OFF_TRACK = ("off-track", "Off track", "red")
    NO_TARGET = ("no-target", "No target set", "grey")
    NO_DATA = ("no-data", "No data yet", "grey")

    def __init__(self, slug: str, label: str, colour: str) -> None:
        self.slug = slug
        self.label = label
        self.colour = colour


@dataclass(frozen=True)
class Waypoint:
    when: date
    value: float


def _days(a: date, b: date) -> int:
    return (b - a).days


def expected_value(
    baseline: Waypoint, targets: list[Waypoint], when: date, stepped: bool = False
) -> float:
    """Where the trajectory is on ``when``. Before the baseline it is the baseline; after the
    last target, the last target."""
    points = [baseline, *sorted(targets, key=lambda t: t.when)]
    if when <= points[0].when:
        return points[0].value
    for previous, following in pairwise(points):
        if when < following.when:
            if stepped:
                return previous.value
            span = _days(previous.when, following.when)
            if span <= 0:
                return following.value
            share = _days(previous.when, when) / span
            return previous.value + share * (following.value - previous.value)
    return points[-1].value


def trajectory_points(baseline: Waypoint, targets: list[Waypoint], stepped: bool) -> list[Waypoint]:
    """The corners of the trajectory, for drawing it."""
    ordered = sorted(targets, key=lambda t: t.when)
    if not stepped:
        return [baseline, *ordered]
    points = [baseline]
    current = baseline.value
    for target in ordered:
        points.append(Waypoint(target.when, current))
        points.append(target)
        current = target.value
    return points


@dataclass(frozen=True)
class Assessment:
    status: Status
    latest: Waypoint | None = None
    expected: float | None = None

    @property
    def gap(self) -> float | None:
        if self.latest is None or self.expected is None:
            return None
        return self.latest.value - self.expected


def assess(
    *,
    latest: Waypoint | None,
    baseline: Waypoint | None,
    targets: list[Waypoint],
    higher_is_better: bool,
    stepped: bool = False,
    tolerance_percent: int = 10,
) -> Assessment:
    if latest is None:
        return Assessment(Status.NO_DATA)
    if baseline is None or not targets:
        return Assessment(Status.NO_TARGET, latest)
    expected = expected_value(baseline, targets, latest.when, stepped)
    final = sorted(targets, key=lambda t: t.when)[-1].value
    tolerance = abs(final - baseline.value) * tolerance_percent / 100
    ahead = latest.value - expected if higher_is_better else expected - latest.value
    if ahead >= 0:
        status = Status.ON_TRACK
    elif -ahead <= tolerance:
        status = Status.CLOSE
    else:
        status = Status.OFF_TRACK
    return Assessment(status, latest, expected)
