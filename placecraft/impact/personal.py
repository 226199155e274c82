"""What the impact app holds about a person: the risks they own, their risk reminders and the
library entries they added. Erasing keeps the risks and resources (they belong to the
organisation) and removes only the link to the person."""

from __future__ import annotations

from typing import Any

from placecraft.accounts.models import User
from placecraft.core.personal_data import Holder
from placecraft.impact.models import Resource, Risk, RiskReminder


def export(user: User) -> dict[str, Any]:
    return {
        "risks_owned": [
            {"id": r.pk, "title": r.title, "review_date": r.review_date.isoformat()}
            for r in Risk.objects.filter(owner=user).order_by("pk")
        ],
        "risk_reminders": [
            {
                "risk": r.risk_id,
                "review_date": r.review_date.isoformat(),
                "sent_at": r.sent_at.isoformat(),
            }
            for r in RiskReminder.objects.filter(recipient=user).order_by("pk")
        ],
        "resources_added": [
            {"id": r.pk, "title": r.title}
            for r in Resource.objects.filter(added_by=user).order_by("pk")
        ],
    }


def erase(user: User) -> None:
    Risk.objects.filter(owner=user).update(owner=None)
    RiskReminder.objects.filter(recipient=user).delete()
    Resource.objects.filter(added_by=user).update(added_by=None)


def holder() -> Holder:
    return Holder("impact", export, erase)
