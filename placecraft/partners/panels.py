"""The “Commitments needing an update” dashboard panel and the personal data this app holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils import timezone

from placecraft.core.dashboard import Panel
from placecraft.partners.models import OPEN_COMMITMENT_STATUSES, Commitment, PartnerContact
from placecraft.places.models import ROLE_RANK, Role

if TYPE_CHECKING:
    from placecraft.accounts.models import User


def commitments_needing_update(request: HttpRequest, memberships: Sequence[Any]) -> Panel | None:
    """Open commitments of the person's organisations (as a contributor or more) whose update
    is overdue, soonest overdue first: one query."""
    org_ids = [
        m.organisation_id for m in memberships if ROLE_RANK[m.role] >= ROLE_RANK[Role.CONTRIBUTOR]
    ]
    if not org_ids:
        return None
    commitments = list(
        Commitment.objects.filter(
            organisation_id__in=org_ids,
            status__in=OPEN_COMMITMENT_STATUSES,
            update_due__lt=timezone.localdate(),
        )
        .select_related("place", "organisation", "mission")
        .order_by("update_due", "pk")[:10]
    )
    if not commitments:
        return None
    return Panel(
        "Commitments needing an update",
        "partners/_panel.html",
        {"commitments": commitments},
        order=25,
    )


def export_contacts(user: User) -> list[dict[str, Any]]:
    """Where the person is listed as a partner's contact (by account or by email address)."""
    return [
        {
            "organisation": contact.organisation.name,
            "name": contact.name,
            "role": contact.role,
            "email": contact.email,
            "phone": contact.phone,
            "public": contact.is_public,
        }
        for contact in _contacts(user).select_related("organisation")
    ]


def erase_contacts(user: User) -> None:
    _contacts(user).delete()


def _contacts(user: User) -> Any:
    from django.db.models import Q

    q = Q(user=user)
    if user.email:
        q |= Q(email__iexact=user.email)
    return PartnerContact.objects.filter(q)
