"""Who may see and run participatory budgets, built on placecraft.places.access.

A round is owned content: it follows the usual visibility rules (public rounds for everyone).
Its projects, results and count page are seen by whoever may see the round. Officers are
contributors of the owner organisation: they enter projects, issue voting codes and type in
paper ballots. Opening and closing voting (the phases) needs the lead role.

Anyone signed in may vote in a round they can see (eligibility is self-declared and recorded);
anyone with a voting code may vote without an account.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from placecraft.budgeting.models import PaperEntry, Project, Round
from placecraft.places import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Place, Role


def visible_rounds(user: AnyUser, place: Place) -> QuerySet[Round]:
    return access.visible(Round.objects.all(), user, place)


def get_round(user: AnyUser, place: Place, pk: int) -> Round:
    """A round the user may see: 404 otherwise."""
    return access.get_content_for_user(
        Round.objects.select_related("organisation", "place"), user, place, pk=pk
    )


def can_run(user: AnyUser, round: Round) -> bool:
    return access.can_edit(user, round, Role.CONTRIBUTOR)


def can_change_phase(user: AnyUser, round: Round) -> bool:
    return access.can_edit(user, round, Role.LEAD)


def get_round_for_officer(user: AnyUser, place: Place, pk: int) -> Round:
    """404 if the user may not see the round, 403 if they may see it but are not an officer."""
    return access.get_content_for_user(
        Round.objects.select_related("organisation", "place"),
        user,
        place,
        pk=pk,
        write=True,
        minimum=Role.CONTRIBUTOR,
    )


def get_round_for_lead(user: AnyUser, place: Place, pk: int) -> Round:
    round = get_round(user, place, pk)
    if not can_change_phase(user, round):
        raise PermissionDenied("Only leads of the owner organisation can open or close voting.")
    return round


def get_project(round: Round, pk: int) -> Project:
    """A project of a round the user has already been allowed to see."""
    try:
        return Project.objects.select_related("round").get(round=round, pk=pk)
    except Project.DoesNotExist:
        raise Http404("No such project") from None


def get_paper_entry(round: Round, pk: int) -> PaperEntry:
    """A paper ballot entry of a round the user is already an officer of."""
    try:
        return PaperEntry.objects.get(round=round, pk=pk)
    except PaperEntry.DoesNotExist:
        raise Http404("No such paper ballot") from None


def require_creator(user: AnyUser, place: Place) -> None:
    if not access.writable_organisations(user, place).exists():
        raise PermissionDenied(
            "Only contributors in an organisation in this place can set up a budget."
        )
