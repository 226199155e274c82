"""API endpoints for partners and commitments, added to /api/v1 with ``api.add_router``.

(No ``from __future__ import annotations`` here: django-ninja reads the real annotations.)

Reads follow the same access functions as the pages; writing a commitment needs a write token
from a contributor of the partner (a token scoped to one organisation can act only for it).
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from placecraft.api.auth import require_write
from placecraft.api.filters import Slug, UpdatedSince
from placecraft.api.pagination import BoundedLimitOffsetPagination, Mapped
from placecraft.api.schemas import Error
from placecraft.partners import access, services
from placecraft.partners.models import Commitment, CommitmentStatus
from placecraft.places import access as places_access
from placecraft.places.models import Organisation, Role

router = Router(tags=["partners"])


class PartnerOut(Schema):
    slug: str
    name: str
    kind: str
    what_we_do: str
    what_we_offer: str
    missions_of_interest: list[str]
    updated_at: datetime


class CommitmentOut(Schema):
    id: int
    partner: str
    mission: str
    title: str
    description: str
    due_date: date | None
    measure_of_success: str
    resources_pledged: str
    pledged_amount: Decimal | None
    currency: str
    status: str
    visibility: str
    update_due: date | None
    updated_at: datetime


class CommitmentIn(Schema):
    partner: str
    mission: str
    title: str
    description: str = ""
    due_date: date | None = None
    measure_of_success: str = ""
    resources_pledged: str = ""
    pledged_amount: Decimal | None = None
    currency: str = "GBP"
    status: CommitmentStatus = CommitmentStatus.ACTIVE
    visibility: str = "partners"


class CommitmentPatch(Schema):
    title: str | None = None
    description: str | None = None
    due_date: date | None = None
    measure_of_success: str | None = None
    resources_pledged: str | None = None
    pledged_amount: Decimal | None = None
    status: CommitmentStatus | None = None
    visibility: str | None = None


class UpdateIn(Schema):
    on: date | None = None
    status: CommitmentStatus
    progress: str
    evidence: str = ""
    evidence_url: str = ""


def _partner_out(organisation: Organisation, visible: set[int]) -> dict[str, Any]:
    profile = getattr(organisation, "partner_profile", None)
    interests = (
        sorted(m.slug for m in profile.missions_of_interest.all() if m.pk in visible)
        if profile
        else []
    )
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "kind": organisation.kind,
        "what_we_do": profile.what_we_do if profile else "",
        "what_we_offer": profile.what_we_offer if profile else "",
        "missions_of_interest": interests,
        "updated_at": max(organisation.updated_at, profile.updated_at)
        if profile
        else organisation.updated_at,
    }


def _commitment_out(c: Commitment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "partner": c.organisation.slug,
        "mission": c.mission.slug,
        "title": c.title,
        "description": c.description,
        "due_date": c.due_date,
        "measure_of_success": c.measure_of_success,
        "resources_pledged": c.resources_pledged,
        "pledged_amount": c.pledged_amount,
        "currency": c.currency,
        "status": c.status,
        "visibility": c.visibility,
        "update_due": c.update_due,
        "updated_at": c.updated_at,
    }


@router.get("/places/{place}/partners", response=list[PartnerOut])
@paginate(BoundedLimitOffsetPagination)
def list_partners(
    request: HttpRequest,
    place: Slug,
    kind: Slug | None = None,
    updated_since: UpdatedSince | None = None,
) -> Any:
    place_obj = places_access.get_place(place)
    organisations = (
        Organisation.objects.filter(place=place_obj)
        .select_related("partner_profile")
        .prefetch_related("partner_profile__missions_of_interest")
        .order_by("slug")
    )
    if kind:
        organisations = organisations.filter(kind=kind)
    if updated_since:
        organisations = organisations.filter(
            Q(updated_at__gte=updated_since) | Q(partner_profile__updated_at__gte=updated_since)
        )
    visible = access.visible_mission_ids(request.user, place_obj)
    return Mapped(organisations, lambda o: _partner_out(o, visible))


@router.get("/places/{place}/partners/{org}", response={200: PartnerOut, 404: Error})
def get_partner(request: HttpRequest, place: Slug, org: Slug) -> Any:
    place_obj = places_access.get_place(place)
    organisation = access.get_partner(place_obj, org)
    return _partner_out(organisation, access.visible_mission_ids(request.user, place_obj))


@router.get("/places/{place}/commitments", response=list[CommitmentOut], tags=["commitments"])
@paginate(BoundedLimitOffsetPagination)
def list_commitments(
    request: HttpRequest,
    place: Slug,
    mission: Slug | None = None,
    partner: Slug | None = None,
    status: Slug | None = None,
    updated_since: UpdatedSince | None = None,
) -> Any:
    place_obj = places_access.get_place(place)
    commitments = (
        access.visible_commitments(request.user, place_obj)
        .select_related("organisation", "mission")
        .order_by("pk")
    )
    if mission:
        commitments = commitments.filter(mission__slug=mission)
    if partner:
        commitments = commitments.filter(organisation__slug=partner)
    if status:
        commitments = commitments.filter(status=status)
    if updated_since:
        commitments = commitments.filter(updated_at__gte=updated_since)
    return Mapped(commitments, _commitment_out)


@router.get(
    "/places/{place}/commitments/{pk}",
    response={200: CommitmentOut, 404: Error},
    tags=["commitments"],
)
def get_commitment(request: HttpRequest, place: Slug, pk: int) -> Any:
    place_obj = places_access.get_place(place)
    return _commitment_out(access.get_commitment(request.user, place_obj, pk))


@router.post(
    "/places/{place}/commitments",
    response={201: CommitmentOut, 401: Error, 403: Error, 404: Error, 422: Error},
    tags=["commitments"],
)
def create_commitment(request: HttpRequest, place: Slug, payload: CommitmentIn) -> Any:
    require_write(request)
    place_obj = places_access.get_place(place)
    organisation = access.get_partner(place_obj, payload.partner)
    if not places_access.principal(request.user).has_role(organisation.pk, Role.CONTRIBUTOR):
        raise PermissionDenied("Only the partner's own contributors can make its commitments.")
    mission = access.get_visible_mission(request.user, place_obj, payload.mission)
    data = payload.dict(exclude={"partner", "mission"})
    commitment = services.create_commitment(
        actor=request.user,  # type: ignore[arg-type]
        partner=organisation,
        mission=mission,
        data=data,
    )
    return Status(201, _commitment_out(commitment))


@router.patch(
    "/places/{place}/commitments/{pk}",
    response={200: CommitmentOut, 401: Error, 403: Error, 404: Error, 422: Error},
    tags=["commitments"],
)
def update_commitment(request: HttpRequest, place: Slug, pk: int, payload: CommitmentPatch) -> Any:
    require_write(request)
    place_obj = places_access.get_place(place)
    commitment = access.get_commitment(request.user, place_obj, pk, write=True)
    commitment = services.update_commitment(
        actor=request.user,  # type: ignore[arg-type]
        commitment=commitment,
        data=payload.dict(exclude_unset=True),
    )
    return _commitment_out(commitment)


@router.post(
    "/places/{place}/commitments/{pk}/updates",
    response={201: CommitmentOut, 401: Error, 403: Error, 404: Error, 422: Error},
    tags=["commitments"],
)
def post_update(request: HttpRequest, place: Slug, pk: int, payload: UpdateIn) -> Any:
    require_write(request)
    place_obj = places_access.get_place(place)
    commitment = access.get_commitment(request.user, place_obj, pk, write=True)
    data = payload.dict(exclude_unset=True)
    if data.get("on") is None:
        data.pop("on", None)
    services.add_commitment_update(
        actor=request.user,  # type: ignore[arg-type]
        commitment=commitment,
        data=data,
    )
    commitment.refresh_from_db()
    return Status(201, _commitment_out(commitment))
