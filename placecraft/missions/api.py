"""API endpoints for missions and their progress updates, added to /api/v1 with
``api.add_router``.

(No ``from __future__ import annotations`` here: django-ninja reads the real annotations.)

Reads go through the same access functions as the pages: anonymous callers see public missions
only. Writes need a write token, and the same permission as the pages (contributors of the owner
or a co-owner change a mission; leads change its status); input is checked by the pages' own
forms, so the API and the web accept exactly the same things.
"""

import copy
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from placecraft.api.auth import require_write
from placecraft.api.filters import Slug, UpdatedSince
from placecraft.api.pagination import BoundedLimitOffsetPagination
from placecraft.api.schemas import Error
from placecraft.core.models import Visibility
from placecraft.missions import access, services
from placecraft.missions.forms import MissionForm, StatusForm, UpdateForm
from placecraft.missions.models import Mission, MissionStatus, ProgressUpdate, UpdateStatus
from placecraft.places import access as places_access
from placecraft.places.models import Organisation, Place

router = Router(tags=["missions"])


class MissionOut(Schema):
    slug: str
    title: str
    statement: str
    ambition: str
    why_it_matters: str
    get_involved: str
    horizon_year: int
    status: str
    status_changed_at: datetime
    visibility: str
    owner: Slug
    co_owners: list[str]
    update_every_days: int
    last_update_at: datetime | None
    update_due: date
    is_stale: bool
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_owner(obj: Mission) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_co_owners(obj: Mission) -> list[str]:
        return sorted(o.slug for o in obj.co_owners.all())

    @staticmethod
    def resolve_update_due(obj: Mission) -> date:
        return obj.update_due()

    @staticmethod
    def resolve_is_stale(obj: Mission) -> bool:
        return obj.is_stale()


class MissionIn(Schema):
    title: str
    statement: str
    ambition: str
    horizon_year: int
    owner: Slug
    why_it_matters: str = ""
    get_involved: str = ""
    visibility: Visibility = Visibility.PRIVATE
    co_owners: list[Slug] = []
    update_every_days: int = 90


class MissionPatch(Schema):
    title: str | None = None
    statement: str | None = None
    ambition: str | None = None
    horizon_year: int | None = None
    owner: Slug | None = None
    why_it_matters: str | None = None
    get_involved: str | None = None
    visibility: Visibility | None = None
    co_owners: list[Slug] | None = None
    update_every_days: int | None = None


class StatusIn(Schema):
    status: MissionStatus
    note: str = ""


class UpdateOut(Schema):
    id: int
    mission: str
    period_label: str
    status: str
    narrative: str
    what_changed: str
    what_we_learned: str
    published_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_mission(obj: ProgressUpdate) -> str:
        return obj.mission.slug


class UpdateIn(Schema):
    period_label: str
    status: UpdateStatus
    narrative: str
    what_changed: str = ""
    what_we_learned: str = ""


class Invalid(Schema):
    """Input the pages' forms refuse gives ``{"field", "message"}`` items, as the forms would
    show them; JSON that does not fit the input schema gives pydantic's ``{"loc", "msg"}``."""

    detail: str
    errors: list[dict[str, Any]]


# The forms name the owner "organisation"; the API calls it "owner", as the pages' label does.
_API_NAMES = {"organisation": "owner", "__all__": ""}

_WRITE_ERRORS = {401: Error, 403: Error, 404: Error, 422: Invalid}


def _invalid(errors: Mapping[str, Iterable[str]]) -> Status[Any]:
    problems = [
        {"field": _API_NAMES.get(field, field), "message": message}
        for field, messages in errors.items()
        for message in messages
    ]
    return Status(422, {"detail": "The input is not valid.", "errors": problems})


def _form_errors(form: Any) -> dict[str, list[str]]:
    return {
        field: [str(problem["message"]) for problem in problems]
        for field, problems in form.errors.get_json_data().items()
    }


def _service_errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return dict(error.message_dict)
    return {"__all__": list(error.messages)}


def _missions(user: Any, place: Place) -> QuerySet[Mission]:
    return (
        access.visible_missions(user, place)
        .select_related("organisation")
        .prefetch_related("co_owners")
    )


def _organisation_ids(place: Place, slugs: list[str]) -> list[Any]:
    """Primary keys for the form. An unknown slug is passed on as itself, so the form reports it
    as an invalid choice, as the page would."""
    found = dict(Organisation.objects.filter(place=place, slug__in=slugs).values_list("slug", "pk"))
    return [found.get(slug, slug) for slug in slugs]


def _owner(place: Place, slug: str, owners: QuerySet[Organisation]) -> int:
    organisation = places_access.get_organisation(place, slug)
    if not owners.filter(pk=organisation.pk).exists():
        raise PermissionDenied(
            "You can only own missions for organisations you contribute to, and only an admin "
            "of a mission's owner can give it to another organisation."
        )
    return organisation.pk


def _acting_for_owner(request: HttpRequest, mission: Mission) -> Mission:
    """A token limited to one organisation acts only for it. Roles are narrowed when the token
    is read, but being one of a mission's named leads belongs to the person: without this, a
    lead's token limited to some other organisation could still change the mission."""
    token = require_write(request)
    if token.organisation_id is not None and token.organisation_id not in {
        mission.organisation_id,
        *mission.co_owners.values_list("pk", flat=True),
    }:
        raise PermissionDenied("This token can only act for its own organisation.")
    return mission


def _form_data(mission: Mission) -> dict[str, Any]:
    """What the edit page would show for the mission, as the data a form is posted with."""
    return {
        "title": mission.title,
        "organisation": mission.organisation_id,
        "co_owners": [
            *mission.co_owners.values_list("pk", flat=True),
            *services.pending_co_owner_ids(mission),
        ],
        "statement": mission.statement,
        "ambition": mission.ambition,
        "why_it_matters": mission.why_it_matters,
        "get_involved": mission.get_involved,
        "horizon_year": mission.horizon_year,
        "visibility": mission.visibility,
        "leads": list(mission.leads.values_list("pk", flat=True)),
        "update_every_days": mission.update_every_days,
    }


# Missions -----------------------------------------------------------------------------------


@router.get("/places/{place}/missions", response=list[MissionOut])
@paginate(BoundedLimitOffsetPagination)
def list_missions(
    request: HttpRequest,
    place: Slug,
    status: MissionStatus | None = None,
    updated_since: UpdatedSince | None = None,
) -> Any:
    missions = _missions(request.user, places_access.get_place(place))
    if status:
        missions = missions.filter(status=status)
    if updated_since:
        missions = missions.filter(updated_at__gte=updated_since)
    return missions.order_by("title", "pk")


@router.get("/places/{place}/missions/{slug}", response={200: MissionOut, 404: Error})
def get_mission(request: HttpRequest, place: Slug, slug: Slug) -> Any:
    return access.get_mission(request.user, places_access.get_place(place), slug)


@router.post("/places/{place}/missions", response={201: MissionOut, **_WRITE_ERRORS})
def create_mission(request: HttpRequest, place: Slug, payload: MissionIn) -> Any:
    require_write(request)
    place_obj = places_access.get_place(place)
    access.require_creator(request.user, place_obj)
    owners = places_access.writable_organisations(request.user, place_obj)
    data = payload.dict(exclude={"owner", "co_owners"})
    data["organisation"] = _owner(place_obj, payload.owner, owners)
    data["co_owners"] = _organisation_ids(place_obj, payload.co_owners)
    form = MissionForm(data, place=place_obj, owners=owners)
    if not form.is_valid():
        return _invalid(_form_errors(form))
    try:
        mission = services.create_mission(
            actor=request.user,  # type: ignore[arg-type]
            place=place_obj,
            data=form.cleaned_values(),
            co_owners=form.cleaned_data["co_owners"],
            leads=form.cleaned_data["leads"],
        )
    except ValidationError as error:
        return _invalid(_service_errors(error))
    return Status(201, access.get_mission(request.user, place_obj, mission.slug))


@router.patch("/places/{place}/missions/{slug}", response={200: MissionOut, **_WRITE_ERRORS})
def update_mission(request: HttpRequest, place: Slug, slug: Slug, payload: MissionPatch) -> Any:
    require_write(request)
    place_obj = places_access.get_place(place)
    mission = _acting_for_owner(
        request, access.get_mission_for_editor(request.user, place_obj, slug)
    )
    owners = access.owner_choices(request.user, mission)
    changes = payload.dict(exclude_unset=True)
    data = _form_data(mission)
    if changes.get("owner") is not None:
        data["organisation"] = _owner(place_obj, changes.pop("owner"), owners)
    if changes.get("co_owners") is not None:
        data["co_owners"] = _organisation_ids(place_obj, changes.pop("co_owners"))
    data.update({k: v for k, v in changes.items() if k not in ("owner", "co_owners")})
    form = MissionForm(data, instance=copy.copy(mission), place=place_obj, owners=owners)
    if not form.is_valid():
        return _invalid(_form_errors(form))
    try:
        services.update_mission(
            actor=request.user,  # type: ignore[arg-type]
            mission=mission,
            data=form.cleaned_values(),
            co_owners=form.cleaned_data["co_owners"],
            leads=form.cleaned_data["leads"],
        )
    except ValidationError as error:
        return _invalid(_service_errors(error))
    return access.get_mission(request.user, place_obj, mission.slug)


@router.post("/places/{place}/missions/{slug}/status", response={200: MissionOut, **_WRITE_ERRORS})
def change_mission_status(request: HttpRequest, place: Slug, slug: Slug, payload: StatusIn) -> Any:
    """Move the mission to a new status; who moved it, when and why go into its history."""
    require_write(request)
    place_obj = places_access.get_place(place)
    mission = _acting_for_owner(
        request, access.get_mission_for_status(request.user, place_obj, slug)
    )
    form = StatusForm(payload.dict(), mission=mission)
    if not form.is_valid():
        return _invalid(_form_errors(form))
    try:
        services.change_status(
            actor=request.user,  # type: ignore[arg-type]
            mission=mission,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return _invalid(_service_errors(error))
    return access.get_mission(request.user, place_obj, mission.slug)


# Progress updates ---------------------------------------------------------------------------


@router.get(
    "/places/{place}/missions/{slug}/updates",
    response=list[UpdateOut],
    tags=["progress updates"],
)
@paginate(BoundedLimitOffsetPagination)
def list_progress_updates(
    request: HttpRequest, place: Slug, slug: Slug, updated_since: UpdatedSince | None = None
) -> Any:
    mission = access.get_mission(request.user, places_access.get_place(place), slug)
    updates = ProgressUpdate.objects.filter(mission=mission).select_related("mission")
    if updated_since:
        updates = updates.filter(updated_at__gte=updated_since)
    return updates.order_by("-published_at", "-pk")


@router.get(
    "/places/{place}/missions/{slug}/updates/{pk}",
    response={200: UpdateOut, 404: Error},
    tags=["progress updates"],
)
def get_progress_update(request: HttpRequest, place: Slug, slug: Slug, pk: int) -> Any:
    mission = access.get_mission(request.user, places_access.get_place(place), slug)
    update = ProgressUpdate.objects.filter(mission=mission, pk=pk).select_related("mission").first()
    if update is None:
        raise Http404("No such update")
    return update


@router.post(
    "/places/{place}/missions/{slug}/updates",
    response={201: UpdateOut, **_WRITE_ERRORS},
    tags=["progress updates"],
)
def post_progress_update(request: HttpRequest, place: Slug, slug: Slug, payload: UpdateIn) -> Any:
    require_write(request)
    place_obj = places_access.get_place(place)
    mission = _acting_for_owner(
        request, access.get_mission_for_editor(request.user, place_obj, slug)
    )
    form = UpdateForm(payload.dict())
    if not form.is_valid():
        return _invalid(_form_errors(form))
    try:
        update = services.add_update(
            actor=request.user,  # type: ignore[arg-type]
            mission=mission,
            data=form.cleaned_values(),
        )
    except ValidationError as error:
        return _invalid(_service_errors(error))
    return Status(201, update)
