"""Who has taken part, by area and (where given) demographic group, against the place's population:
the community side's "who haven't we heard from"."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count

from placecraft.community.models import Feedback, FeedbackStatus, Idea
from placecraft.panels.charts import Group, share_bars
from placecraft.panels.models import Panel, PopulationFigure
from placecraft.places import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Place

# The test for "heard from enough", stated on the page: a group has been heard from enough when
# its share of the people who took part is at least RATIO times its share of the population (the
# four-fifths rule used to judge whether selection treats a group fairly). Below MIN_RESPONSES
# people answering a question, the shares move too much with each person to judge, so the page
# says there are too few responses to tell.
RATIO = 0.8
MIN_RESPONSES = 30


class Heard:
    ENOUGH = "enough"
    TOO_LITTLE = "too little"
    TOO_FEW_RESPONSES = "too few responses"
    NO_FIGURE = "no figure"


def heard(count: int, total: int, population_share: float | None) -> tuple[str, float | None]:
    """Whether a group of ``count`` among ``total`` people who answered has been heard from
    enough against its ``population_share`` (a percentage), and the ratio of the two shares."""
    if population_share is None or population_share <= 0:
        return Heard.NO_FIGURE, None
    ratio = (100 * count / total) / population_share if total else 0.0
    if total < MIN_RESPONSES:
        return Heard.TOO_FEW_RESPONSES, ratio if total else None
    return (Heard.ENOUGH if ratio >= RATIO else Heard.TOO_LITTLE), ratio


def representation(user: AnyUser, place: Place) -> dict[str, Any]:
    population: dict[str, dict[str, float]] = {}
    for figure in PopulationFigure.objects.filter(place=place):
        population.setdefault(figure.feature, {})[figure.value] = float(figure.share)

    # Counted in the database: a row per area, and a row per panel, never a row per person.
    areas: Counter[str] = Counter()
    for area, n in (
        Idea.objects.filter(process__place=place)
        .filter(access.visible_q(user, place, "process__"))
        .exclude(area="")
        .order_by()
        .values("area")
        .annotate(n=Count("*"))  # not of ids: everything this reads is in the area index
        .values_list("area", "n")
    ):
        areas[area] += n
    for area, n in (
        Feedback.objects.filter(update__mission__place=place, status=FeedbackStatus.PUBLISHED)
        .exclude(area="")
        .order_by()
        .values("area")
        .annotate(n=Count("pk"))
        .values_list("area", "n")
    ):
        areas[area] += n
    by_feature: dict[str, Counter[str]] = {}
    if areas:
        by_feature["area"] = areas
    # From each panel's published make-up (a row per panel): the pool as it was when it last
    # reached a multiple of ten people, so one volunteer's answers never show here either.
    panels = Panel.objects.filter(place=place).filter(access.visible_q(user, place))
    for makeup in panels.values_list("published_makeup", flat=True):
        for feature, values in makeup.items():
            for value, n in values.items():
                by_feature.setdefault(feature, Counter())[value] += n

    groups: list[Group] = []
    table: list[dict[str, Any]] = []
    unheard: list[str] = []
    for feature in sorted(set(by_feature) | set(population), key=str.casefold):
        counts = by_feature.get(feature, Counter())
        pop = population.get(feature, {})
        total = sum(counts.values())
        for value in sorted(set(counts) | set(pop), key=str.casefold):
            took_part = 100 * counts[value] / total if total else 0.0
            share = pop.get(value)
            groups.append(Group(feature, value, (took_part if total else None, share)))
            verdict, ratio = heard(counts[value], total, share)
            table.append(
                {
                    "feature": feature,
                    "value": value,
                    "count": counts[value],
                    "total": total,
                    "share": took_part if total else None,
                    "population": share,
                    "ratio": ratio,
                    "heard": verdict,
                }
            )
            if verdict == Heard.TOO_LITTLE:
                unheard.append(f"{feature}: {value}")
    chart = (
        share_bars(
            "representation",
            ["People who took part", "Population"],
            groups,
            title=f"Who has taken part in {place.name}, against the population",
            description="For each group, its share of the people who took part and of the "
            "population. The table below gives the same figures.",
        )
        if groups
        else None
    )
    return {
        "chart": chart,
        "table": table,
        "unheard": unheard,
        "has_population": bool(population),
        "ratio": RATIO,
        "min_responses": MIN_RESPONSES,
    }
