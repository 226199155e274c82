"""Who may see and change missions, built on placecraft.places.access.

A mission is owned by one organisation and may be co-owned by others. Members of the owner and
of the co-owners see the mission whatever its visibility; others follow the usual rules (public
for everyone, partners for members of any organisation in the place).

Changing a mission (its text, board, alignment, indicators, updates) needs the contributor role in
the owner or a co-owner organisation, or being one of its named leads. Changing its status needs
the lead role in the owner organisation (or being a named lead).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from placecraft.missions.models import Mission
from placecraft.places import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Place, Role


def mission_q(user: AnyUser, place: Place, prefix: str = "") -> Q:
    q = access.visible_q(user, place, prefix)
    roles = access.principal(user).roles
    if roles:
        co_owned = Mission.co_owners.through.objects.filter(organisation_id__in=list(roles)).values(
            "mission_id"
        )
        q |= Q(**{f"{prefix}pk__in": co_owned})
    return q


def visible_missions(user: AnyUser, place: Place) -> QuerySet[Mission]:
    return Mission.objects.filter(place=place).filter(mission_q(user, place))


def editable_missions(user: AnyUser, place: Place) -> QuerySet[Mission]:
    """The place's missions ``user`` may change (``can_edit_mission``), chosen in the database."""
    p = access.principal(user)
    if p.user_id is None:
        return Mission.objects.none()
    contributing = [org for org in p.roles if p.has_role(org, Role.CONTRIBUTOR)]
    # Each test looks at the place's missions only. Joining co-owners and leads to every
    # mission (``co_owners__in=... | leads=...``) made PostgreSQL read every place's missions.
    co_owned = Mission.co_owners.through.objects.filter(organisation_id__in=contributing)
    led = Mission.leads.through.objects.filter(user_id=p.user_id)
    editable = (
        Q(organisation_id__in=contributing)
        | Q(pk__in=co_owned.values("mission_id"))
        | Q(pk__in=led.values("mission_id"))
    )
    return visible_missions(user, place).filter(editable)


def public_missions(place: Place) -> QuerySet[Mission]:
    return Mission.objects.filter(place=place, visibility="public")


def _co_owner_ids(mission: Mission) -> set[int]:
    cached: set[int] | None = getattr(mission, "_co_owner_ids", None)
    if cached is None:
        cached = set(mission.co_owners.values_list("pk", flat=True))
        mission._co_owner_ids = cached  # type: ignore[attr-defined]
    return cached


def _lead_ids(mission: Mission) -> set[int]:
    cached: set[int] | None = getattr(mission, "_lead_ids", None)
    if cached is None:
        cached = set(mission.leads.values_list("pk", flat=True))
        mission._lead_ids = cached  # type: ignore[attr-defined]
    return cached


def can_view_mission(user: AnyUser, mission: Mission, place: Place) -> bool:
    if access.can_view(user, mission, place):
        return True
    roles = access.principal(user).roles
    return bool(roles) and bool(_co_owner_ids(mission) & set(roles))


def is_lead(user: AnyUser, mission: Mission) -> bool:
    user_id = access.principal(user).user_id
    return user_id is not None and user_id in _lead_ids(mission)


def can_edit_mission(user: AnyUser, mission: Mission) -> bool:
    p = access.principal(user)
    if p.user_id is None:
        return False
    if p.has_role(mission.organisation_id, Role.CONTRIBUTOR):
        return True
    # Only someone who contributes somewhere can be a co-owner's contributor: the co-owners
    # are read for them alone (a resident's page is a query shorter).
    contributes = any(p.has_role(org_id, Role.CONTRIBUTOR) for org_id in p.roles)
    if contributes and any(
        p.has_role(org_id, Role.CONTRIBUTOR) for org_id in _co_owner_ids(mission)
    ):
        return True
    return is_lead(user, mission)


def can_change_status(user: AnyUser, mission: Mission) -> bool:
    p = access.principal(user)
    return p.has_role(mission.organisation_id, Role.LEAD) or is_lead(user, mission)


def get_mission(user: AnyUser, place: Place, slug: str) -> Mission:
    """A mission the user may see: 404 otherwise."""
    try:
        mission = Mission.objects.select_related("organisation", "place", "status_changed_by").get(
            place=place, slug=slug
        )
    except Mission.DoesNotExist:
        raise Http404("No such mission") from None
    if not can_view_mission(user, mission, place):
        raise Http404("No such mission")
    return mission


def get_mission_for_editor(user: AnyUser, place: Place, slug: str) -> Mission:
    """404 if the user may not see the mission, 403 if they may see it but not change it."""
    mission = get_mission(user, place, slug)
    if not can_edit_mission(user, mission):
        raise PermissionDenied("Only the mission's owners and leads can change it.")
    return mission


def get_mission_for_status(user: AnyUser, place: Place, slug: str) -> Mission:
    mission = get_mission(user, place, slug)
    if not can_change_status(user, mission):
        raise PermissionDenied(
            "Only leads of the owner organisation can change a mission's status."
        )
    return mission


def require_creator(user: AnyUser, place: Place) -> None:
    if not access.writable_organisations(user, place).exists():
        raise PermissionDenied(
            "Only contributors in an organisation in this place can add missions."
        )
