"""Who may see and change indicators, built on placecraft.places.access.

Indicators are owned content: the place's visibility rules decide who sees one (404 otherwise);
contributors in the owner organisation may change it and import its figures (403 otherwise)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from placecraft.evidence.models import Indicator, MissionIndicator, PendingImport
from placecraft.missions.models import Mission
from placecraft.places import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Place


def visible_indicators(user: AnyUser, place: Place) -> QuerySet[Indicator]:
    return access.visible(Indicator.objects.all(), user, place)


def get_indicator(user: AnyUser, place: Place, slug: str) -> Indicator:
    return access.get_content_for_user(
        Indicator.objects.select_related("organisation", "place"), user, place, slug=slug
    )


def get_indicator_for_editor(user: AnyUser, place: Place, slug: str) -> Indicator:
    return access.get_content_for_user(
        Indicator.objects.select_related("organisation", "place"),
        user,
        place,
        write=True,
        slug=slug,
    )


def require_indicator_creator(user: AnyUser, place: Place) -> None:
    if not access.writable_organisations(user, place).exists():
        raise PermissionDenied(
            "Only contributors in an organisation in this place can add indicators."
        )


def get_import(user: AnyUser, indicator: Indicator, pk: int) -> PendingImport:
    """An upload of ``indicator``'s figures, for someone already allowed to change it (from
    get_indicator_for_editor): any of its editors may follow an import's progress."""
    if not access.can_edit(user, indicator):
        raise Http404("No such upload")
    try:
        return PendingImport.objects.select_related("uploaded_by").get(pk=pk, indicator=indicator)
    except PendingImport.DoesNotExist:
        raise Http404("No such upload") from None


def get_pending_import(user: AnyUser, indicator: Indicator, pk: int) -> PendingImport:
    """Only the person who uploaded a file can confirm it."""
    pending = get_import(user, indicator, pk)
    if pending.uploaded_by_id != access.principal(user).user_id or pending.imported_at:
        raise Http404("No such upload")
    return pending


def can_confirm(user: AnyUser, pending: PendingImport) -> bool:
    return pending.uploaded_by_id == access.principal(user).user_id


def get_mission_indicator(mission: Mission, pk: int) -> MissionIndicator:
    """A link on a mission the caller has already been allowed to change."""
    try:
        return MissionIndicator.objects.select_related("indicator", "mission").get(
            pk=pk, mission=mission
        )
    except MissionIndicator.DoesNotExist:
        raise Http404("No such indicator on this mission") from None
