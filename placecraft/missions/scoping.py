"""Scoping candidate missions with the frameworks engine's *mission-scoping* framework.

Exercises about a mission (``subject_type="mission"``) are run in the frameworks app, as
workshops or as anonymous partner surveys. Here we read them back for the candidates:

- **side by side**: each rating prompt as a row, each candidate as a column, with the mean rating;
- **consensus**: how far apart the ratings are (the range), and how many there are;
- **who have we not heard from**: kinds of partner, and residents, with no input yet.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import mean

from django.db.models import F, Window
from django.db.models.functions import Lower, RowNumber

from placecraft.frameworks.models import Answer, Exercise, Prompt, SurveyTeam
from placecraft.missions.access import visible_missions
from placecraft.missions.models import Mission, MissionStatus
from placecraft.places import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Organisation, OrganisationKind, Place

FRAMEWORK = "mission-scoping"
RESIDENTS = "residents"


@dataclass(frozen=True)
class Cell:
    ratings: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.ratings)

    @property
    def average(self) -> float | None:
        return round(mean(self.ratings), 1) if self.ratings else None

    @property
    def spread(self) -> int | None:
        return max(self.ratings) - min(self.ratings) if self.ratings else None

    @property
    def consensus(self) -> str:
        if self.count < 2:
            return "Too few ratings"
        assert self.spread is not None
        if self.spread <= 1:
            return "Agreement"
        if self.spread == 2:
            return "Some difference"
        return "Views differ"


@dataclass
class Row:
    slug: str
    text: str
    cells: list[Cell]


@dataclass
class Gap:
    kind: str
    label: str
    examples: list[str] = field(default_factory=list)


@dataclass
class Scoping:
    missions: list[Mission]
    rows: list[Row]
    totals: list[float | None]
    exercises: dict[int, list[Exercise]]
    heard_from: list[str]
    gaps: list[Gap]


def scoping(user: AnyUser, place: Place) -> Scoping:
    missions = list(
        visible_missions(user, place)
        .filter(status__in=[MissionStatus.CANDIDATE, MissionStatus.SCOPING])
        .select_related("organisation")
        .order_by("title")
    )
    ids = [m.pk for m in missions]
    exercises = list(
        access.visible(Exercise.objects.all(), user, place)
        .filter(version__framework__slug=FRAMEWORK, subject_type="mission", subject_id__in=ids)
        .select_related("organisation")
    )
    by_mission: dict[int, list[Exercise]] = defaultdict(list)
    for exercise in exercises:
        by_mission[exercise.subject_id or 0].append(exercise)
    ratings: dict[tuple[str, int], list[int]] = defaultdict(list)
    for mission_id, slug, rating in Answer.objects.filter(
        response__exercise__in=exercises, prompt__kind="rating", rating__isnull=False
    ).values_list("response__exercise__subject_id", "prompt__slug", "rating"):
        if rating is not None and mission_id is not None:
            ratings[(slug, mission_id)].append(rating)
    # Prompts keep their slugs across versions and adaptations, so one row per slug, in the
    # order of the shipped framework.
    prompts: dict[str, str] = {}
    for slug, text in (
        Prompt.objects.filter(
            version__framework__slug=FRAMEWORK, version__organisation=None, kind="rating"
        )
        .order_by("-version__number", "position")
        .values_list("slug", "text")
    ):
        prompts.setdefault(slug, " ".join(text.split()))
    rows = [
        Row(slug, text, [Cell(tuple(ratings.get((slug, m.pk), []))) for m in missions])
        for slug, text in prompts.items()
    ]
    totals: list[float | None] = []
    for i in range(len(missions)):
        averages = [a for r in rows if (a := r.cells[i].average) is not None]
        totals.append(round(mean(averages), 1) if averages else None)
    heard, gaps = _coverage(place, exercises)
    return Scoping(missions, rows, totals, dict(by_mission), heard, gaps)


def _coverage(place: Place, exercises: list[Exercise]) -> tuple[list[str], list[Gap]]:
    """Kinds of partner (and residents) that have given input: the organisations that ran a
    scoping exercise, and survey teams named after an organisation or a kind of partner."""
    labels = {value: str(label) for value, label in OrganisationKind.choices}
    labels[RESIDENTS] = "Residents"
    # A place has thousands of organisations: read only those a survey team is named after,
    # and three examples of each kind, not all of them.
    teams = [
        team.strip().lower()
        for team in SurveyTeam.objects.filter(exercise__in=exercises).values_list(
            "label", flat=True
        )
    ]
    by_name = dict(
        Organisation.objects.filter(place=place)
        .annotate(lower_name=Lower("name"))
        .filter(lower_name__in=set(teams))
        .values_list("lower_name", "kind")
    )
    heard = {e.organisation.kind for e in exercises}
    for name in teams:
        if name in by_name:
            heard.add(by_name[name])
        for kind, label in labels.items():
            if name in (kind, label.lower()) or (kind == RESIDENTS and "resident" in name):
                heard.add(kind)
    examples: dict[str, list[str]] = defaultdict(list)
    for kind, name in (
        Organisation.objects.filter(place=place)
        .exclude(kind__in=heard)
        .annotate(rank=Window(RowNumber(), partition_by=F("kind"), order_by=[F("name"), F("pk")]))
        .filter(rank__lte=3)
        .order_by("kind", "name", "pk")
        .values_list("kind", "name")
    ):
        examples[kind].append(name)
    gaps = [
        Gap(kind, label, examples.get(kind, []))
        for kind, label in labels.items()
        if kind not in heard
    ]
    return sorted(labels[k] for k in heard if k in labels), gaps
