"""Who may see and change partners' profiles, commitments, funding, grants and contracts, built
on ``placecraft.places.access`` and ``placecraft.missions.access``.

- A partner's name, kind and profile are public, like the organisation list. Its contacts are
  personal data: members of organisations in the place see them; everyone else only the contacts
  marked public.
- The profile and contacts are changed by the partner's own admins (and the place's admins):
  ``can_manage_organisation``. 403 for everyone else.
- Commitments, funding lines, grants and contracts are owned content: their visibility decides
  who sees them, and anything tied to a mission is hidden (404) from people who may not see the
  mission. Changing one needs the contributor role in the organisation that owns it, so a
  partner changes only its own commitments.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from placecraft.missions.access import can_view_mission, mission_q
from placecraft.missions.models import Mission
from placecraft.partners.models import (
    Commitment,
    CommitmentTally,
    Contract,
    FundingLine,
    Grant,
    PartnerContact,
)
from placecraft.places import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Organisation, Place, Role

# Partners --------------------------------------------------------------------------------------


def get_partner(place: Place, slug: str) -> Organisation:
    return access.get_organisation(place, slug)


def get_partner_for_manager(user: AnyUser, place: Place, slug: str) -> Organisation:
    return access.get_organisation_for_manager(user, place, slug)


def can_manage_partner(user: AnyUser, organisation: Organisation) -> bool:
    return access.can_manage_organisation(user, organisation)


def get_partner_for_contributor(user: AnyUser, place: Place, slug: str) -> Organisation:
    """Acting for a partner (its commitments, action plan, pooled data): its contributors."""
    organisation = get_partner(place, slug)
    if not access.principal(user).has_role(organisation.pk, Role.CONTRIBUTOR):
        raise PermissionDenied("Only the partner's own contributors can do this.")
    return organisation


def visible_contacts(user: AnyUser, organisation: Organisation) -> QuerySet[PartnerContact]:
    contacts = PartnerContact.objects.filter(organisation=organisation)
    if not access.is_partner(user, organisation.place):
        contacts = contacts.filter(is_public=True)
    return contacts


def get_contact_for_manager(user: AnyUser, organisation: Organisation, pk: int) -> PartnerContact:
    if not can_manage_partner(user, organisation):
        raise PermissionDenied("Only the partner's admins can do this.")
    try:
        return PartnerContact.objects.get(organisation=organisation, pk=pk)
    except PartnerContact.DoesNotExist:
        raise Http404("No such contact") from None


# Missions, as the things everything here points at --------------------------------------------


def visible_missions(user: AnyUser, place: Place) -> QuerySet[Mission]:
    return Mission.objects.filter(place=place).filter(mission_q(user, place))


def get_visible_mission(user: AnyUser, place: Place, slug: str) -> Mission:
    try:
        mission = Mission.objects.select_related("organisation").get(place=place, slug=slug)
    except Mission.DoesNotExist:
        raise Http404("No such mission") from None
    if not can_view_mission(user, mission, place):
        raise Http404("No such mission")
    return mission


# Commitments ----------------------------------------------------------------------------------


def visible_commitments(user: AnyUser, place: Place) -> QuerySet[Commitment]:
    return access.visible(Commitment.objects.all(), user, place).filter(
        mission_q(user, place, prefix="mission__")
    )


def visible_commitments_to(
    user: AnyUser, place: Place, mission_ids: Collection[int]
) -> QuerySet[Commitment]:
    """``visible_commitments``, for missions the caller has already read through
    ``visible_missions``: the list of their ids stands for the mission half of the rule, which
    is cheaper for the database than joining every commitment to its mission to check again."""
    return access.visible(Commitment.objects.all(), user, place).filter(
        mission_id__in=list(mission_ids)
    )


def commitment_counts(
    user: AnyUser, place: Place, mission_ids: Collection[int], *, by_mission: bool = True
) -> list[QuerySet[Any]]:
    """How many of each mission's commitments the person may see, by state, for missions the
    caller has already read through ``visible_missions``: querysets of ``mission_id``,
    ``status`` and ``n`` rows (``status`` and ``n`` for all the missions together, without
    ``by_mission``) whose counts add up to ``visible_commitments_to`` counted. The tallies give
    what anyone in the person's position may see, and a count of the rest of their own
    organisations' commitments (kept to themselves) is added, so the database counts a few rows
    instead of every commitment."""
    ids = list(mission_ids)
    seen = access.open_visibilities(user, place)
    columns = ("mission_id", "status") if by_mission else ("status",)
    counts: list[QuerySet[Any]] = [
        CommitmentTally.objects.filter(mission_id__in=ids, visibility__in=seen)
        .values(*columns)
        .annotate(n=Sum("n"))
        .order_by()
    ]
    own = list(access.principal(user).roles)
    if own:
        counts.append(
            Commitment.objects.filter(place=place, mission_id__in=ids, organisation_id__in=own)
            .exclude(visibility__in=seen)
            .values(*columns)
            .annotate(n=Count("*"))
            .order_by()
        )
    return counts


def get_commitment(user: AnyUser, place: Place, pk: int, *, write: bool = False) -> Commitment:
    commitment = access.get_content_for_user(
        Commitment.objects.select_related("organisation", "mission", "owner", "contract"),
        user,
        place,
        pk=pk,
    )
    if not can_view_mission(user, commitment.mission, place):
        raise Http404("Not found")
    if write and not can_change(user, commitment):
        raise PermissionDenied("Only the partner's own contributors can change this commitment.")
    return commitment


def can_change(user: AnyUser, obj: Commitment | FundingLine | Grant | Contract) -> bool:
    return access.can_edit(user, obj)


def require_contributor(user: AnyUser, place: Place) -> QuerySet[Organisation]:
    organisations = access.writable_organisations(user, place)
    if not organisations.exists():
        raise PermissionDenied("Only contributors to an organisation in this place can do this.")
    return organisations


# Funding, grants, contracts -------------------------------------------------------------------


def visible_funding(user: AnyUser, place: Place) -> QuerySet[FundingLine]:
    return access.visible(FundingLine.objects.all(), user, place)


def get_funding_line(user: AnyUser, place: Place, pk: int, *, write: bool = False) -> FundingLine:
    return access.get_content_for_user(
        FundingLine.objects.select_related("organisation"), user, place, write=write, pk=pk
    )


def visible_grants(user: AnyUser, place: Place) -> QuerySet[Grant]:
    return access.visible(Grant.objects.all(), user, place)


def get_grant(user: AnyUser, place: Place, pk: int, *, write: bool = False) -> Grant:
    return access.get_content_for_user(
        Grant.objects.select_related("organisation", "recipient_organisation"),
        user,
        place,
        write=write,
        pk=pk,
    )


def visible_contracts(user: AnyUser, place: Place) -> QuerySet[Contract]:
    return access.visible(Contract.objects.all(), user, place)


def get_contract(user: AnyUser, place: Place, pk: int, *, write: bool = False) -> Contract:
    return access.get_content_for_user(
        Contract.objects.select_related("organisation"), user, place, write=write, pk=pk
    )


def visible_mission_ids(user: AnyUser, place: Place) -> set[int]:
    return set(visible_missions(user, place).values_list("pk", flat=True))


def linked_missions_q(user: AnyUser, place: Place, prefix: str) -> Q:
    """Links to missions the user may see (so a hidden mission's title never shows)."""
    return mission_q(user, place, prefix)
