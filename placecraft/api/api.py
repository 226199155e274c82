"""The JSON API at /api/v1/, with its OpenAPI document at /api/v1/openapi.json.

(No ``from __future__ import annotations`` here: django-ninja reads the real annotations.)

Every endpoint gets its objects through the same access functions as the views. Apps add their
endpoints as routers (``api.add_router``) in this module.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as InputError
from ninja.openapi.schema import OpenAPISchema
from ninja.pagination import paginate
from ninja.parser import Parser
from ninja.types import DictStrAny

from placecraft.api.auth import PlacecraftThrottle, read_auth
from placecraft.api.filters import Slug, UpdatedSince
from placecraft.api.pagination import BoundedLimitOffsetPagination
from placecraft.api.schemas import Error, OrganisationOut, PlaceOut
from placecraft.places import access
from placecraft.places.models import Organisation, Place

# Every operation can answer with these, always as {"detail": "...", "errors": [...]}.
_ERRORS = {
    "401": "The token is not valid, or the operation needs one.",
    "403": "The token may not do this.",
    "404": "Not found, or not visible to you.",
    "422": "The input is not valid; `errors` says where.",
    "429": "Too many requests: slow down and try again in a minute.",
}
_ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["detail"],
}


class NulCharacter(ValueError):
    """Text with a NUL character, which PostgreSQL refuses to store or look up (a 500)."""


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class PlacecraftParser(Parser):
    """No text with a NUL character gets in, from any operation's body or query, so no field
    needs its own check: JSON and URLs can carry one, but no data of ours holds one."""

    def parse_body(self, request: HttpRequest) -> DictStrAny:
        data = super().parse_body(request)
        if _has_nul(data):
            # ninja turns any error here into a 400; http_error below makes it a 422.
            raise NulCharacter("Text may not contain a NUL character.")
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> DictStrAny:
        parsed = super().parse_querydict(data, list_fields, request)
        bad = [name for name, value in parsed.items() if _has_nul(name) or _has_nul(value)]
        if bad:
            raise InputError(
                [
                    {"loc": ["query", name], "msg": "Text may not contain a NUL character."}
                    for name in bad
                ]
            )
        return parsed


class PlacecraftAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        """The document states the error answers every operation can give, so clients (and
        schemathesis in CI) can rely on them."""
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = _ERROR_SCHEMA
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in _ERRORS.items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Error"}
                                }
                            },
                        },
                    )
        return schema


api = PlacecraftAPI(
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
    parser=PlacecraftParser(),
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


@api.exception_handler(InputError)
def invalid_input(request: HttpRequest, exc: InputError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "The input is not valid.", "errors": list(exc.errors)}, status=422
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, NulCharacter):
        return api.create_response(request, {"detail": str(exc.__cause__)}, status=422)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.get("/places", response=list[PlaceOut], tags=["places"])
@paginate(BoundedLimitOffsetPagination)
def list_places(request: HttpRequest, updated_since: UpdatedSince | None = None) -> object:
    places = Place.objects.order_by("slug")
    if updated_since:
        places = places.filter(updated_at__gte=updated_since)
    return places


@api.get("/places/{place}", response={200: PlaceOut, 404: Error}, tags=["places"])
def get_place(request: HttpRequest, place: Slug) -> Place:
    return access.get_place(place)


@api.get("/places/{place}/organisations", response=list[OrganisationOut], tags=["organisations"])
@paginate(BoundedLimitOffsetPagination)
def list_organisations(
    request: HttpRequest,
    place: Slug,
    kind: Slug | None = None,
    updated_since: UpdatedSince | None = None,
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
def get_organisation(request: HttpRequest, place: Slug, org: Slug) -> Organisation:
    return access.get_organisation(access.get_place(place), org)


api.add_router("", "placecraft.partners.api.router")
api.add_router("", "placecraft.sprints.api.router")
api.add_router("", "placecraft.openness.api.router")
api.add_router("", "placecraft.budgeting.api.router")
api.add_router("", "placecraft.impact.api.router")
api.add_router("", "placecraft.community.api.router")
api.add_router("", "placecraft.missions.api.router")
api.add_router("", "placecraft.evidence.api.router")
