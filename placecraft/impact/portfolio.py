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

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from placecraft.core import listing
from placecraft.evidence.models import (
    Direction,
    MissionIndicator,
    Observation,
    Target,
    Trajectory,
    data_is_stale,
    format_value,
)
from placecraft.evidence.progress import Waypoint, assess
from placecraft.frameworks import access as fw_access
from placecraft.frameworks import results as fw_results
from placecraft.frameworks.models import Exercise
from placecraft.impact import journey as journey_mod
from placecraft.impact.models import Risk, RiskStatus
from placecraft.impact.services import SHIFTING
from placecraft.missions import access as mission_access
from placecraft.missions.models import Mission, ProgressUpdate, ReferenceOutcome
from placecraft.partners import access as partners_access
from placecraft.partners.models import CommitmentStatus
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

    @property
    def text(self) -> str:
        """The line as the portfolio table and the board pack say it."""
        trend = f", {self.trend}" if self.trend else ""
        stale = " (data out of date)" if self.stale else ""
        return f"{self.name}: {self.latest} {self.unit}{trend} – {self.status_label.lower()}{stale}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@dataclass
class MissionRow:
    mission: Mission
    url: str
    latest_status: str
    latest_status_label: str
    latest_period: str
    update_overdue: bool
    indicators: list[IndicatorLine] = field(default_factory=list)
    stale_data: list[str] = field(default_factory=list)  # indicators whose data is old
    sprints_running: int = 0
    commitments: dict[str, int] = field(default_factory=dict)
    risks_to_review: int = 0

    @property
    def commitment_list(self) -> list[tuple[str, int]]:
        labels = dict(CommitmentStatus.choices)
        return [(str(labels.get(k, k)).lower(), n) for k, n in sorted(self.commitments.items())]

    @property
    def flags(self) -> list[str]:
        """What the table says needs attention, as plain phrases (written here rather than in
        the template, where the counting and plurals were a third of the page's rendering)."""
        flags = []
        if self.stale_data:
            flags.append(f"{_count(len(self.stale_data), 'indicator')} with old data")
        if self.risks_to_review:
            flags.append(f"{_count(self.risks_to_review, 'risk')} to review")
        if self.sprints_running:
            flags.append(f"{_count(self.sprints_running, 'sprint')} running")
        flags.extend(f"{_count(n, 'commitment')} {state}" for state, n in self.commitment_list)
        return flags


@dataclass
class Portfolio:
    rows: list[MissionRow]
    page: Page[MissionRow]  # the rows whose headline indicators were read
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


def missions_for(user: AnyUser, place: Place) -> QuerySet[Mission]:
    """Every mission the person may see, with its latest update's status and period (the
    portfolio filters them by organisation and national mission itself)."""
    missions = mission_access.visible_missions(user, place)
    latest = ProgressUpdate.objects.filter(mission=OuterRef("pk")).order_by("-published_at", "-id")
    return (
        missions.select_related("organisation")
        # Only what the table, the signals and the board pack use: long texts stay unread.
        .only(
            "place_id",
            "title",
            "slug",
            "status",
            "last_update_at",
            "created_at",
            "update_every_days",
            "organisation__name",
            "organisation__slug",
        )
        .annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_period=Subquery(latest.values("period_label")[:1]),
        )
        .order_by("title")
        .distinct()
    )


def _outcomes_of(ids: list[int]) -> dict[int, list[ReferenceOutcome]]:
    """The national missions each mission serves, for the filter: one query of plain rows, each
    outcome built once (a prefetch builds one per link)."""
    links = Mission.reference_outcomes.through.objects.filter(mission_id__in=ids)
    built: dict[int, ReferenceOutcome] = {}
    found: dict[int, list[ReferenceOutcome]] = defaultdict(list)
    for mission_id, pk, set_slug, slug, title, order in links.values_list(
        "mission_id",
        "referenceoutcome_id",
        "referenceoutcome__set_slug",
        "referenceoutcome__slug",
        "referenceoutcome__title",
        "referenceoutcome__order",
    ):
        if pk not in built:
            built[pk] = ReferenceOutcome(
                pk=pk, set_slug=set_slug, slug=slug, title=title, order=order
            )
        found[mission_id].append(built[pk])
    return found


def _signals(
    user: AnyUser, place: Place, ids: list[int], organisation: str, today: date
) -> list[dict[str, Any]]:
    """Running sprints, commitments by state and risks overdue for review, counted per mission
    (and the organisations' own overdue risks, with no mission) in one query: a UNION ALL of
    grouped counts, tagged by kind (a mission's commitments in a state may come in two rows, to
    be added up)."""
    sprints = (
        Sprint.objects.filter(mission_id__in=ids, start_date__lte=today, end_date__gte=today)
        .filter(sprints_access.sprint_q(user, place))
        .values("mission_id")
        .annotate(kind=Value("sprints"), status=Value(""), n=Count("id"))
        .values("kind", "mission_id", "status", "n")
        .order_by()
    )
    # From the commitment tallies (and the person's own organisations' private commitments):
    # a few rows a mission, however many commitments it has.
    commitments = [
        counts.annotate(kind=Value("commitments")).values("kind", "mission_id", "status", "n")
        for counts in partners_access.commitment_counts(user, place, ids)
    ]
    own_risks = Q(mission__isnull=True)
    if organisation:
        own_risks &= Q(organisation__slug=organisation)
    risks = (
        access.visible(Risk.objects.all(), user, place)
        .filter(status=RiskStatus.OPEN, review_date__lt=today)
        .filter(Q(mission_id__in=ids) | own_risks)
        .values("mission_id")
        .annotate(kind=Value("risks"), status=Value(""), n=Count("id"))
        .values("kind", "mission_id", "status", "n")
        .order_by()
    )
    return list(sprints.union(*commitments, risks, all=True))


def _latest_observation() -> QuerySet[Observation]:
    """A link's figures, newest first (by the series index), for subqueries on links."""
    return Observation.objects.filter(
        indicator=OuterRef("indicator"), geography_code=OuterRef("geography_code")
    ).order_by("-period_end", "-pk")


@dataclass
class _Link:
    """What the signals and the headline lines need of an indicator link and its indicator."""

    pk: int
    mission_id: int
    headline: bool
    baseline_date: date | None
    baseline_value: float | None
    trajectory: str
    tolerance_percent: int
    latest_end: date | None
    latest_value: float | None
    previous_value: float | None
    name: str
    unit: str
    direction: str
    frequency: str
    decimal_places: int


def _links(user: AnyUser, place: Place, ids: list[int], on_page: set[int]) -> list[_Link]:
    """Every visible indicator link of the missions with the end of its latest figure's period,
    for the stale-data signal, and for the headline links on the page their last two figures:
    each a probe of the series index read backwards (the database skips the value probes for
    the other links). Read as plain rows: at scale there are thousands of links, and a model
    instance for each link and indicator was most of the page's work."""
    latest = _latest_observation()
    headline_on_page = Q(headline=True, mission_id__in=sorted(on_page))
    rows = (
        MissionIndicator.objects.filter(mission_id__in=ids)
        .filter(access.visible_q(user, place, "indicator__"))
        .annotate(
            latest_end=Subquery(latest.values("period_end")[:1]),
            latest_value=Case(When(headline_on_page, then=Subquery(latest.values("value")[:1]))),
            previous_value=Case(When(headline_on_page, then=Subquery(latest.values("value")[1:2]))),
        )
        .values_list(
            "pk",
            "mission_id",
            "headline",
            "baseline_date",
            "baseline_value",
            "trajectory",
            "tolerance_percent",
            "latest_end",
            "latest_value",
            "previous_value",
            "indicator__name",
            "indicator__unit",
            "indicator__direction",
            "indicator__frequency",
            "indicator__decimal_places",
        )
    )
    return [_Link(*row) for row in rows]


def _headline_lines(links: list[_Link], today: date) -> dict[int, list[IndicatorLine]]:
    """Each headline indicator's latest figure, trend and status from the link's last two
    figures (read with the links, see ``build``) and its targets: one query, however long the
    series."""
    if not links:
        return {}
    targets: dict[int, list[Waypoint]] = defaultdict(list)
    for link_id, due, goal in (
        Target.objects.filter(mission_indicator_id__in=[link.pk for link in links])
        .order_by("due")
        .values_list("mission_indicator_id", "due", "value")
    ):
        targets[link_id].append(Waypoint(due, goal))
    lines: dict[int, list[IndicatorLine]] = defaultdict(list)
    for link in links:
        end = link.latest_end
        value, before = link.latest_value, link.previous_value
        baseline = (
            Waypoint(link.baseline_date, link.baseline_value)
            if link.baseline_date is not None and link.baseline_value is not None
            else None
        )
        status = assess(
            latest=Waypoint(end, value) if end is not None and value is not None else None,
            baseline=baseline,
            targets=targets[link.pk],
            higher_is_better=link.direction == Direction.HIGHER,
            stepped=link.trajectory == Trajectory.STEPPED,
            tolerance_percent=link.tolerance_percent,
        ).status
        trend = ""
        if value is not None and before is not None:
            trend = "rising" if value > before else "falling" if value < before else "steady"
        lines[link.mission_id].append(
            IndicatorLine(
                link.name,
                format_value(value, link.decimal_places),
                link.unit,
                status.label,
                status.colour,
                trend,
                data_is_stale(link.frequency, end, today),
            )
        )
    return lines


def _stale(links: list[_Link], today: date) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for link in links:
        if data_is_stale(link.frequency, link.latest_end, today):
            found[link.mission_id].append(link.name)
    return found


def build(
    user: AnyUser,
    place: Place,
    *,
    organisation: str = "",
    outcome: str = "",
    today: date | None = None,
    with_headlines: bool = True,
    per_page: int | None = None,
    page_number: str | int | None = None,
) -> Portfolio:
    """Every mission the person may see, with its signals. With ``per_page``, the headline
    indicators are read for the missions on page ``page_number`` only (``Portfolio.page``)."""
    today = today or timezone.localdate()
    # Every mission the person may see, read once: the filter choices come from them (so they
    # only name organisations and outcomes with missions the person can see) and the filters
    # are applied to them here, rather than two more queries for the choices.
    visible = list(missions_for(user, place))
    organisations = sorted({m.organisation for m in visible}, key=lambda o: (o.name, o.pk))
    outcomes_of = _outcomes_of([m.pk for m in visible])
    outcomes = sorted(
        {o for found in outcomes_of.values() for o in found},
        key=lambda o: (o.set_slug, o.order, o.title),
    )
    missions = [
        m
        for m in visible
        if (not organisation or m.organisation.slug == organisation)
        and (not outcome or any(o.slug == outcome for o in outcomes_of.get(m.pk, [])))
    ]
    ids = [m.pk for m in missions]
    # The table shows a page of missions (the rows keep the missions' order); only their
    # headline indicators' figures are read.
    size = per_page or max(len(missions), 1)
    on_page = {m.pk for m in Paginator(missions, size).get_page(page_number)}

    # Every visible indicator link with the end of its latest figure's period, for the
    # stale-data signal, and for the headline links on the page their last two figures: each a
    # probe of the series index read backwards (the database skips the value probes for the
    # other links).
    links = _links(user, place, ids, on_page)
    stale = _stale(links, today)
    running: dict[int, int] = {}
    risks: dict[int, int] = {}
    org_risks = 0
    commitments: dict[int, dict[str, int]] = defaultdict(dict)
    totals: dict[str, int] = defaultdict(int)
    for row in _signals(user, place, ids, organisation, today):
        if row["kind"] == "sprints":
            running[row["mission_id"]] = row["n"]
        elif row["kind"] == "commitments":
            counts = commitments[row["mission_id"]]
            counts[row["status"]] = counts.get(row["status"], 0) + row["n"]
            totals[row["status"]] += row["n"]
        elif row["mission_id"] is None:
            org_risks += row["n"]
        else:
            risks[row["mission_id"]] = row["n"]

    address = listing.address_for("mission_detail", place.slug)
    rows = [
        MissionRow(
            mission=m,
            url=address(m.slug),
            latest_status=m.latest_status or "",  # type: ignore[attr-defined]
            latest_status_label=_UPDATE_LABELS.get(m.latest_status, "No update yet"),  # type: ignore[attr-defined]
            latest_period=m.latest_period or "",  # type: ignore[attr-defined]
            update_overdue=m.is_stale(today),
            stale_data=stale.get(m.pk, []),
            sprints_running=running.get(m.pk, 0),
            commitments=commitments.get(m.pk, {}),
            risks_to_review=risks.get(m.pk, 0),
        )
        for m in missions
    ]
    # The headline indicators' figures, trends and status: for the rows on show only.
    page = Paginator(rows, size).get_page(page_number)
    lines = _headline_lines(
        [link for link in links if link.headline and link.mission_id in on_page], today
    )
    for shown in page:
        shown.indicators = lines.get(shown.mission.pk, [])
    exercises = _exercises(user, place, organisation) if with_headlines else []
    return Portfolio(
        rows=rows,
        page=page,
        organisations=organisations,
        outcomes=outcomes,
        commitment_states=list(CommitmentStatus.choices),
        commitment_totals=dict(totals),
        organisation_risks_to_review=org_risks,
        mindset=_mindset(_latest(exercises, "missions-mindset")) if with_headlines else None,
        self_assessment=_self_assessment(user, place, exercises) if with_headlines else None,
    )


def _exercises(user: AnyUser, place: Place, organisation: str) -> list[Exercise]:
    """The mindset surveys and self-assessments the person may see, newest first, in one
    query. An organisation runs a few rounds of each, so reading them all is cheap."""
    exercises = fw_access.visible_exercises(user, place).filter(
        version__framework__slug__in=["missions-mindset", SHIFTING]
    )
    if organisation:
        exercises = exercises.filter(organisation__slug=organisation)
    return list(
        exercises.select_related("version__framework", "organisation").order_by(
            "-round_date", "-created_at"
        )
    )


def _latest(exercises: list[Exercise], framework: str) -> Exercise | None:
    return next((e for e in exercises if e.version.framework.slug == framework), None)


def _mindset(exercise: Exercise | None) -> dict[str, Any] | None:
    """The latest missions mindset survey's averages by area (shown only if reportable)."""
    if exercise is None:
        return None
    result = fw_results.results(exercise, by_group=False)
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


def _self_assessment(
    user: AnyUser, place: Place, exercises: list[Exercise]
) -> dict[str, Any] | None:
    """The journey of the organisation with the latest self-assessment, from its rounds among
    ``exercises`` (oldest first, as the journey reads them)."""
    exercise = _latest(exercises, SHIFTING)
    if exercise is None:
        return None
    rounds = [
        e
        for e in reversed(exercises)
        if e.version.framework.slug == SHIFTING and e.organisation_id == exercise.organisation_id
    ]
    j = journey_mod.build(user, place, exercise.organisation, rounds)
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
