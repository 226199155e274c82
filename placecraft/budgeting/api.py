"""Read endpoints for participatory budgets, added to /api/v1 with ``api.add_router``.

(No ``from __future__ import annotations`` here: django-ninja reads the real annotations.)

The same access functions as the pages. While voting is open a round shows its turnout and
nothing else about the votes; per-project results answer 404 until the round has been counted.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from placecraft.api.filters import Slug
from placecraft.api.pagination import BoundedLimitOffsetPagination, Mapped
from placecraft.api.schemas import Error
from placecraft.budgeting import access, services
from placecraft.budgeting.models import ProjectResult, Round
from placecraft.places import access as places_access

router = Router(tags=["participatory budgeting"])


class RoundOut(Schema):
    id: int
    title: str
    organisation: str
    phase: str
    budget: Decimal
    currency: str
    area: str
    ballot_type: str
    min_choices: int
    max_choices: int | None
    rule: str
    turnout: int | None
    has_results: bool
    updated_at: datetime


class ProjectOut(Schema):
    reference: str
    title: str
    cost: int
    category: str
    area: str
    feasibility: str
    feasibility_reason: str


class ProjectResultOut(Schema):
    reference: str
    title: str
    cost: int
    votes: int
    score: int
    effective_votes: float | None
    selected: bool
    position: int | None
    outcome: str


class ResultsOut(Schema):
    rule: str
    voters: int
    winners: list[str]
    total_cost: int
    share_with_winner: float
    comparison_rule: str
    comparison_winners: list[str]
    projects: list[ProjectResultOut]


def _round_out(round: Round, turnout: int | None) -> dict[str, Any]:
    return {
        "id": round.pk,
        "title": round.title,
        "organisation": round.organisation.slug,
        "phase": round.phase,
        "budget": round.budget,
        "currency": round.currency,
        "area": round.area_name,
        "ballot_type": round.ballot_type,
        "min_choices": round.min_choices,
        "max_choices": round.max_choices,
        "rule": round.rule,
        "turnout": turnout,
        "has_results": round.has_results,
        "updated_at": round.updated_at,
    }


@router.get("/places/{place}/budgets", response=list[RoundOut])
@paginate(BoundedLimitOffsetPagination)
def pb_list_rounds(request: HttpRequest, place: Slug) -> Any:
    place_obj = places_access.get_place(place)
    rounds = access.visible_rounds(request.user, place_obj).select_related("organisation")
    # Turnout is only given for a single round: a list stays one query.
    return Mapped(rounds.order_by("pk"), lambda r: _round_out(r, None))


@router.get("/places/{place}/budgets/{pk}", response={200: RoundOut, 404: Error})
def pb_get_round(request: HttpRequest, place: Slug, pk: int) -> Any:
    round = access.get_round(request.user, places_access.get_place(place), pk)
    return _round_out(round, services.turnout(round) if round.is_locked else None)


@router.get("/places/{place}/budgets/{pk}/projects", response=list[ProjectOut])
@paginate(BoundedLimitOffsetPagination)
def pb_list_projects(request: HttpRequest, place: Slug, pk: int) -> Any:
    round = access.get_round(request.user, places_access.get_place(place), pk)
    return round.projects.order_by("id")


@router.get("/places/{place}/budgets/{pk}/results", response={200: ResultsOut, 404: Error})
def pb_get_results(request: HttpRequest, place: Slug, pk: int) -> Any:
    """404 until voting has closed and the votes are counted: no counts while voting is open."""
    round = access.get_round(request.user, places_access.get_place(place), pk)
    if not round.has_results:
        raise Http404("Results are published once voting has closed and the votes are counted.")
    summary = round.count_summary
    rows = (
        ProjectResult.objects.filter(project__round=round, is_main=True)
        .select_related("project")
        .order_by("project_id")
    )
    voters = summary.get("voters", 0)
    return {
        "rule": summary.get("rule", round.rule),
        "voters": voters,
        "winners": summary.get("winners", []),
        "total_cost": summary.get("total_cost", 0),
        "share_with_winner": summary.get("with_winner", 0) / voters if voters else 0.0,
        "comparison_rule": summary.get("comparison_rule", ""),
        "comparison_winners": summary.get("comparison_winners", []),
        "projects": [
            {
                "reference": r.project.reference,
                "title": r.project.title,
                "cost": r.project.cost,
                "votes": r.votes,
                "score": r.score,
                "effective_votes": r.effective_votes,
                "selected": r.selected,
                "position": r.position,
                "outcome": r.reason,
            }
            for r in rows
        ],
    }
