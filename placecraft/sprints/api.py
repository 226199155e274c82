"""API endpoints for sprints and learning, added to /api/v1 with ``api.add_router``.

(No ``from __future__ import annotations`` here: django-ninja reads the real annotations.)
Reads go through the same access functions as the pages.
"""

from datetime import date, datetime
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from placecraft.api.filters import Slug, UpdatedSince
from placecraft.api.pagination import BoundedLimitOffsetPagination
from placecraft.api.schemas import Error
from placecraft.missions import access as mission_access
from placecraft.missions.access import shown_mission_slug, with_mission_shown
from placecraft.places import access
from placecraft.sprints import access as sprint_access
from placecraft.sprints import health
from placecraft.sprints.models import Learning, Sprint

router = Router(tags=["sprints"])


class SprintOut(Schema):
    slug: str
    title: str
    organisation: str
    mission: str | None
    problem: str
    start_date: date
    end_date: date
    champion: str
    practices: list[str]
    visibility: str
    summary_public: bool
    updated_at: datetime

    @staticmethod
    def resolve_organisation(obj: Sprint) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_mission(obj: Sprint) -> str | None:
        return shown_mission_slug(obj)

    @staticmethod
    def resolve_champion(obj: Sprint) -> str:
        return obj.champion_name


class ConditionOut(Schema):
    condition: str
    status: str
    from_data: str | None
    if_not_met: str


class SprintDetailOut(SprintOut):
    team_size: int
    protected_hours_a_week: int
    health_check: list[ConditionOut]


class LearningOut(Schema):
    id: int
    title: str
    kind: str
    organisation: str
    mission: str | None
    sprint: str | None
    source_type: str
    source_id: int | None
    what_we_tried: str
    what_happened: str
    what_we_learned: str
    what_we_will_change: str
    visibility: str
    recorded_on: date
    updated_at: datetime

    @staticmethod
    def resolve_organisation(obj: Learning) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_mission(obj: Learning) -> str | None:
        return shown_mission_slug(obj)

    @staticmethod
    def resolve_sprint(obj: Learning) -> str | None:
        if obj.sprint is None or not getattr(obj, "sprint_shown", False):
            return None
        return obj.sprint.slug


@router.get("/places/{place}/sprints", response=list[SprintOut])
@paginate(BoundedLimitOffsetPagination)
def list_sprints(
    request: HttpRequest, place: Slug, updated_since: UpdatedSince | None = None
) -> Any:
    place_obj = access.get_place(place)
    sprints = (
        with_mission_shown(
            sprint_access.visible_sprints(request.user, place_obj), request.user, place_obj
        )
        .select_related("organisation", "mission")
        .order_by("-start_date", "slug")
    )
    if updated_since:
        sprints = sprints.filter(updated_at__gte=updated_since)
    return sprints


@router.get("/places/{place}/sprints/{slug}", response={200: SprintDetailOut, 404: Error})
def get_sprint(request: HttpRequest, place: Slug, slug: Slug) -> Any:
    place_obj = access.get_place(place)
    sprint = sprint_access.get_sprint(request.user, place_obj, slug)
    sprint.mission_shown = sprint.mission is not None and mission_access.can_view_mission(  # type: ignore[attr-defined]
        request.user, sprint.mission, place_obj
    )
    members = list(sprint.members.all())
    check = health.health_check(sprint, members)
    sprint.team_size = len(members)  # type: ignore[attr-defined]
    sprint.protected_hours_a_week = sum(m.hours_per_week for m in members)  # type: ignore[attr-defined]
    sprint.health_check = [  # type: ignore[attr-defined]
        {
            "condition": c.slug,
            "status": str(c.status),
            "from_data": c.from_data[1] if c.from_data else None,
            "if_not_met": c.if_not_met if c.needs_fixing else "",
        }
        for c in check.conditions
    ]
    return sprint


@router.get("/places/{place}/learning", response=list[LearningOut], tags=["learning"])
@paginate(BoundedLimitOffsetPagination)
def list_learning(
    request: HttpRequest,
    place: Slug,
    mission: Slug | None = None,
    updated_since: UpdatedSince | None = None,
) -> Any:
    place_obj = access.get_place(place)
    # Name only the missions and sprints the reader may see: learning is often more open.
    sprints = sprint_access.visible_sprints(request.user, place_obj).filter(
        pk=OuterRef("sprint_id")
    )
    learnings = (
        with_mission_shown(
            sprint_access.visible_learnings(request.user, place_obj), request.user, place_obj
        )
        .annotate(sprint_shown=Exists(sprints))
        .select_related("organisation", "mission", "sprint")
        .order_by("-recorded_on", "-id")
    )
    if mission:
        learnings = learnings.filter(mission__slug=mission)
    if updated_since:
        learnings = learnings.filter(updated_at__gte=updated_since)
    return learnings
