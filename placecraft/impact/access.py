"""Who may see and change risks, learning entries and library resources, built on
``placecraft.places.access`` (and the missions and sprints apps' own rules).

- The risk register, the learning log, the journey and the portfolio are working pages for people
  in organisations of the place: residents and outsiders get 403, anonymous visitors sign in.
- A risk is owned content: 404 for someone who may not see it, 403 for someone who may see it but
  is not a contributor of its organisation.
- A learning entry follows the sprints app's rules: its visibility, plus the partner organisations
  it is shared with.
- The starter library is public; an organisation's own resources follow their visibility.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from placecraft.impact.models import Resource, Risk
from placecraft.places import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Place, Role
from placecraft.sprints import access as sprints_access
from placecraft.sprints.models import Learning


def require_member(user: AnyUser, place: Place) -> None:
    access.require_member(user, place)


def can_contribute(user: AnyUser, place: Place) -> bool:
    return access.writable_organisations(user, place).exists()


def require_contributor(user: AnyUser, place: Place) -> None:
    if not can_contribute(user, place):
        raise PermissionDenied("Only contributors in an organisation in this place can do this.")


# Risks --------------------------------------------------------------------------------------


def visible_risks(user: AnyUser, place: Place) -> QuerySet[Risk]:
    return access.visible(Risk.objects.all(), user, place)


def get_risk(user: AnyUser, place: Place, pk: int, *, write: bool = False) -> Risk:
    return access.get_content_for_user(
        Risk.objects.select_related("organisation", "mission", "owner"),
        user,
        place,
        write=write,
        minimum=Role.CONTRIBUTOR,
        pk=pk,
    )


# Learning -----------------------------------------------------------------------------------


def visible_learnings(user: AnyUser, place: Place) -> QuerySet[Learning]:
    return sprints_access.visible_learnings(user, place)


def get_learning(user: AnyUser, place: Place, pk: int) -> Learning:
    try:
        return (
            visible_learnings(user, place)
            .select_related("organisation", "mission", "sprint", "author", "log_tags")
            .get(pk=pk)
        )
    except Learning.DoesNotExist:
        raise Http404("No such learning entry") from None


# Resources ----------------------------------------------------------------------------------


def resource_q(user: AnyUser, place: Place) -> Q:
    return Q(place__isnull=True) | (Q(place=place) & access.visible_q(user, place))


def visible_resources(user: AnyUser, place: Place) -> QuerySet[Resource]:
    return Resource.objects.filter(resource_q(user, place))
