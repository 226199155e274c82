"""Personal data the panels app holds: a volunteer's registration (answers and contact details)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from placecraft.panels.models import PoolContact

if TYPE_CHECKING:
    from placecraft.accounts.models import User


def export_for(user: User) -> list[dict[str, Any]]:
    contacts = PoolContact.objects.filter(user=user).select_related("member__panel")
    return [
        {
            "panel": c.member.panel.title,
            "reference": c.member.reference,
            "answers": c.member.features,
            "selected": c.member.selected,
            "name": c.name,
            "email": c.email,
            "phone": c.phone,
            "address": c.address,
            "postcode": c.postcode,
            "consented_at": c.consent_at.isoformat() if c.consent_at else None,
        }
        for c in contacts
    ]


def erase_for(user: User) -> None:
    """Contact details go; the answers stay under their reference, so a published selection and
    its probabilities still add up."""
    PoolContact.objects.filter(user=user).delete()
