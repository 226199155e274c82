"""Read endpoints for ideas, citizens' panels (their transparency data), forum recommendations
and the council's responses, added to /api/v1 with ``api.add_router``.

(No ``from __future__ import annotations`` here: django-ninja reads the real annotations.)

The same access functions as the pages. Hidden ideas keep their place in the list with the
moderator's reason instead of their words; pool members appear only by reference.
"""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from placecraft.api.filters import Slug
from placecraft.api.pagination import BoundedLimitOffsetPagination, Mapped
from placecraft.api.schemas import Error
from placecraft.community import access
from placecraft.community.models import Idea, Recommendation
from placecraft.missions import access as mission_access
from placecraft.missions.access import shown_mission_slug, with_mission_shown
from placecraft.panels import access as panel_access
from placecraft.panels import services as panel_services
from placecraft.places import access as places_access

router = Router(tags=["community"])


class IdeaOut(Schema):
    id: int
    process: str
    title: str
    description: str
    area: str
    mission: str | None
    status: str
    supporters: int
    hidden: bool
    hidden_reason: str
    created_at: datetime


class QuotaOut(Schema):
    feature: str
    value: str
    min: int
    max: int
    in_pool: int | None
    selected: int
    met: bool


class PanelOut(Schema):
    id: int
    title: str
    organisation: str
    status: str
    size: int
    pool_size: int
    seed: int | None
    selected_at: datetime | None
    software: str
    selected: list[str]
    quotas: list[QuotaOut]
    probabilities: dict[str, float]


class RecommendationOut(Schema):
    forum_id: int
    forum: str
    number: int
    title: str
    text: str
    mission: str | None
    made_on: date
    status: str
    response: str
    responded_at: datetime | None


def _idea_out(idea: Idea) -> dict[str, Any]:
    hidden = idea.hidden_at is not None
    return {
        "id": idea.pk,
        "process": idea.process.slug,
        "title": "" if hidden else idea.title,
        "description": "" if hidden else idea.description,
        "area": idea.area,
        "mission": shown_mission_slug(idea),
        "status": idea.status,
        "supporters": idea.support_count,
        "hidden": hidden,
        "hidden_reason": idea.hidden_reason,
        "created_at": idea.created_at,
    }


@router.get("/places/{place}/ideas", response=list[IdeaOut])
@paginate(BoundedLimitOffsetPagination)
def community_list_ideas(request: HttpRequest, place: Slug, process: Slug | None = None) -> Any:
    place_obj = places_access.get_place(place)
    ideas = (
        Idea.objects.filter(process__place=place_obj)
        .filter(places_access.visible_q(request.user, place_obj, "process__"))
        .select_related("process", "mission")
        .order_by("pk")
    )
    ideas = with_mission_shown(ideas, request.user, place_obj)
    if process:
        ideas = ideas.filter(process__slug=process)
    return Mapped(ideas, _idea_out)


@router.get("/places/{place}/ideas/{pk}", response={200: IdeaOut, 404: Error})
def community_get_idea(request: HttpRequest, place: Slug, pk: int) -> Any:
    place_obj = places_access.get_place(place)
    idea = access.get_idea(request.user, place_obj, pk)
    idea.mission_shown = idea.mission is not None and mission_access.can_view_mission(  # type: ignore[attr-defined]
        request.user, idea.mission, place_obj
    )
    return _idea_out(idea)


@router.get("/places/{place}/panels/{pk}", response={200: PanelOut, 404: Error})
def panels_get_panel(request: HttpRequest, place: Slug, pk: int) -> Any:
    """The transparency report: quotas met, the published seed, and every pool member's
    probability of selection, by reference. The pool's size before a draw and each quota
    group's share of the pool are the published figures the pages show (see
    ``panels.services.PUBLISH_STEP``), so one registration cannot be seen; a group too small to
    publish is null."""
    panel = panel_access.get_panel(request.user, places_access.get_place(place), pk)
    run = panel_services.latest_selection(panel)
    figures = panel_services.published_pool_figures(panel)
    return {
        "id": panel.pk,
        "title": panel.title,
        "organisation": panel.organisation.slug,
        "status": panel.status,
        "size": run.size if run else panel.size,
        "pool_size": run.pool_size if run else figures.size,
        "seed": run.seed if run else None,
        "selected_at": run.finished_at if run else None,
        "software": run.software if run else "",
        "selected": run.selected if run else [],
        "quotas": [
            {**q, "in_pool": figures.count(q["feature"], q["value"])}
            for q in (run.quotas if run else [])
        ],
        "probabilities": run.probabilities if run else {},
    }


@router.get("/places/{place}/recommendations", response=list[RecommendationOut])
@paginate(BoundedLimitOffsetPagination)
def community_list_recommendations(request: HttpRequest, place: Slug) -> Any:
    place_obj = places_access.get_place(place)
    recommendations = (
        Recommendation.objects.filter(forum__place=place_obj)
        .filter(places_access.visible_q(request.user, place_obj, "forum__"))
        .select_related("forum", "mission")
        .order_by("forum_id", "number")
    )
    recommendations = with_mission_shown(recommendations, request.user, place_obj)
    return Mapped(recommendations, _recommendation_out)


def _recommendation_out(r: Recommendation) -> dict[str, Any]:
    return {
        "forum_id": r.forum_id,
        "forum": r.forum.title,
        "number": r.number,
        "title": r.title,
        "text": r.text,
        "mission": shown_mission_slug(r),
        "made_on": r.made_on,
        "status": r.status,
        "response": r.response,
        "responded_at": r.responded_at,
    }
