"""The JSON API at /api/v1/, with its OpenAPI document at /api/v1/openapi.json.

(No ``from __future__ import annotations`` here: django-ninja reads the real annotations.)

Every endpoint gets its objects through the same access functions as the views. Apps add their
endpoints as routers (``api.add_router``) in this module.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from placecraft.api.auth import PlacecraftThrottle, read_auth
from placecraft.api.schemas import Error, OrganisationOut, PlaceOut
from placecraft.places import access
from placecraft.places.models import Organisation, Place

api = NinjaAPI(
    title="Placecraft API",
    version="1",
    description=(
        "Read public data without a token. Send a personal access token "
        "(`Authorization: Bearer pc_…`, made on your account's API tokens page) to read what you "
        "can see and, with a write token, to change it. Lists are paginated with `limit` and "
        "`offset` and can be filtered with `updated_since`. Errors have a `detail` message."
    ),
    urls_namespace="api",
    auth=read_auth,
    throttle=[PlacecraftThrottle()],
)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not allowed."}, status=403)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.get("/places", response=list[PlaceOut], tags=["places"])
@paginate(LimitOffsetPagination)
def list_places(request: HttpRequest, updated_since: datetime | None = None) -> object:
    places = Place.objects.order_by("slug")
    if updated_since:
        places = places.filter(updated_at__gte=updated_since)
    return places


@api.get("/places/{place}", response={200: PlaceOut, 404: Error}, tags=["places"])
def get_place(request: HttpRequest, place: str) -> Place:
    return access.get_place(place)


@api.get("/places/{place}/organisations", response=list[OrganisationOut], tags=["organisations"])
@paginate(LimitOffsetPagination)
def list_organisations(
    request: HttpRequest, place: str, kind: str | None = None, updated_since: datetime | None = None
) -> object:
    organisations = Organisation.objects.filter(place=access.get_place(place)).order_by("slug")
    if kind:
        organisations = organisations.filter(kind=kind)
    if updated_since:
        organisations = organisations.filter(updated_at__gte=updated_since)
    return organisations


@api.get(
    "/places/{place}/organisations/{org}",
    response={200: OrganisationOut, 404: Error},
    tags=["organisations"],
)
def get_organisation(request: HttpRequest, place: str, org: str) -> Organisation:
    return access.get_organisation(access.get_place(place), org)
