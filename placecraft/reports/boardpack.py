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
    # Those needing the board's attention (in a portfolio pack, the first ATTENTION_LIMIT).
    commitments: list[Commitment]
    commitment_counts: list[tuple[str, int]]
    risks: list[Any]
    learning: list[Any]
    community_seats: list[Any]
    community_learning: list[Any]
    # How many need the board's attention, however many are listed.
    attention_total: int = 0
    # In a mission's own pack: every other commitment, listed too.
    other_commitments: list[Commitment] = field(default_factory=list)
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

    def _total(self, count: Any) -> int:
        return sum(count(mp) for mp in self.missions)

    @property
    def summary(self) -> dict[str, int]:
        """The figures the pack opens with, added up from what it holds (no queries)."""
        return {
            "missions": len(self.missions),
            "updates": self._total(lambda mp: len(mp.updates)),
            "sprints": self._total(lambda mp: len(mp.sprints)),
            "commitments": self._total(lambda mp: mp.commitment_total),
            "attention": self._total(lambda mp: mp.attention_total),
            "risks": self._total(lambda mp: len(mp.risks)) + len(self.organisation_risks),
            "learning": self._total(lambda mp: len(mp.learning)),
        }

    @property
    def has_decisions(self) -> bool:
        """Each open risk is a decision at stake, and commitments at risk or late need one."""
        return bool(self.organisation_risks) or any(
            mp.risks or mp.attention_total for mp in self.missions
        )


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
    every_commitment: bool = False,
) -> list[MissionPack]:
    """Every mission's part of the pack, each section read for all the missions at once: the
    number of queries is the same for one mission or sixty.

    Commitments are counted by state, and those that need the board's attention (at risk, or
    open and past due by the end of the period) come first. A mission's own pack lists every
    commitment; across a portfolio, where sixty missions can hold thousands, the pack lists only
    those needing attention, at most ``ATTENTION_LIMIT`` a mission."""
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
    needs_attention = Q(status=CommitmentStatus.AT_RISK) | Q(
        status__in=OPEN_COMMITMENT_STATUSES, due_date__lt=end
    )
    counts: dict[int, list[tuple[str, int]]] = defaultdict(list)
    attention: dict[int, int] = defaultdict(int)
    for row in (
        visible_commitments.values("mission_id", "status")
        .annotate(n=Count("id"), attention=Count("id", filter=needs_attention))
        .order_by("mission_id", "status")
    ):
        counts[row["mission_id"]].append((str(labels.get(row["status"], row["status"])), row["n"]))
        attention[row["mission_id"]] += row["attention"]
    listed = visible_commitments
    if not every_commitment:
        listed = (
            listed.filter(needs_attention)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("mission_id")],
                    order_by=[F("due_date").asc(nulls_last=True), F("title").asc(), F("pk").asc()],
                )
            )
            .filter(rank__lte=ATTENTION_LIMIT)
        )
    commitments: dict[int, list[Commitment]] = defaultdict(list)
    other_commitments: dict[int, list[Commitment]] = defaultdict(list)
    for commitment in (
        listed.select_related("organisation")
        .only("mission_id", "title", "status", "due_date", "organisation__name")
        .order_by("due_date", "title", "pk")
    ):
        late = commitment.due_date is not None and commitment.due_date < end
        urgent = commitment.status == CommitmentStatus.AT_RISK or (
            late and commitment.status in OPEN_COMMITMENT_STATUSES
        )
        target = commitments if urgent else other_commitments
        target[commitment.mission_id].append(commitment)
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
                attention_total=attention.get(mission.pk, 0),
                other_commitments=other_commitments.get(mission.pk, []),
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
            missions=_mission_packs(user, place, [mission], start, end, every_commitment=True),
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
