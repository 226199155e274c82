"""Read endpoints for the risk register and the learning log, added to /api/v1 with
``api.add_router``.

(No ``from __future__ import annotations`` here: django-ninja reads the real annotations.)

Both follow the same access functions as the pages. A risk or learning entry tied to a mission
the reader may not see names no mission (``mission`` is null), so a title never leaks.
"""

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import StringConstraints

from placecraft.api.filters import Slug, UpdatedSince
from placecraft.api.pagination import BoundedLimitOffsetPagination
from placecraft.api.schemas import Error
from placecraft.impact import access
from placecraft.impact.models import Risk
from placecraft.impact.search import search_learnings
from placecraft.missions import access as mission_access
from placecraft.places import access as places_access
from placecraft.sprints.models import Learning

router = Router(tags=["impact"])

# Words to search for: any text but a NUL character, which PostgreSQL refuses in a query (a 500).
SearchText = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$")]


class RiskSideOut(Schema):
    description: str
    likelihood: int
    impact: int
    score: int


class RiskOut(Schema):
    id: int
    organisation: str
    mission: str | None
    title: str
    acting: RiskSideOut
    not_acting: RiskSideOut
    mitigations: str
    appetite: str
    owner: str | None
    review_date: date
    overdue: bool
    status: str
    visibility: str
    updated_at: datetime


class LearningLogOut(Schema):
    id: int
    organisation: str
    mission: str | None
    title: str
    kind: str
    origin: str
    origin_label: str
    themes: list[str]
    what_we_tried: str
    what_happened: str
    what_we_learned: str
    what_we_will_change: str
    recorded_on: date
    visibility: str
    updated_at: datetime


def _visible_mission_ids(request: HttpRequest, place: Any) -> set[int]:
    return set(mission_access.visible_missions(request.user, place).values_list("pk", flat=True))


def _risk_out(risk: Risk, missions: set[int]) -> dict[str, Any]:
    return {
        "id": risk.pk,
        "organisation": risk.organisation.slug,
        "mission": risk.mission.slug if risk.mission_id in missions and risk.mission else None,
        "title": risk.title,
        "acting": {
            "description": risk.acting,
            "likelihood": risk.acting_likelihood,
            "impact": risk.acting_impact,
            "score": risk.acting_score,
        },
        "not_acting": {
            "description": risk.not_acting,
            "likelihood": risk.not_acting_likelihood,
            "impact": risk.not_acting_impact,
            "score": risk.not_acting_score,
        },
        "mitigations": risk.mitigations,
        "appetite": risk.appetite,
        "owner": (risk.owner.name or None) if risk.owner else None,
        "review_date": risk.review_date,
        "overdue": risk.is_overdue(),
        "status": risk.status,
        "visibility": risk.visibility,
        "updated_at": risk.updated_at,
    }


def _learning_out(entry: Learning, missions: set[int]) -> dict[str, Any]:
    tags = getattr(entry, "log_tags", None)
    return {
        "id": entry.pk,
        "organisation": entry.organisation.slug,
        "mission": entry.mission.slug if entry.mission_id in missions and entry.mission else None,
        "title": entry.title,
        "kind": entry.kind,
        "origin": tags.origin if tags else entry.source_type,
        "origin_label": tags.origin_label if tags else "",
        "themes": sorted(t.name for t in tags.themes.all()) if tags else [],
        "what_we_tried": entry.what_we_tried,
        "what_happened": entry.what_happened,
        "what_we_learned": entry.what_we_learned,
        "what_we_will_change": entry.what_we_will_change,
        "recorded_on": entry.recorded_on,
        "visibility": entry.visibility,
        "updated_at": entry.updated_at,
    }


class _Mapped:
    """A queryset the paginator can slice, mapping each row through ``mapper``."""

    def __init__(self, queryset: Any, mapper: Any) -> None:
        self.queryset, self.mapper = queryset, mapper

    def count(self) -> int:
        return int(self.queryset.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: Any) -> Any:
        rows = self.queryset[index]
        return [self.mapper(r) for r in rows] if isinstance(index, slice) else self.mapper(rows)


@router.get("/places/{place}/risks", response=list[RiskOut])
@paginate(BoundedLimitOffsetPagination)
def list_risks(
    request: HttpRequest,
    place: Slug,
    mission: Slug | None = None,
    overdue: bool | None = None,
    updated_since: UpdatedSince | None = None,
) -> Any:
    place_obj = places_access.get_place(place)
    risks = access.visible_risks(request.user, place_obj).select_related(
        "organisation", "mission", "owner"
    )
    if mission:
        risks = risks.filter(mission__slug=mission)
    if overdue is not None:
        today = timezone.localdate()
        risks = (
            risks.filter(status="open", review_date__lt=today)
            if overdue
            else risks.exclude(status="open", review_date__lt=today)
        )
    if updated_since:
        risks = risks.filter(updated_at__gte=updated_since)
    missions = _visible_mission_ids(request, place_obj)
    return _Mapped(risks.order_by("review_date", "pk"), lambda r: _risk_out(r, missions))


@router.get("/places/{place}/risks/{pk}", response={200: RiskOut, 404: Error})
def get_risk(request: HttpRequest, place: Slug, pk: int) -> Any:
    place_obj = places_access.get_place(place)
    risk = access.get_risk(request.user, place_obj, pk)
    return _risk_out(risk, _visible_mission_ids(request, place_obj))


@router.get("/places/{place}/learning-log", response=list[LearningLogOut])
@paginate(BoundedLimitOffsetPagination)
def list_learning_log(
    request: HttpRequest,
    place: Slug,
    q: SearchText | None = None,
    kind: Slug | None = None,
    theme: Slug | None = None,
    updated_since: UpdatedSince | None = None,
) -> Any:
    place_obj = places_access.get_place(place)
    entries = access.visible_learnings(request.user, place_obj)
    if q:
        entries = search_learnings(entries, q[:200])
    if kind:
        entries = entries.filter(kind=kind)
    if theme:
        entries = entries.filter(log_tags__themes__slug=theme)
    if updated_since:
        entries = entries.filter(updated_at__gte=updated_since)
    entries = (
        entries.select_related("organisation", "mission", "log_tags")
        .prefetch_related("log_tags__themes")
        .order_by("-recorded_on", "-pk")
        .distinct()
    )
    missions = _visible_mission_ids(request, place_obj)
    return _Mapped(entries, lambda e: _learning_out(e, missions))


@router.get("/places/{place}/learning-log/{pk}", response={200: LearningLogOut, 404: Error})
def get_learning_log_entry(request: HttpRequest, place: Slug, pk: int) -> Any:
    place_obj = places_access.get_place(place)
    entry = access.get_learning(request.user, place_obj, pk)
    return _learning_out(entry, _visible_mission_ids(request, place_obj))
