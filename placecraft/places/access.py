"""The access functions. Every view gets its objects through these (or an app's own access.py
built on them); see docs/permissions.md for the role × action table they implement.

The rule of thumb, as in Healthchecks and Zulip: a user who may not know that an object exists
gets a 404; a user who may see it but not change it gets a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import IntegerField, Q, QuerySet, Value
from django.http import Http404

from placecraft.core.models import Visibility
from placecraft.places.models import (
    ROLE_RANK,
    Invitation,
    Membership,
    Organisation,
    Place,
    PlaceAdmin,
    Role,
)

M = TypeVar("M", bound=models.Model)
AnyUser = Any  # a User or AnonymousUser; kept loose so views can pass request.user directly.


@dataclass(frozen=True)
class Principal:
    """What one signed-in person may do, loaded once per request (two queries)."""

    user_id: int | None
    roles: dict[int, str]  # organisation id → role
    places: frozenset[int]  # places where the person belongs to at least one organisation
    admin_places: frozenset[int]

    def role(self, organisation_id: int) -> str | None:
        return self.roles.get(organisation_id)

    def has_role(self, organisation_id: int, minimum: str) -> bool:
        role = self.roles.get(organisation_id)
        return role is not None and ROLE_RANK[role] >= ROLE_RANK[minimum]


ANONYMOUS = Principal(user_id=None, roles={}, places=frozenset(), admin_places=frozenset())


def principal(user: AnyUser) -> Principal:
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return ANONYMOUS
    cached: Principal | None = getattr(user, "_placecraft_principal", None)
    if cached is None:
        # One query on every signed-in request: the memberships, and the places the person
        # administers as rows with no organisation.
        memberships = (
            Membership.objects.filter(user=user)
            .values_list("organisation_id", "organisation__place_id", "role")
            .order_by()
        )
        administered = (
            PlaceAdmin.objects.filter(user=user)
            .annotate(no_organisation=Value(None, output_field=IntegerField()), no_role=Value(""))
            .values_list("no_organisation", "place_id", "no_role")
            .order_by()
        )
        rows = list(memberships.union(administered, all=True))
        cached = Principal(
            user_id=user.pk,
            roles={org_id: role for org_id, _, role in rows if org_id is not None},
            places=frozenset(place_id for org_id, place_id, _ in rows if org_id is not None),
            admin_places=frozenset(place_id for org_id, place_id, _ in rows if org_id is None),
        )
        user._placecraft_principal = cached
    return cached


def restrict_to_organisation(user: AnyUser, organisation_id: int) -> Principal:
    """Narrow a user's principal to one organisation, for an API token scoped to it."""
    full = principal(user)
    role = full.roles.get(organisation_id)
    roles = {organisation_id: role} if role else {}
    places = frozenset(
        Organisation.objects.filter(pk__in=list(roles)).values_list("place_id", flat=True)
    )
    narrowed = Principal(user_id=full.user_id, roles=roles, places=places, admin_places=frozenset())
    user._placecraft_principal = narrowed
    return narrowed


def forget(user: AnyUser) -> None:
    """Drop the cached principal after memberships change within one request."""
    if hasattr(user, "_placecraft_principal"):
        del user._placecraft_principal


# Places -------------------------------------------------------------------------------------


def get_place(slug: str) -> Place:
    """Places are public: anyone may see that a place exists and read its public site."""
    try:
        return Place.objects.get(slug=slug)
    except Place.DoesNotExist:
        raise Http404("No such place") from None


def is_place_admin(user: AnyUser, place: Place) -> bool:
    return place.pk in principal(user).admin_places


def is_partner(user: AnyUser, place: Place) -> bool:
    """A member of any organisation in the place (or its administrator)."""
    p = principal(user)
    return place.pk in p.places or place.pk in p.admin_places


def get_place_for_admin(user: AnyUser, slug: str) -> Place:
    place = get_place(slug)
    if not is_place_admin(user, place):
        raise PermissionDenied("Only the place's administrators can do this.")
    return place


# Organisations ------------------------------------------------------------------------------


def get_organisation(place: Place, slug: str) -> Organisation:
    """Organisations' names and kinds are public: the place's partner registry lists them."""
    try:
        return Organisation.objects.select_related("place").get(place=place, slug=slug)
    except Organisation.DoesNotExist:
        raise Http404("No such organisation") from None


def role_in(user: AnyUser, organisation: Organisation) -> str | None:
    return principal(user).role(organisation.pk)


def can_manage_organisation(user: AnyUser, organisation: Organisation) -> bool:
    """Organisation admins manage their own organisation; place admins manage every one."""
    p = principal(user)
    return p.has_role(organisation.pk, Role.ADMIN) or organisation.place_id in p.admin_places


def get_organisation_for_manager(user: AnyUser, place: Place, slug: str) -> Organisation:
    organisation = get_organisation(place, slug)
    if not can_manage_organisation(user, organisation):
        raise PermissionDenied("Only the organisation's admins can do this.")
    return organisation


def get_membership_for_manager(user: AnyUser, organisation: Organisation, pk: int) -> Membership:
    if not can_manage_organisation(user, organisation):
        raise PermissionDenied("Only the organisation's admins can do this.")
    try:
        return Membership.objects.select_related("user", "organisation").get(
            pk=pk, organisation=organisation
        )
    except Membership.DoesNotExist:
        raise Http404("No such member") from None


def get_invitation_for_manager(user: AnyUser, organisation: Organisation, pk: int) -> Invitation:
    if not can_manage_organisation(user, organisation):
        raise PermissionDenied("Only the organisation's admins can do this.")
    try:
        return Invitation.objects.select_related("organisation__place").get(
            pk=pk, organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True
        )
    except Invitation.DoesNotExist:
        raise Http404("No such invitation") from None


# Content with an owner organisation and a visibility ----------------------------------------


class OwnedContent(Protocol):
    pk: Any
    organisation_id: int
    visibility: str


def open_visibilities(user: AnyUser, place: Place) -> list[str]:
    """The visibilities of content in ``place`` the user may see whichever organisation owns it
    (besides these, they see everything their own organisations own)."""
    p = principal(user)
    if place.pk in p.places or place.pk in p.admin_places:
        return [Visibility.PUBLIC, Visibility.PARTNERS]
    return [Visibility.PUBLIC]


def visible_q(user: AnyUser, place: Place, prefix: str = "") -> Q:
    """Filter for content in ``place`` that ``user`` may see.

    ``prefix`` points at the owned object from a related model, e.g. ``"mission__"``.
    """
    p = principal(user)
    q = Q()
    for visibility in open_visibilities(user, place):
        q |= Q(**{f"{prefix}visibility": visibility})
    if p.roles:
        q |= Q(**{f"{prefix}organisation_id__in": list(p.roles)})
    return q


def can_view(user: AnyUser, obj: OwnedContent, place: Place) -> bool:
    if obj.visibility == Visibility.PUBLIC:
        return True
    p = principal(user)
    if obj.organisation_id in p.roles:
        return True
    return obj.visibility == Visibility.PARTNERS and (
        place.pk in p.places or place.pk in p.admin_places
    )


def can_edit(user: AnyUser, obj: OwnedContent, minimum: str = Role.CONTRIBUTOR) -> bool:
    return principal(user).has_role(obj.organisation_id, minimum)


def visible(queryset: QuerySet[M], user: AnyUser, place: Place, prefix: str = "") -> QuerySet[M]:
    return queryset.filter(**{f"{prefix}place": place}).filter(visible_q(user, place, prefix))


def get_content_for_user(
    queryset: QuerySet[M],
    user: AnyUser,
    place: Place,
    *,
    write: bool = False,
    minimum: str = Role.CONTRIBUTOR,
    **lookup: Any,
) -> M:
    """One owned object from ``queryset`` in ``place``: 404 if the user may not see it,
    403 if ``write`` and the user may see it but lacks ``minimum`` role in its organisation."""
    try:
        obj = queryset.get(place=place, **lookup)
    except queryset.model.DoesNotExist:  # type: ignore[attr-defined]
        raise Http404("Not found") from None
    if not can_view(user, obj, place):  # type: ignore[arg-type]
        raise Http404("Not found")
    if write and not can_edit(user, obj, minimum):  # type: ignore[arg-type]
        raise PermissionDenied("You cannot change this.")
    return obj


def writable_organisations(
    user: AnyUser, place: Place, minimum: str = Role.CONTRIBUTOR
) -> QuerySet[Organisation]:
    """Organisations in the place on whose behalf the user may create content."""
    p = principal(user)
    ids = [org_id for org_id in p.roles if p.has_role(org_id, minimum)]
    return Organisation.objects.filter(place=place, pk__in=ids)


def require_member(user: AnyUser, place: Place) -> None:
    """Pages for the people working in a place, not for residents or other places."""
    if not is_partner(user, place):
        raise PermissionDenied("This page is for members of organisations in this place.")
