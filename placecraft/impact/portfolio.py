"""The portfolio: every mission a leader may see, with its status and the signals that need
attention, read in a fixed number of queries however many missions there are.

Each signal is one aggregate query over all the missions shown (grouped by mission in SQL),
never one query per mission.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from placecraft.evidence import selectors
from placecraft.evidence.models import MissionIndicator
from placecraft.frameworks import access as fw_access
from placecraft.frameworks import results as fw_results
from placecraft.frameworks.models import Exercise
from placecraft.impact import journey as journey_mod
from placecraft.impact.models import Risk, RiskStatus
from placecraft.impact.services import SHIFTING
from placecraft.missions import access as mission_access
from placecraft.missions.models import Mission, ProgressUpdate, ReferenceOutcome
from placecraft.partners.models import Commitment, CommitmentStatus
from placecraft.places import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Organisation, Place
from placecraft.sprints import access as sprints_access
from placecraft.sprints.models import Sprint


@dataclass
class IndicatorLine:
    name: str
    latest: str
    unit: str
    status_label: str
    status_colour: str
    trend: str  # "rising", "falling", "steady" or "" when there is only one figure
    stale: bool


@dataclass
class MissionRow:
    mission: Mission
    latest_status: str
    latest_status_label: str
    latest_period: str
    update_overdue: bool
    indicators: list[IndicatorLine] = field(default_factory=list)
    stale_data: list[tuple[str, str]] = field(default_factory=list)
    sprints_running: int = 0
    commitments: dict[str, int] = field(default_factory=dict)
    risks_to_review: int = 0

    @property
    def commitment_list(self) -> list[tuple[str, int]]:
        labels = dict(CommitmentStatus.choices)
        return [(str(labels.get(k, k)).lower(), n) for k, n in sorted(self.commitments.items())]

    @property
    def attention(self) -> int:
        """How many signals need a leader's attention, for sorting."""
        return (
            int(self.update_overdue)
            + len(self.stale_data)
            + self.risks_to_review
            + self.commitments.get(CommitmentStatus.AT_RISK, 0)
        )


@dataclass
class Portfolio:
    rows: list[MissionRow]
    organisations: list[Organisation]
    outcomes: list[ReferenceOutcome]
    commitment_states: list[tuple[str, str]]
    commitment_totals: dict[str, int]
    organisation_risks_to_review: int
    mindset: dict[str, Any] | None
    self_assessment: dict[str, Any] | None

    @property
    def commitment_rows(self) -> list[tuple[str, int]]:
        return [
            (label, self.commitment_totals.get(value, 0)) for value, label in self.commitment_states
        ]

    @property
    def totals(self) -> dict[str, int]:
        return {
            "missions": len(self.rows),
            "updates_overdue": sum(1 for r in self.rows if r.update_overdue),
            "stale_data": sum(1 for r in self.rows if r.stale_data),
            "sprints_running": sum(r.sprints_running for r in self.rows),
            "risks_to_review": sum(r.risks_to_review for r in self.rows)
            + self.organisation_risks_to_review,
        }


_UPDATE_LABELS = dict(ProgressUpdate._meta.get_field("status").choices or [])


def missions_for(
    user: AnyUser, place: Place, *, organisation: str = "", outcome: str = ""
) -> QuerySet[Mission]:
    missions = mission_access.visible_missions(user, place)
    if organisation:
        missions = missions.filter(organisation__slug=organisation)
    if outcome:
        missions = missions.filter(reference_outcomes__slug=outcome)
    latest = ProgressUpdate.objects.filter(mission=OuterRef("pk")).order_by("-published_at", "-id")
    return (
        missions.select_related("organisation")
        .annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_period=Subquery(latest.values("period_label")[:1]),
        )
        .prefetch_related(Prefetch("reference_outcomes", queryset=ReferenceOutcome.objects.all()))
        .order_by("title")
        .distinct()
    )


def _per_mission(rows: Any) -> dict[int, int]:
    return {row["mission_id"]: row["n"] for row in rows}


def build(
    user: AnyUser,
    place: Place,
    *,
    organisation: str = "",
    outcome: str = "",
    today: date | None = None,
    with_headlines: bool = True,
) -> Portfolio:
    today = today or timezone.localdate()
    missions = list(missions_for(user, place, organisation=organisation, outcome=outcome))
    ids = [m.pk for m in missions]

    links = (
        MissionIndicator.objects.filter(mission_id__in=ids, headline=True)
        .filter(access.visible_q(user, place, "indicator__"))
        .select_related("indicator")
    )
    indicators: dict[int, list[IndicatorLine]] = defaultdict(list)
    for summary in selectors.summarise(links, place, with_charts=False, today=today):
        obs = summary.observations
        trend = ""
        if len(obs) >= 2:
            trend = (
                "rising"
                if obs[-1].value > obs[-2].value
                else "falling"
                if obs[-1].value < obs[-2].value
                else "steady"
            )
        status = summary.assessment.status
        indicators[summary.link.mission_id].append(
            IndicatorLine(
                summary.indicator.name,
                summary.indicator.format(obs[-1].value if obs else None),
                summary.indicator.unit,
                status.label,
                status.colour,
                trend,
                summary.stale,
            )
        )
    stale = selectors.stale_data_for_missions(missions, today)
    running = _per_mission(
        Sprint.objects.filter(mission_id__in=ids, start_date__lte=today, end_date__gte=today)
        .filter(sprints_access.sprint_q(user, place))
        .values("mission_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    commitments: dict[int, dict[str, int]] = defaultdict(dict)
    totals: dict[str, int] = defaultdict(int)
    for row in (
        access.visible(Commitment.objects.filter(mission_id__in=ids), user, place)
        .values("mission_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        commitments[row["mission_id"]][row["status"]] = row["n"]
        totals[row["status"]] += row["n"]
    overdue_risks = access.visible(Risk.objects.all(), user, place).filter(
        status=RiskStatus.OPEN, review_date__lt=today
    )
    risks = _per_mission(
        overdue_risks.filter(mission_id__in=ids)
        .values("mission_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    org_risks = overdue_risks.filter(mission__isnull=True)
    if organisation:
        org_risks = org_risks.filter(organisation__slug=organisation)

    rows = [
        MissionRow(
            mission=m,
            latest_status=m.latest_status or "",  # type: ignore[attr-defined]
            latest_status_label=_UPDATE_LABELS.get(m.latest_status, "No update yet"),  # type: ignore[attr-defined]
            latest_period=m.latest_period or "",  # type: ignore[attr-defined]
            update_overdue=m.is_stale(today),
            indicators=indicators.get(m.pk, []),
            stale_data=stale.get(m.pk, []),
            sprints_running=running.get(m.pk, 0),
            commitments=commitments.get(m.pk, {}),
            risks_to_review=risks.get(m.pk, 0),
        )
        for m in missions
    ]
    return Portfolio(
        rows=rows,
        organisations=list(
            Organisation.objects.filter(place=place, missions__isnull=False)
            .distinct()
            .order_by("name")
        ),
        outcomes=list(ReferenceOutcome.objects.filter(missions__place=place).distinct()),
        commitment_states=list(CommitmentStatus.choices),
        commitment_totals=dict(totals),
        organisation_risks_to_review=org_risks.count(),
        mindset=_mindset(user, place, organisation) if with_headlines else None,
        self_assessment=_self_assessment(user, place, organisation) if with_headlines else None,
    )


def _latest(user: AnyUser, place: Place, framework: str, organisation: str) -> Exercise | None:
    exercises = fw_access.visible_exercises(user, place).filter(version__framework__slug=framework)
    if organisation:
        exercises = exercises.filter(organisation__slug=organisation)
    return (
        exercises.select_related("version", "organisation")
        .order_by("-round_date", "-created_at")
        .first()
    )


def _mindset(user: AnyUser, place: Place, organisation: str) -> dict[str, Any] | None:
    """The latest missions mindset survey's averages by area (shown only if reportable)."""
    exercise = _latest(user, place, "missions-mindset", organisation)
    if exercise is None:
        return None
    result = fw_results.results(exercise)
    names = [s.title for s in result.rated_sections]
    means = {s.section.slug: s.mean for s in result.overall.sections}
    values = [means.get(s.slug) for s in result.rated_sections]
    return {
        "exercise": exercise,
        "reportable": result.overall.reportable,
        "responses": result.overall.responses,
        "areas": list(zip(names, values, strict=True)),
        "sentence": fw_results.summary_sentence(names, values) if result.overall.reportable else "",
    }


def _self_assessment(user: AnyUser, place: Place, organisation: str) -> dict[str, Any] | None:
    exercise = _latest(user, place, SHIFTING, organisation)
    if exercise is None:
        return None
    j = journey_mod.build(user, place, exercise.organisation)
    lead, staff = j.latest_leadership, j.latest_staff
    widest = max(
        (g for g in j.gaps if g.gap is not None), key=lambda g: abs(g.gap or 0), default=None
    )
    return {
        "organisation": exercise.organisation,
        "leadership_now": j.stage_name(lead.mean("current")) if lead else "",
        "leadership_aim": j.stage_name(lead.mean("target")) if lead else "",
        "staff_now": j.stage_name(staff.mean("current")) if staff else "",
        "staff_withheld": j.staff_withheld is not None,
        "widest_gap": widest,
        "rounds": len(j.rounds),
        "actions_open": sum(a.open for a in j.actions),
        "actions_done": sum(a.done for a in j.actions),
    }
