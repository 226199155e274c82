"""Board packs: what a mission board (or a leadership team, for the whole portfolio) needs for
a meeting, for a date range. One HTML page serves the screen, the printer and the PDF.

Everything in a pack is read through the access functions as the person asking would see it.
The ``board_pack`` command has no person: it reads as a contributor of the mission's owner
organisation would (``OrganisationViewer``), which is what the board itself sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import Http404

from placecraft.evidence import selectors
from placecraft.impact import access as impact_access
from placecraft.impact import portfolio
from placecraft.impact.models import Origin, RiskStatus
from placecraft.missions import access as mission_access
from placecraft.missions.models import BoardRole, Mission, ProgressUpdate
from placecraft.partners.models import Commitment
from placecraft.places import access
from placecraft.places.access import Principal
from placecraft.places.models import Organisation, Place, Role
from placecraft.sprints import access as sprints_access

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
    risks: list[Any]
    learning: list[Any]
    community_seats: list[Any]
    community_learning: list[Any]


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


def _mission_pack(user: Any, place: Place, mission: Mission, start: date, end: date) -> MissionPack:
    links = selectors.mission_indicators(mission, user, place)
    summaries = selectors.summarise(links, place)
    updates = list(
        ProgressUpdate.objects.filter(
            mission=mission, published_at__date__gte=start, published_at__date__lte=end
        ).select_related("author")
    )
    sprints = list(
        sprints_access.visible_sprints(user, place)
        .filter(mission=mission, start_date__lte=end, end_date__gte=start)
        .order_by("start_date")
    )
    commitments = list(
        access.visible(Commitment.objects.filter(mission=mission), user, place)
        .select_related("organisation")
        .order_by("status", "due_date", "title")
    )
    risks = list(
        impact_access.visible_risks(user, place)
        .filter(mission=mission, status=RiskStatus.OPEN)
        .select_related("owner")
        .order_by("review_date")
    )
    learning = list(
        impact_access.visible_learnings(user, place)
        .filter(mission=mission, recorded_on__gte=start, recorded_on__lte=end)
        .select_related("log_tags", "organisation")
        .order_by("recorded_on", "pk")
    )
    seats = list(
        mission.board_members.filter(role=BoardRole.COMMUNITY_SEAT).select_related("organisation")
    )
    community = [
        entry
        for entry in learning
        if getattr(getattr(entry, "log_tags", None), "origin", "") == Origin.FORUM
    ]
    return MissionPack(
        mission, summaries, updates, sprints, commitments, risks, learning, seats, community
    )


def build(user: Any, place: Place, mission: Mission | None, start: date, end: date) -> BoardPack:
    if mission is not None:
        if not mission_access.can_view_mission(user, mission, place):
            raise Http404("No such mission")
        return BoardPack(
            place,
            f"Board pack: {mission.title}",
            start,
            end,
            missions=[_mission_pack(user, place, mission, start, end)],
        )
    data = portfolio.build(user, place)
    packs = [_mission_pack(user, place, row.mission, start, end) for row in data.rows]
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
