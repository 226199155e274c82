"""Reads for evidence: a mission's indicators with their figures, status and charts, in a fixed
number of queries however many indicators or figures there are."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from placecraft.core import charts
from placecraft.evidence.models import (
    Direction,
    Indicator,
    MissionIndicator,
    Observation,
    Target,
    Trajectory,
)
from placecraft.evidence.periods import parse_period
from placecraft.evidence.progress import Assessment, Waypoint, assess, trajectory_points
from placecraft.places import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Organisation, Place

HEADLINE_ADVICE_LIMIT = 5


def geography_names(place: Place) -> dict[str, str]:
    """Names for the GSS codes we know in the place: its own and its authorities'."""
    names = {code: place.name for code in place.gss_codes or []}
    for code, name in (
        Organisation.objects.filter(place=place)
        .exclude(gss_code="")
        .values_list("gss_code", "name")
    ):
        names[code] = name
    return names


def with_latest_figure(indicators: QuerySet[Indicator], geography_code: str) -> QuerySet[Indicator]:
    """Each indicator's latest figure for one area (``latest_value``, ``latest_period``,
    ``latest_end``; None when it has none).

    Each is one probe of the (indicator, geography_code, period_end) index read backwards, so a
    page of indicators costs the same however many figures they hold, on SQLite as on
    PostgreSQL. Counting or scanning every figure is what made the list slow at scale."""
    latest = Observation.objects.filter(
        indicator=OuterRef("pk"), geography_code=geography_code
    ).order_by("-period_end")
    return indicators.annotate(
        latest_value=Subquery(latest.values("value")[:1]),
        latest_period=Subquery(latest.values("period")[:1]),
        latest_end=Subquery(latest.values("period_end")[:1]),
    )


class Figure(NamedTuple):
    """One observation as a summary shows it (plain values: a chart reads hundreds)."""

    period: str
    period_end: date
    value: float
    lower: float | None
    upper: float | None
    period_start: date


@dataclass
class IndicatorSummary:
    link: MissionIndicator
    indicator: Indicator
    observations: list[Figure]
    targets: list[Target]
    assessment: Assessment
    stale: bool
    area_name: str
    chart: charts.ChartWithData | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def latest(self) -> Figure | None:
        return self.observations[-1] if self.observations else None


def _baseline(link: MissionIndicator) -> Waypoint | None:
    if link.baseline_date is None or link.baseline_value is None:
        return None
    return Waypoint(link.baseline_date, link.baseline_value)


def mission_indicators(
    mission: Any,
    user: AnyUser,
    place: Place,
    *,
    headline_only: bool = False,
    public_only: bool = False,
) -> QuerySet[MissionIndicator]:
    links = MissionIndicator.objects.filter(mission=mission).select_related("indicator")
    if public_only:
        links = links.filter(indicator__visibility="public")
    else:
        links = links.filter(access.visible_q(user, place, "indicator__"))
    if headline_only:
        links = links.filter(headline=True)
    return links


def summarise(
    links: Iterable[MissionIndicator],
    place: Place,
    *,
    with_charts: bool = True,
    today: date | None = None,
) -> list[IndicatorSummary]:
    """Three queries in all: the targets, the figures and the area names."""
    link_list = list(links)
    if not link_list:
        return []
    targets: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(mission_indicator__in=link_list).order_by("due"):
        targets[target.mission_indicator_id].append(target)
    # The links' (indicator, area) pairs, as one condition per area: a place's links share a
    # few areas, and a condition per pair cost more to build than the query took to run.
    by_area: dict[str, set[int]] = defaultdict(set)
    for link in link_list:
        by_area[link.geography_code].add(link.indicator_id)
    pairs = Q()
    for code, indicator_ids in sorted(by_area.items()):
        pairs |= Q(geography_code=code, indicator_id__in=sorted(indicator_ids))
    series: dict[tuple[int, str], list[Figure]] = defaultdict(list)
    for indicator_id, code, *values in (
        Observation.objects.filter(pairs)
        .order_by("period_start")
        .values_list("indicator_id", "geography_code", *Figure._fields)
    ):
        series[(indicator_id, code)].append(Figure(*values))
    names = geography_names(place)
    today = today or timezone.localdate()
    summaries = []
    for link in link_list:
        indicator = link.indicator
        observations = series[(link.indicator_id, link.geography_code)]
        baseline = _baseline(link)
        goals = [Waypoint(t.due, t.value) for t in targets[link.pk]]
        latest = observations[-1] if observations else None
        assessment = assess(
            latest=Waypoint(latest.period_end, latest.value) if latest else None,
            baseline=baseline,
            targets=goals,
            higher_is_better=indicator.direction == Direction.HIGHER,
            stepped=link.trajectory == Trajectory.STEPPED,
            tolerance_percent=link.tolerance_percent,
        )
        summary = IndicatorSummary(
            link=link,
            indicator=indicator,
            observations=observations,
            targets=targets[link.pk],
            assessment=assessment,
            stale=indicator.data_is_stale(latest.period_end if latest else None, today),
            area_name=names.get(link.geography_code, link.geography_code),
        )
        if with_charts:
            summary.chart = trend_chart(summary)
        summaries.append(summary)
    return summaries


def trend_chart(summary: IndicatorSummary) -> charts.ChartWithData:
    link, indicator = summary.link, summary.indicator
    baseline = _baseline(link)
    goals = [Waypoint(t.due, t.value) for t in summary.targets]
    path = (
        trajectory_points(baseline, goals, link.trajectory == Trajectory.STEPPED)
        if baseline and goals
        else []
    )
    return charts.indicator_trend(
        f"chart-{link.pk}",
        title=f"{indicator.name}, {summary.area_name}",
        unit=indicator.unit,
        observations=[
            charts.DatedValue(o.period_end, o.value, o.period, o.lower, o.upper, o.period_start)
            for o in summary.observations
        ],
        baseline=charts.DatedValue(
            link.baseline_date,
            link.baseline_value,
            link.baseline_period,
            start=parse_period(link.baseline_period).start,
        )
        if baseline and link.baseline_date and link.baseline_value is not None
        else None,
        targets=[
            charts.DatedValue(t.due, t.value, t.period, start=parse_period(t.period).start)
            for t in summary.targets
        ],
        trajectory=[(p.when, p.value) for p in path],
        decimal_places=indicator.decimal_places,
    )


def area_codes(indicator: Indicator, limit: int = 200) -> list[str]:
    """The areas the indicator has figures for, in code order, up to ``limit``.

    A loose index scan: each step asks the (indicator, geography_code, period_end) index for
    the next code after the last one, so the cost follows the number of areas, not of figures
    (a DISTINCT would read every figure). Recursive queries work the same on SQLite and
    PostgreSQL."""
    table = Observation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH RECURSIVE codes(code) AS ("  # noqa: S608 - the table name is a constant
            f"  SELECT (SELECT MIN(geography_code) FROM {table} WHERE indicator_id = %s)"
            "  UNION ALL"
            f"  SELECT (SELECT MIN(geography_code) FROM {table}"
            "          WHERE indicator_id = %s AND geography_code > codes.code)"
            "  FROM codes WHERE codes.code IS NOT NULL"
            ") SELECT code FROM codes WHERE code IS NOT NULL LIMIT %s",
            [indicator.pk, indicator.pk, limit],
        )
        return [code for (code,) in cursor.fetchall()]


def indicator_series(indicator: Indicator, geography_code: str) -> list[Observation]:
    return list(
        indicator.observations.filter(geography_code=geography_code).order_by("period_start")
    )


def comparison(
    indicator: Indicator,
    place: Place,
    highlight_code: str,
    names: dict[str, str] | None = None,
) -> tuple[str, list[tuple[str, str, float]]]:
    """The latest period's figures for the place's own areas (the place and its authorities),
    so the comparison stays small however many areas the indicator holds."""
    names = geography_names(place) if names is None else names
    codes = list(names)
    if not codes:
        return "", []
    # The latest period end in each area: a backward probe of the (indicator, area, period end)
    # index each, all in one query, instead of reading every figure the indicator holds.
    ends = (
        Indicator.objects.filter(pk=indicator.pk)
        .annotate(
            **{
                f"area_{n}": Subquery(
                    Observation.objects.filter(indicator=OuterRef("pk"), geography_code=code)
                    .order_by("-period_end")
                    .values("period_end")[:1]
                )
                for n, code in enumerate(codes)
            }
        )
        .values_list(*[f"area_{n}" for n in range(len(codes))])
        .first()
    )
    latest = max((end for end in ends or () if end is not None), default=None)
    if latest is None:
        return "", []
    rows = list(
        indicator.observations.filter(geography_code__in=codes, period_end=latest).values_list(
            "geography_code", "period", "value"
        )
    )
    # Two kinds of period can end on the same day (a financial year and its last quarter):
    # compare like with like, in the kind most of the areas have.
    kinds = Counter(period for _, period, _ in rows)
    period = max(kinds, key=lambda p: (kinds[p], p))
    return period, sorted((code, names[code], value) for code, p, value in rows if p == period)


def stale_data_for_missions(
    missions: Sequence[Any], today: date | None = None
) -> dict[int, list[tuple[str, str]]]:
    """For each mission, the (indicator name, latest period) pairs whose data is out of date."""
    if not missions:
        return {}
    latest = Observation.objects.filter(
        indicator=OuterRef("indicator"), geography_code=OuterRef("geography_code")
    ).order_by("-period_end")
    links = (
        MissionIndicator.objects.filter(mission__in=list(missions))
        .select_related("indicator")
        .annotate(
            latest_end=Subquery(latest.values("period_end")[:1]),
            latest_period=Subquery(latest.values("period")[:1]),
        )
    )
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for link in links:
        if link.indicator.data_is_stale(link.latest_end, today):
            found[link.mission_id].append((link.indicator.name, link.latest_period))
    return found
