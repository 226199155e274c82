"""Board packs: what a mission board (or a leadership team, for the whole portfolio) needs for
a meeting, for a date range. One HTML page serves the screen, the printer and the PDF.

Everything in a pack is read through the access functions as the person asking would see it.
The ``board_pack`` command has no person: it reads as a contributor of the mission's owner
organisation would (``OrganisationViewer``), which is what the board itself sees.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from placecraft.evidence import selectors
from placecraft.evidence.models import MissionIndicator
from placecraft.impact import access as impact_access
from placecraft.impact import portfolio
from placecraft.impact.models import Origin, RiskStatus
from placecraft.missions import access as mission_access
from placecraft.missions.models import BoardMember, BoardRole, Mission, ProgressUpdate
from placecraft.partners.models import OPEN_COMMITMENT_STATUSES, Commitment, CommitmentStatus
from placecraft.places import access
from placecraft.places.access import Principal
from placecraft.places.models import Organisation, Place, Role
from placecraft.sprints import access as sprints_access

ATTENTION_LIMIT = 10

SECTIONS = (
    "Ambition",
    "Indicators",
    "Progress updates",
    "Sprints",
    "Commitments",
    "Risks",
    "Learning",
    "Community input",
)


class OrganisationViewer:
    """Someone who sees what a contributor of ``organisation`` sees, for commands and tasks
    that run without a signed-in person."""

    is_authenticated = True
    is_anonymous = False
    pk = None

    def __init__(self, organisation: Organisation) -> None:
        self._placecraft_principal = Principal(
            user_id=None,
            roles={organisation.pk: Role.CONTRIBUTOR},
            places=frozenset({organisation.place_id}),
            admin_places=frozenset(),
        )


@dataclass
class MissionPack:
    mission: Mission
    summaries: list[Any]
    updates: list[ProgressUpdate]
    sprints: list[Any]
    commitments: list[Commitment]
    commitment_counts: list[tuple[str, int]]
    risks: list[Any]
    learning: list[Any]
    community_seats: list[Any]
    community_learning: list[Any]
    # In a portfolio pack: the headline indicators' latest figures, from the portfolio, in place
    # of a chart per indicator (each mission's own pack has the charts).
    indicator_lines: list[Any] = field(default_factory=list)

    @property
    def commitment_total(self) -> int:
        return sum(n for _, n in self.commitment_counts)


@dataclass
class BoardPack:
    place: Place
    title: str
    date_from: date
    date_to: date
    missions: list[MissionPack] = field(default_factory=list)
    portfolio: portfolio.Portfolio | None = None
    organisation_risks: list[Any] = field(default_factory=list)


def find_mission(place: Place | None, key: str) -> Mission:
    """A mission by id or slug (within ``place`` when given)."""
    missions = Mission.objects.select_related("place", "organisation")
    if place is not None:
        missions = missions.filter(place=place)
    found = (
        missions.filter(pk=int(key)).first()
        if key.isdigit()
        else missions.filter(slug=key).order_by("pk").first()
    )
    if found is None:
        raise Http404("No such mission")
    return found


def _by_mission(rows: Any) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.mission_id].append(row)
    return grouped


def _mission_packs(
    user: Any,
    place: Place,
    missions: list[Mission],
    start: date,
    end: date,
    *,
    with_charts: bool = True,
) -> list[MissionPack]:
    """Every mission's part of the pack, each section read for all the missions at once: the
    number of queries is the same for one mission or sixty.

    A mission can have hundreds of commitments, so the pack counts them by state and lists only
    those that need the board's attention (at risk, or open and past due by the end of the
    period), at most ``ATTENTION_LIMIT`` a mission."""
    ids = [m.pk for m in missions]
    if not ids:
        return []
    summaries: dict[int, list[Any]] = defaultdict(list)
    if with_charts:
        links = (
            MissionIndicator.objects.filter(mission_id__in=ids)
            .filter(access.visible_q(user, place, "indicator__"))
            .select_related("indicator")
        )
        for summary in selectors.summarise(links, place):
            summaries[summary.link.mission_id].append(summary)
    updates = _by_mission(
        ProgressUpdate.objects.filter(
            mission_id__in=ids, published_at__date__gte=start, published_at__date__lte=end
        ).select_related("author")
    )
    sprints = _by_mission(
        sprints_access.visible_sprints(user, place)
        .filter(mission_id__in=ids, start_date__lte=end, end_date__gte=start)
        .only("mission_id", "title", "start_date", "end_date", "problem")
        .order_by("start_date")
    )
    visible_commitments = access.visible(Commitment.objects.filter(mission_id__in=ids), user, place)
    labels = dict(CommitmentStatus.choices)
    counts: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in (
        visible_commitments.values("mission_id", "status")
        .annotate(n=Count("id"))
        .order_by("mission_id", "status")
    ):
        counts[row["mission_id"]].append((str(labels.get(row["status"], row["status"])), row["n"]))
    commitments = _by_mission(
        visible_commitments.filter(
            Q(status=CommitmentStatus.AT_RISK)
            | Q(status__in=OPEN_COMMITMENT_STATUSES, due_date__lt=end)
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("mission_id")],
                order_by=[F("due_date").asc(nulls_last=True), F("title").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=ATTENTION_LIMIT)
        .select_related("organisation")
        .only("mission_id", "title", "status", "due_date", "organisation__name")
        .order_by("due_date", "title", "pk")
    )
    risks = _by_mission(
        impact_access.visible_risks(user, place)
        .filter(mission_id__in=ids, status=RiskStatus.OPEN)
        .select_related("owner")
        .order_by("review_date")
    )
    learning = _by_mission(
        impact_access.visible_learnings(user, place)
        .filter(mission_id__in=ids, recorded_on__gte=start, recorded_on__lte=end)
        .select_related("log_tags")
        .order_by("recorded_on", "pk")
    )
    seats = _by_mission(
        BoardMember.objects.filter(
            mission_id__in=ids, role=BoardRole.COMMUNITY_SEAT
        ).select_related("organisation")
    )
    packs = []
    for mission in missions:
        entries = learning.get(mission.pk, [])
        community = [
            entry
            for entry in entries
            if getattr(getattr(entry, "log_tags", None), "origin", "") == Origin.FORUM
        ]
        packs.append(
            MissionPack(
                mission,
                summaries.get(mission.pk, []),
                updates.get(mission.pk, []),
                sprints.get(mission.pk, []),
                commitments.get(mission.pk, []),
                counts.get(mission.pk, []),
                risks.get(mission.pk, []),
                entries,
                seats.get(mission.pk, []),
                community,
            )
        )
    return packs


def build(user: Any, place: Place, mission: Mission | None, start: date, end: date) -> BoardPack:
    if mission is not None:
        if not mission_access.can_view_mission(user, mission, place):
            raise Http404("No such mission")
        return BoardPack(
            place,
            f"Board pack: {mission.title}",
            start,
            end,
            missions=_mission_packs(user, place, [mission], start, end),
        )
    data = portfolio.build(user, place)
    # The portfolio reads only the columns its table shows; the pack shows each mission whole.
    whole = Mission.objects.select_related("organisation").in_bulk(
        [row.mission.pk for row in data.rows]
    )
    # Sixty missions' charts would make a pack nobody reads: the portfolio pack gives each
    # mission's headline figures, already read for the portfolio table.
    packs = _mission_packs(
        user, place, [whole[row.mission.pk] for row in data.rows], start, end, with_charts=False
    )
    for pack, row in zip(packs, data.rows, strict=True):
        pack.indicator_lines = row.indicators
    return BoardPack(
        place,
        f"Portfolio board pack: {place.name}",
        start,
        end,
        missions=packs,
        portfolio=data,
        organisation_risks=list(
            impact_access.visible_risks(user, place)
            .filter(mission__isnull=True, status=RiskStatus.OPEN)
            .select_related("organisation", "owner")
            .order_by("review_date")
        ),
    )
