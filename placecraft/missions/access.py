"""Who may see and change missions, built on placecraft.places.access.

A mission is owned by one organisation and may be co-owned by others. Members of the owner and
of the co-owners see the mission whatever its visibility; others follow the usual rules (public
for everyone, partners for members of any organisation in the place).

Changing a mission (its text, board, alignment, indicators, updates) needs the contributor role in
the owner or a co-owner organisation, or being one of its named leads. Changing its status needs
the lead role in the owner organisation (or being a named lead).

Who owns a mission is for the owner to decide: changing the owner or the co-owners, or narrowing
who may see a shared mission, needs an admin of the current owner. The place's admins see every
mission in their place and may do the same, so that a mission taken over can be put right.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.http import Http404

from placecraft.missions.models import CoOwnerInvitation, Mission
from placecraft.places import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Organisation, Place, Role


def mission_q(user: AnyUser, place: Place, prefix: str = "") -> Q:
    if access.is_place_admin(user, place):
        return Q()
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
    if place.pk in p.admin_places:
        return Mission.objects.filter(place=place)
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
    if access.can_view(user, mission, place) or access.is_place_admin(user, place):
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
    if p.has_role(mission.organisation_id, Role.CONTRIBUTOR) or mission.place_id in p.admin_places:
        return True
    # Only someone who contributes somewhere can be a co-owner's contributor: the co-owners
    # are read for them alone (a resident's page is a query shorter).
    contributes = any(p.has_role(org_id, Role.CONTRIBUTOR) for org_id in p.roles)
    if contributes and any(
        p.has_role(org_id, Role.CONTRIBUTOR) for org_id in _co_owner_ids(mission)
    ):
        return True
    return is_lead(user, mission)


def can_manage_ownership(user: AnyUser, mission: Mission) -> bool:
    """May change the mission's owner and co-owners, and narrow who may see it when shared."""
    p = access.principal(user)
    return p.has_role(mission.organisation_id, Role.ADMIN) or mission.place_id in p.admin_places


def can_narrow_visibility(user: AnyUser, mission: Mission) -> bool:
    """Hiding a mission from people who could see it: the owner's contributors may do so while
    the mission is theirs alone; once it is shared (or for a named lead from elsewhere), only
    those who manage its ownership may."""
    if can_manage_ownership(user, mission):
        return True
    p = access.principal(user)
    return p.has_role(mission.organisation_id, Role.CONTRIBUTOR) and not _co_owner_ids(mission)


def owner_choices(user: AnyUser, mission: Mission) -> QuerySet[Organisation]:
    """The organisations the person may make the mission's owner: the current owner, and for
    those who manage its ownership, the organisations they contribute to (every organisation in
    the place for its admins, who put taken-over missions right)."""
    current = Organisation.objects.filter(pk=mission.organisation_id)
    if not can_manage_ownership(user, mission):
        return current
    if access.is_place_admin(user, mission.place):
        return Organisation.objects.filter(place_id=mission.place_id)
    return (access.writable_organisations(user, mission.place) | current).distinct()


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


def get_invitation_for_reply(user: AnyUser, place: Place, slug: str, pk: int) -> CoOwnerInvitation:
    """A pending invitation to co-own a mission, for an admin of the invited organisation to
    answer: 404 for people who may know of neither, 403 for the rest who may not answer it."""
    invitation = (
        CoOwnerInvitation.objects.select_related("mission__place", "mission__organisation")
        .select_related("organisation")
        .filter(
            pk=pk,
            mission__place=place,
            mission__slug=slug,
            state=CoOwnerInvitation.State.PENDING,
        )
        .first()
    )
    if invitation is None:
        raise Http404("No such invitation")
    p = access.principal(user)
    if invitation.organisation_id not in p.roles and not can_view_mission(
        user, invitation.mission, place
    ):
        raise Http404("No such invitation")
    if not p.has_role(invitation.organisation_id, Role.ADMIN):
        raise PermissionDenied("Only an admin of the invited organisation can answer.")
    return invitation


def invitations_for(user: AnyUser, place: Place) -> QuerySet[CoOwnerInvitation]:
    """Pending invitations the person may answer: those to organisations they administer."""
    p = access.principal(user)
    admin_of = [org for org in p.roles if p.has_role(org, Role.ADMIN)]
    return CoOwnerInvitation.objects.filter(
        mission__place=place,
        organisation_id__in=admin_of,
        state=CoOwnerInvitation.State.PENDING,
    ).select_related("mission__organisation", "organisation", "invited_by")


def hide_unseen_links(user: AnyUser, place: Place, objects: Iterable[Any], *fields: str) -> None:
    """Leave out, for display only, what ``objects`` link to (a mission, a sprint, a contract)
    when the person may not see it: a public page never names a private mission through a
    link. The objects are shown, never saved, after this. Missions and sprints are checked
    in one query, however many objects there are."""
    linked = [(obj, field, getattr(obj, field)) for obj in objects for field in fields]
    linked = [(obj, field, target) for obj, field, target in linked if target is not None]
    kinds = {"missions.Mission": "m", "sprints.Sprint": "s"}
    wanted: dict[str, set[int]] = {}
    for _, _, target in linked:
        kind = kinds.get(target._meta.label)
        if kind is not None:
            wanted.setdefault(kind, set()).add(target.pk)
    parts: list[QuerySet[Any]] = []
    if "m" in wanted:
        parts.append(
            visible_missions(user, place)
            .filter(pk__in=wanted["m"])
            .values_list(Value("m", output_field=CharField()), "pk")
            .order_by()
        )
    if "s" in wanted:
        # A sprint's team sees it too: its own rule, in the sprints app (which builds on this
        # module, so it is read here rather than imported above).
        from placecraft.sprints.access import visible_sprints

        parts.append(
            visible_sprints(user, place)
            .filter(pk__in=wanted["s"])
            .values_list(Value("s", output_field=CharField()), "pk")
            .order_by()
        )
    seen: set[tuple[str, int]] = set()
    if parts:
        first, *others = parts
        seen = set(first.union(*others, all=True) if others else first)
    for obj, field, target in linked:
        kind = kinds.get(target._meta.label)
        if kind is not None:
            shown = (kind, target.pk) in seen
        else:
            shown = access.can_view(user, target, place)
        if not shown:
            setattr(obj, field, None)


def with_mission_shown(queryset: QuerySet[Any], user: AnyUser, place: Place) -> QuerySet[Any]:
    """Mark each row of a list that links to a mission (``mission``) with ``mission_shown``:
    whether the person may see that mission, so an answer names only those they may."""
    shown = Mission.objects.filter(place=place, pk=OuterRef("mission_id")).filter(
        mission_q(user, place)
    )
    annotated: QuerySet[Any] = queryset.annotate(mission_shown=Exists(shown))
    return annotated


def shown_mission_slug(obj: Any) -> str | None:
    """The slug of the mission ``obj`` links to, if the reader may see it (see above)."""
    if obj.mission is None or not getattr(obj, "mission_shown", False):
        return None
    slug: str = obj.mission.slug
    return slug
