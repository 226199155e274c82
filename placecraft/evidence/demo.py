"""Demo indicators for Wyvern Valley: several years of clearly illustrative figures for the
place and its three councils, linked to the demo missions with baselines, targets and
trajectories. None of these figures is real."""

from __future__ import annotations

from django.utils import timezone

from placecraft.core.demo import DemoContext
from placecraft.core.models import Visibility
from placecraft.evidence import catalogue
from placecraft.evidence.models import Indicator, MissionIndicator, Observation, Target, Trajectory
from placecraft.evidence.periods import parse_period

PLACE, ASHBY, BRACKFORD, CALDER = "E47999001", "E06999001", "E08999002", "E07999003"

# key → owner, visibility, {area: (value in 2015, change per year)}, years to skip
SERIES = {
    "healthy-life-expectancy-female": (
        "wyvern-valley-combined-authority",
        Visibility.PUBLIC,
        {PLACE: (59.2, 0.18), ASHBY: (61.0, 0.15), BRACKFORD: (55.1, 0.12), CALDER: (64.3, 0.2)},
        (),
    ),
    "school-readiness": (
        "ashby-moor-council",
        Visibility.PUBLIC,
        {ASHBY: (63.5, 1.1), PLACE: (64.0, 0.7), BRACKFORD: (61.2, 0.5), CALDER: (69.0, 0.6)},
        (2020, 2021),
    ),
    "children-low-income-families": (
        "ashby-moor-council",
        Visibility.PARTNERS,
        {ASHBY: (21.0, 0.3), PLACE: (22.5, 0.35), BRACKFORD: (27.0, 0.4), CALDER: (13.0, 0.2)},
        (),
    ),
    "fuel-poverty": (
        "brackford-city-council",
        Visibility.PUBLIC,
        {BRACKFORD: (14.0, 0.35), PLACE: (13.1, 0.25), ASHBY: (12.4, 0.2), CALDER: (11.0, 0.15)},
        (),
    ),
    "emissions-per-person": (
        "brackford-city-council",
        Visibility.PUBLIC,
        {BRACKFORD: (5.9, -0.17), PLACE: (6.4, -0.16), ASHBY: (6.8, -0.15), CALDER: (7.9, -0.2)},
        (),
    ),
}

# mission slug → [(indicator key, area, headline, baseline period, targets, trajectory)]
LINKS = {
    "healthier-fairer-valley": [
        (
            "healthy-life-expectancy-female",
            PLACE,
            True,
            "2019",
            [("2035", 63.0)],
            Trajectory.LINEAR,
        ),
    ],
    "every-child-ready-for-school": [
        (
            "school-readiness",
            ASHBY,
            True,
            "2019",
            [("2025", 71.0), ("2030", 75.0)],
            Trajectory.STEPPED,
        ),
        ("children-low-income-families", ASHBY, True, "2019", [("2030", 16.0)], Trajectory.LINEAR),
    ],
    "warm-homes-clean-air": [
        ("fuel-poverty", BRACKFORD, True, "2019", [("2032", 5.0)], Trajectory.LINEAR),
        ("emissions-per-person", BRACKFORD, True, "2019", [("2032", 2.6)], Trajectory.LINEAR),
    ],
}


def _value(start: float, step: float, year: int, area: str) -> float:
    # A gentle trend with a repeatable wobble, so the charts look like data without being data.
    wobble = ((year * 7 + sum(map(ord, area))) % 5 - 2) * abs(step) * 0.4
    return round(start + step * (year - 2015) + wobble, 2)


def seed_evidence(ctx: DemoContext) -> None:
    # Figures up to last year, so the demo's data is current whenever it is seeded.
    years = range(2015, timezone.localdate().year)
    indicators: dict[str, Indicator] = {}
    for key, (owner, visibility, areas, skip) in SERIES.items():
        entry = catalogue.entry(key)
        assert entry is not None, key
        indicator, _ = Indicator.objects.update_or_create(
            place=ctx.place,
            slug=key,
            defaults={
                "organisation": ctx.organisations[owner],
                "visibility": visibility,
                "name": entry.name,
                "definition": entry.definition,
                "unit": entry.unit,
                "direction": entry.direction,
                "source": entry.source + " (demo figures are made up)",
                "source_url": entry.source_url,
                "geography_level": entry.geography_level,
                "frequency": "annual",
                "category": entry.category,
                "decimal_places": entry.decimal_places,
                "catalogue_key": key,
            },
        )
        for area, (start, step) in areas.items():
            for year in years:
                if year in skip:
                    continue
                period = parse_period(str(year))
                Observation.objects.update_or_create(
                    indicator=indicator,
                    geography_code=area,
                    period=period.code,
                    defaults={
                        "period_start": period.start,
                        "period_end": period.end,
                        "value": _value(start, step, year, area),
                    },
                )
        indicators[key] = indicator
    missions = ctx.extra.get("missions", {})
    for mission_slug, links in LINKS.items():
        mission = missions.get(mission_slug)
        if mission is None:
            continue
        for order, (key, area, headline, baseline, targets, trajectory) in enumerate(links):
            indicator = indicators[key]
            base = parse_period(baseline)
            base_value = Observation.objects.get(
                indicator=indicator, geography_code=area, period=base.code
            ).value
            link, _ = MissionIndicator.objects.update_or_create(
                mission=mission,
                indicator=indicator,
                geography_code=area,
                defaults={
                    "headline": headline,
                    "baseline_period": base.code,
                    "baseline_date": base.end,
                    "baseline_value": base_value,
                    "trajectory": trajectory,
                    "order": order,
                },
            )
            link.targets.all().delete()
            for code, value in targets:
                period = parse_period(code)
                Target.objects.create(
                    mission_indicator=link, period=period.code, due=period.end, value=value
                )
    ctx.extra["indicators"] = indicators
