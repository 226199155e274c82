"""An organisation's journey through the *shifting towards impact* self-assessment: the stage
now and the stage aimed for, feature by feature, round by round; leadership's view (workshops)
beside staff's view (surveys); and the actions agreed for each shift.

Survey figures follow the frameworks engine's rule: a team (or the respondents without a team)
counts only when it has at least ``MIN_GROUP`` responses, and then only with its first 5, 10,
15… responses, so one more response cannot be picked out; a survey's view is shown only when the
counted responses reach ``MIN_GROUP`` too. Everything here runs a fixed number of queries,
however many rounds, teams or responses there are.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q
from django.utils.safestring import SafeString

from placecraft.core import charts
from placecraft.frameworks import access as fw_access
from placecraft.frameworks import schema
from placecraft.frameworks.models import Action, ActionStatus, Answer, Exercise, Response
from placecraft.frameworks.results import MIN_GROUP, count_responses, included, stepped
from placecraft.impact.services import SHIFTING
from placecraft.places.access import AnyUser
from placecraft.places.models import Organisation, Place

LEADERSHIP = "Leadership"
STAFF = "Staff"


@dataclass(frozen=True)
class Feature:
    slug: str
    title: str


@dataclass
class Round:
    exercise: Exercise
    view: str  # LEADERSHIP (a workshop) or STAFF (a survey)
    responses: int  # responses counted (in groups of MIN_GROUP or more for a survey)
    withheld: int
    reportable: bool
    current: dict[str, float] = field(default_factory=dict)  # feature → stage number (1…n)
    target: dict[str, float] = field(default_factory=dict)

    @property
    def label(self) -> str:
        name = self.exercise.round_label or self.exercise.round_date or self.exercise.pk
        return f"{name} ({self.view.lower()})"

    def mean(self, which: str) -> float | None:
        values = list(getattr(self, which).values())
        return sum(values) / len(values) if values else None


@dataclass
class FeatureGap:
    feature: Feature
    leadership: float | None
    staff: float | None

    @property
    def gap(self) -> float | None:
        if self.leadership is None or self.staff is None:
            return None
        return self.leadership - self.staff


@dataclass
class FeatureActions:
    feature: Feature | None
    actions: list[Action]

    @property
    def done(self) -> int:
        return sum(1 for a in self.actions if a.status == ActionStatus.DONE)

    @property
    def open(self) -> int:
        return sum(1 for a in self.actions if a.is_open)

    @property
    def percent_done(self) -> int:
        counted = [a for a in self.actions if a.status != ActionStatus.DROPPED]
        return round(100 * self.done / len(counted)) if counted else 0


@dataclass
class Journey:
    organisation: Organisation
    framework: schema.Framework | None
    features: list[Feature]
    stages: list[schema.Stage]
    rounds: list[Round]
    gaps: list[FeatureGap]
    latest_leadership: Round | None
    latest_staff: Round | None
    staff_withheld: Round | None  # the latest survey, when it is too small to show
    actions: list[FeatureActions]
    extra: dict[str, Any] = field(default_factory=dict)

    def stage_name(self, value: float | None) -> str:
        if value is None:
            return "–"
        index = min(len(self.stages), max(1, round(value))) - 1
        return self.stages[index].title


def shifting_exercises(user: AnyUser, place: Place, organisation: Organisation) -> list[Exercise]:
    return list(
        fw_access.visible_exercises(user, place)
        .filter(organisation=organisation, version__framework__slug=SHIFTING)
        .select_related("version")
        .order_by("round_date", "created_at")
    )


def build(
    user: AnyUser,
    place: Place,
    organisation: Organisation,
    exercises: list[Exercise] | None = None,
) -> Journey:
    """Four queries: the exercises (unless the caller has read them: the organisation's
    self-assessments the person may see, oldest first, with their versions), the response
    counts, the stage tallies, and the actions."""
    if exercises is None:
        exercises = shifting_exercises(user, place, organisation)
    if not exercises:
        return Journey(organisation, None, [], [], [], [], None, None, None, [])
    framework = exercises[-1].version.content
    section_of = {p.slug: s.title for s in framework.sections for p in s.prompts}
    features = [Feature(p.slug, section_of[p.slug]) for p in framework.prompts if p.kind == "stage"]
    stage_number = {s.slug: i for i, s in enumerate(framework.stages, start=1)}
    ids = [e.pk for e in exercises]

    # Responses per team, then the answers per stage that the figures include: every answer of
    # a workshop; for a survey, the frameworks engine's step rule (a team's first 5, 10, 15…
    # responses), so one more response changes nothing that is shown.
    survey_ids = {e.pk for e in exercises if e.is_survey}
    counts, last = count_responses(Response.objects.filter(exercise_id__in=ids))
    survey_last = {key: n for key, n in last.items() if key[0] in survey_ids}
    tallies = (
        Answer.objects.filter(
            Q(response__exercise_id__in=set(ids) - survey_ids)
            | included(survey_last, "response__"),
            response__exercise_id__in=ids,
            prompt__kind="stage",
        )
        .values(
            "response__exercise_id",
            slug=F("prompt__slug"),
            now=F("current_stage"),
            aim=F("target_stage"),
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    current: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    target: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for row in tallies:
        eid = row["response__exercise_id"]
        if row["now"]:
            current[eid, row["slug"]][row["now"]] += row["n"]
        if row["aim"]:
            target[eid, row["slug"]][row["aim"]] += row["n"]

    def average(counter: Counter[str]) -> float | None:
        known = {k: n for k, n in counter.items() if k in stage_number}
        total = sum(known.values())
        if not total:
            return None
        return sum(stage_number[k] * n for k, n in known.items()) / total

    rounds = []
    for exercise in exercises:
        groups = {g: n for (eid, g), n in counts.items() if eid == exercise.pk}
        if exercise.is_survey:
            shown = sum(stepped(n) for n in groups.values())
            withheld = sum(n for n in groups.values() if not stepped(n))
            reportable = shown >= MIN_GROUP
        else:
            shown, withheld, reportable = sum(groups.values()), 0, True
        r = Round(
            exercise,
            STAFF if exercise.is_survey else LEADERSHIP,
            shown,
            withheld,
            reportable,
        )
        if reportable:
            for feature in features:
                now = average(current[exercise.pk, feature.slug])
                aim = average(target[exercise.pk, feature.slug])
                if now is not None:
                    r.current[feature.slug] = now
                if aim is not None:
                    r.target[feature.slug] = aim
        rounds.append(r)

    leadership = [r for r in rounds if r.view == LEADERSHIP and r.current]
    staff_all = [r for r in rounds if r.view == STAFF]
    staff = [r for r in staff_all if r.reportable and r.current]
    latest_leadership = leadership[-1] if leadership else None
    latest_staff = staff[-1] if staff else None
    staff_withheld = staff_all[-1] if staff_all and not staff_all[-1].reportable else None
    gaps = [
        FeatureGap(
            f,
            latest_leadership.current.get(f.slug) if latest_leadership else None,
            latest_staff.current.get(f.slug) if latest_staff else None,
        )
        for f in features
    ]

    by_feature: dict[str | None, list[Action]] = defaultdict(list)
    feature_of_section = {s.slug: s.prompts[0].slug for s in framework.sections if s.prompts}
    for action in (
        Action.objects.filter(exercise_id__in=ids)
        .select_related("prompt", "owner")
        .order_by("due_date", "pk")
    ):
        section = action.prompt.section if action.prompt else None
        by_feature[feature_of_section.get(section or "")].append(action)
    actions = [FeatureActions(f, by_feature[f.slug]) for f in features if by_feature.get(f.slug)]
    if by_feature.get(None):
        actions.append(FeatureActions(None, by_feature[None]))

    return Journey(
        organisation,
        framework,
        features,
        list(framework.stages),
        rounds,
        gaps,
        latest_leadership,
        latest_staff,
        staff_withheld,
        actions,
    )


def _short(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".rstrip("0").rstrip(".")


def heatmap(journey: Journey) -> SafeString | None:
    """Features down the side, rounds across; each cell "now → aim", shaded by the stage now."""
    shown = [r for r in journey.rounds if r.current]
    if not shown or not journey.features:
        return None
    top = len(journey.stages) or 1
    cells = []
    for feature in journey.features:
        row = []
        for r in shown:
            now, aim = r.current.get(feature.slug), r.target.get(feature.slug)
            row.append(
                charts.Cell(
                    (now or 0) / top,
                    f"{_short(now)} → {_short(aim)}" if now is not None else "",
                )
            )
        cells.append(row)
    key = ", ".join(f"{i} {s.title}" for i, s in enumerate(journey.stages, start=1))
    return charts.heatmap(
        "journey-heatmap",
        [f.title for f in journey.features],
        [r.label for r in shown],
        cells,
        title="Stage now and stage aimed for, by feature and round",
        description=f"Each cell shows the stage now, then the stage aimed for ({key}); darker "
        "cells are further along. Survey figures are averages of the responses.",
    )


def timeline(journey: Journey) -> tuple[SafeString | None, list[tuple[str, ...]]]:
    """The average stage across features, now and aimed for, for each view over the rounds."""
    shown = [r for r in journey.rounds if r.current]
    if not shown:
        return None, []
    labels: list[str] = []
    for r in shown:
        label = r.exercise.round_label or str(r.exercise.round_date or "")
        if label not in labels:
            labels.append(label)
    series = []
    for view in (LEADERSHIP, STAFF):
        for which, name in (("current", "now"), ("target", "aim")):
            values: list[float | None] = []
            for label in labels:
                match = [
                    r
                    for r in shown
                    if r.view == view
                    and (r.exercise.round_label or str(r.exercise.round_date or "")) == label
                ]
                values.append(match[-1].mean(which) if match else None)
            if any(v is not None for v in values):
                series.append(charts.Series(f"{view}: {name}", values))
    svg = charts.trend(
        "journey-timeline",
        labels,
        series,
        1,
        max(len(journey.stages), 2),
        title="Average stage across all features, by round",
        description="Lines for the stage now and the stage aimed for, as leadership and as staff "
        "see it, averaged across every feature (1 is the first stage).",
    )
    rows = [(s.name, *[_short(v) for v in s.values]) for s in series]
    return svg, [("View", *labels), *rows]


def feature_rows(journey: Journey) -> list[dict[str, Any]]:
    """The heatmap's figures as table rows, with stage names rather than numbers."""
    shown = [r for r in journey.rounds if r.current]
    rows = []
    for feature in journey.features:
        cells = []
        for r in shown:
            now, aim = r.current.get(feature.slug), r.target.get(feature.slug)
            text = (
                f"{journey.stage_name(now)} ({_short(now)}) → "
                f"{journey.stage_name(aim)} ({_short(aim)})"
            )
            cells.append(text if now is not None else "–")
        rows.append({"feature": feature, "cells": cells})
    return rows


def gap_rows(journey: Journey) -> list[dict[str, str]]:
    return [
        {
            "title": g.feature.title,
            "leadership": f"{journey.stage_name(g.leadership)} ({_short(g.leadership)})",
            "staff": f"{journey.stage_name(g.staff)} ({_short(g.staff)})",
            "gap": "–" if g.gap is None else ("0.0" if abs(g.gap) < 0.05 else f"{g.gap:+.1f}"),
        }
        for g in journey.gaps
    ]
