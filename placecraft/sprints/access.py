"""Who may see and change sprints and learning entries, built on placecraft.places.access.

- A sprint is owned content: its visibility decides who reads it. Members of the organisations
  its team members come from also read it, whatever its visibility: a partner on the team must
  see the team's own board.
- Changing a sprint (its details, team, retrospective) needs the contributor role in the owner.
  Team members who use Placecraft may also work on it: move work items, write check-ins and
  learning entries.
- The sprint summary is readable by anyone once it is published, even when the sprint is not.
- A learning entry follows its visibility, and is also readable by members of the partner
  organisations it is shared with.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from placecraft.places import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Place
from placecraft.sprints.models import Learning, Sprint, TeamMember


def sprint_q(user: AnyUser, place: Place) -> Q:
    q = access.visible_q(user, place)
    roles = list(access.principal(user).roles)
    if roles:
        q |= Q(pk__in=TeamMember.objects.filter(organisation_id__in=roles).values("sprint_id"))
    return q


def visible_sprints(user: AnyUser, place: Place) -> QuerySet[Sprint]:
    return Sprint.objects.filter(place=place).filter(sprint_q(user, place))


def _get(place: Place, slug: str) -> Sprint:
    try:
        return Sprint.objects.select_related("organisation", "mission", "place").get(
            place=place, slug=slug
        )
    except Sprint.DoesNotExist:
        raise Http404("No such sprint") from None


def _team_org_ids(sprint: Sprint) -> set[int]:
    cached: set[int] | None = getattr(sprint, "_team_org_ids", None)
    if cached is None:
        cached = set(sprint.members.values_list("organisation_id", flat=True))
        sprint._team_org_ids = cached  # type: ignore[attr-defined]
    return cached


def can_view_sprint(user: AnyUser, sprint: Sprint, place: Place) -> bool:
    if access.can_view(user, sprint, place):
        return True
    roles = access.principal(user).roles
    return bool(roles) and bool(_team_org_ids(sprint) & set(roles))


def can_edit_sprint(user: AnyUser, sprint: Sprint) -> bool:
    return access.can_edit(user, sprint)


def can_work_on(user: AnyUser, sprint: Sprint) -> bool:
    """Owners' contributors, and team members with an account."""
    if can_edit_sprint(user, sprint):
        return True
    user_id = access.principal(user).user_id
    return user_id is not None and sprint.members.filter(user_id=user_id).exists()


def get_sprint(user: AnyUser, place: Place, slug: str) -> Sprint:
    sprint = _get(place, slug)
    if not can_view_sprint(user, sprint, place):
        raise Http404("No such sprint")
    return sprint


def get_sprint_for_editor(user: AnyUser, place: Place, slug: str) -> Sprint:
    sprint = get_sprint(user, place, slug)
    if not can_edit_sprint(user, sprint):
        raise PermissionDenied("Only contributors of the organisation running the sprint can.")
    return sprint


def get_sprint_for_team(user: AnyUser, place: Place, slug: str) -> Sprint:
    sprint = get_sprint(user, place, slug)
    if not can_work_on(user, sprint):
        raise PermissionDenied("Only the sprint's team and its organisation's contributors can.")
    return sprint


def get_sprint_summary(user: AnyUser, place: Place, slug: str) -> Sprint:
    """A published summary is public; otherwise it follows the sprint."""
    sprint = _get(place, slug)
    if sprint.summary_public or can_view_sprint(user, sprint, place):
        return sprint
    raise Http404("No such sprint")


def require_creator(user: AnyUser, place: Place) -> None:
    if not access.writable_organisations(user, place).exists():
        raise PermissionDenied("Only contributors in an organisation in this place can do this.")


# Learning -----------------------------------------------------------------------------------


def learning_q(user: AnyUser, place: Place) -> Q:
    q = access.visible_q(user, place)
    roles = list(access.principal(user).roles)
    if roles:
        q |= Q(
            pk__in=Learning.shared_with.through.objects.filter(organisation_id__in=roles).values(
                "learning_id"
            )
        )
    return q


def visible_learnings(user: AnyUser, place: Place) -> QuerySet[Learning]:
    return Learning.objects.filter(place=place).filter(learning_q(user, place))
