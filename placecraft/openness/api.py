"""API endpoints for weeknotes, stories, events and champions, added to /api/v1 with
``api.add_router``.

(No ``from __future__ import annotations`` here: django-ninja reads the real annotations.)

Reads go through the same access functions as the pages. Weeknotes and events can be written
with a write token by a contributor of the owning organisation (a token scoped to one
organisation can act only for it).
"""

from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from placecraft.api.auth import require_write
from placecraft.api.filters import Slug, UpdatedSince
from placecraft.api.pagination import BoundedLimitOffsetPagination
from placecraft.api.schemas import Error
from placecraft.core.markdown import render_markdown
from placecraft.core.models import Visibility
from placecraft.missions import access as mission_access
from placecraft.missions.models import Mission
from placecraft.openness import access as open_access
from placecraft.openness import services
from placecraft.openness.models import Champion, Event, EventKind, PublishStatus, Story, Weeknote
from placecraft.places import access
from placecraft.places.models import Organisation, Place
from placecraft.sprints.forms import unique_slug

router = Router(tags=["working in the open"])

# A person's id to filter by, within the database's integers (beyond them SQLite raised: a 500).
PersonId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class WeeknoteOut(Schema):
    id: int
    title: str
    body: str
    body_html: str
    week_of: date
    byline: str
    organisation: str
    missions: list[str]
    status: str
    visibility: str
    published_at: datetime | None
    updated_at: datetime

    @staticmethod
    def resolve_body_html(obj: Weeknote) -> str:
        return render_markdown(obj.body)

    @staticmethod
    def resolve_organisation(obj: Weeknote) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_missions(obj: Weeknote) -> list[str]:
        # Public missions only: a note may be public while a mission it mentions is not.
        return [m.slug for m in obj.missions.all() if m.visibility == Visibility.PUBLIC]


class WeeknoteIn(Schema):
    organisation: str
    title: str
    body: str
    week_of: date
    team_name: str = ""
    missions: list[str] = []
    visibility: Visibility = Visibility.PUBLIC
    status: PublishStatus = PublishStatus.DRAFT


class WeeknotePatch(Schema):
    title: str | None = None
    body: str | None = None
    week_of: date | None = None
    team_name: str | None = None
    visibility: Visibility | None = None
    status: PublishStatus | None = None


class StoryOut(Schema):
    slug: str
    title: str
    summary: str
    narrative_html: str
    is_case_study: bool
    mission: str | None
    published_at: datetime | None
    updated_at: datetime

    @staticmethod
    def resolve_narrative_html(obj: Story) -> str:
        return render_markdown(obj.narrative)

    @staticmethod
    def resolve_mission(obj: Story) -> str | None:
        # Public missions only, as for weeknotes: the mission may be less open than the story.
        if obj.mission is None or obj.mission.visibility != Visibility.PUBLIC:
            return None
        return obj.mission.slug


class EventOut(Schema):
    slug: str
    title: str
    kind: str
    summary: str
    organisation: str
    mission: str | None
    starts_at: datetime
    ends_at: datetime
    venue: str
    address: str
    accessibility: str
    capacity: int | None
    registration_open: bool
    visibility: str
    write_up: str
    updated_at: datetime

    @staticmethod
    def resolve_organisation(obj: Event) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_mission(obj: Event) -> str | None:
        # Public missions only, as for weeknotes: the mission may be less open than the event.
        if obj.mission is None or obj.mission.visibility != Visibility.PUBLIC:
            return None
        return obj.mission.slug


class EventIn(Schema):
    organisation: str
    title: str
    kind: EventKind = EventKind.CONVENING
    summary: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    address: str = ""
    accessibility: str = ""
    agenda: str = ""
    capacity: int | None = None
    registration_open: bool = True
    visibility: Visibility = Visibility.PUBLIC
    mission: Slug | None = None


class ChampionOut(Schema):
    slug: str
    name: str
    sector: str
    affiliation: str
    what_they_do: str
    missions: list[str]
    updated_at: datetime

    @staticmethod
    def resolve_missions(obj: Champion) -> list[str]:
        return [m.slug for m in obj.missions.all() if m.visibility == Visibility.PUBLIC]


def _writable(request: HttpRequest, place: Place, slug: str) -> Organisation:
    """The organisation to write for: one the token's owner contributes to."""
    organisation = access.writable_organisations(request.user, place).filter(slug=slug).first()
    if organisation is None:
        raise PermissionDenied("You can only write for organisations you contribute to.")
    return organisation


def _missions(request: HttpRequest, place: Place, slugs: list[str]) -> list[Mission]:
    """The missions named, all of which the token's owner must be able to see: a note or an
    event is never tied to a mission its author could not know exists, and a name that is not
    such a mission is refused rather than left out."""
    found = list(mission_access.visible_missions(request.user, place).filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {m.slug for m in found})
    if unknown:
        raise ValidationError(
            {
                "missions": [
                    f"There is no mission “{slug}” in this place that you can see."
                    for slug in unknown
                ]
            }
        )
    return found


# Weeknotes ----------------------------------------------------------------------------------


@router.get("/places/{place}/weeknotes", response=list[WeeknoteOut], tags=["weeknotes"])
@paginate(BoundedLimitOffsetPagination)
def list_weeknotes(
    request: HttpRequest,
    place: Slug,
    mission: Slug | None = None,
    author: PersonId | None = None,
    updated_since: UpdatedSince | None = None,
) -> Any:
    notes = (
        open_access.visible_weeknotes(request.user, access.get_place(place))
        .select_related("organisation", "author")
        .prefetch_related("missions")
        .order_by("-published_at", "-id")
    )
    if mission:
        notes = notes.filter(missions__slug=mission)
    if author:
        notes = notes.filter(author_id=author)
    if updated_since:
        notes = notes.filter(updated_at__gte=updated_since)
    return notes


@router.get(
    "/places/{place}/weeknotes/{pk}", response={200: WeeknoteOut, 404: Error}, tags=["weeknotes"]
)
def get_weeknote(request: HttpRequest, place: Slug, pk: int) -> Any:
    return open_access.get_weeknote(request.user, access.get_place(place), pk)


@router.post(
    "/places/{place}/weeknotes",
    response={201: WeeknoteOut, 401: Error, 403: Error, 404: Error, 422: Error},
    tags=["weeknotes"],
)
def create_weeknote(request: HttpRequest, place: Slug, payload: WeeknoteIn) -> Any:
    require_write(request)
    place_obj = access.get_place(place)
    organisation = _writable(request, place_obj, payload.organisation)
    note = services.save_weeknote(
        actor=request.user,  # type: ignore[arg-type]
        place=place_obj,
        organisation=organisation,
        data=payload.dict(exclude={"organisation", "missions"}),
        missions=_missions(request, place_obj, payload.missions),
    )
    return Status(201, note)


@router.patch(
    "/places/{place}/weeknotes/{pk}",
    response={200: WeeknoteOut, 401: Error, 403: Error, 404: Error, 422: Error},
    tags=["weeknotes"],
)
def update_weeknote(request: HttpRequest, place: Slug, pk: int, payload: WeeknotePatch) -> Any:
    require_write(request)
    place_obj = access.get_place(place)
    note = open_access.get_weeknote(request.user, place_obj, pk, write=True)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.save_weeknote(
        actor=request.user,  # type: ignore[arg-type]
        place=place_obj,
        weeknote=note,
        data=data,
    )


# Stories, events, champions -----------------------------------------------------------------


@router.get("/places/{place}/stories", response=list[StoryOut], tags=["stories"])
@paginate(BoundedLimitOffsetPagination)
def list_stories(
    request: HttpRequest, place: Slug, updated_since: UpdatedSince | None = None
) -> Any:
    place_obj = access.get_place(place)
    # Published stories only, even for their owners: the API is for what the public can reuse.
    stories = (
        open_access.visible_stories(request.user, place_obj)
        .filter(status=PublishStatus.PUBLISHED)
        .exclude(pk__in=open_access._withdrawn())
        .select_related("mission")
        .order_by("-published_at", "slug")
    )
    if updated_since:
        stories = stories.filter(updated_at__gte=updated_since)
    return stories


@router.get(
    "/places/{place}/stories/{slug}", response={200: StoryOut, 404: Error}, tags=["stories"]
)
def get_story(request: HttpRequest, place: Slug, slug: Slug) -> Any:
    return open_access.get_story(request.user, access.get_place(place), slug)


@router.get("/places/{place}/events", response=list[EventOut], tags=["events"])
@paginate(BoundedLimitOffsetPagination)
def list_events(
    request: HttpRequest, place: Slug, updated_since: UpdatedSince | None = None
) -> Any:
    events = (
        open_access.visible_events(request.user, access.get_place(place))
        .select_related("organisation", "mission")
        .order_by("starts_at", "slug")
    )
    if updated_since:
        events = events.filter(updated_at__gte=updated_since)
    return events


@router.get("/places/{place}/events/{slug}", response={200: EventOut, 404: Error}, tags=["events"])
def get_event(request: HttpRequest, place: Slug, slug: Slug) -> Any:
    return open_access.get_event(request.user, access.get_place(place), slug)


@router.post(
    "/places/{place}/events",
    response={201: EventOut, 401: Error, 403: Error, 404: Error, 422: Error},
    tags=["events"],
)
def create_event(request: HttpRequest, place: Slug, payload: EventIn) -> Any:
    require_write(request)
    place_obj = access.get_place(place)
    organisation = _writable(request, place_obj, payload.organisation)
    data = payload.dict(exclude={"organisation", "mission"})
    data["mission"] = None
    if payload.mission:
        data["mission"] = _missions(request, place_obj, [payload.mission])[0]
    data["slug"] = unique_slug(Event.objects.filter(place=place_obj), payload.title, "event")
    event = services.save_event(
        actor=request.user,  # type: ignore[arg-type]
        place=place_obj,
        organisation=organisation,
        data=data,
    )
    return Status(201, event)


@router.get("/places/{place}/champions", response=list[ChampionOut], tags=["champions"])
@paginate(BoundedLimitOffsetPagination)
def list_champions(
    request: HttpRequest, place: Slug, updated_since: UpdatedSince | None = None
) -> Any:
    champions = (
        open_access.visible_champions(request.user, access.get_place(place))
        .prefetch_related("missions")
        .order_by("name", "slug")
    )
    if updated_since:
        champions = champions.filter(updated_at__gte=updated_since)
    return champions
