"""The “Your missions” dashboard panel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from placecraft.core.dashboard import Panel
from placecraft.missions.models import Mission


def your_missions(request: HttpRequest, memberships: Sequence[Any]) -> Panel | None:
    """Missions the person leads, or that their organisations own or co-own: one query."""
    org_ids = [m.organisation_id for m in memberships]
    if not org_ids and not request.user.is_authenticated:
        return None
    missions = list(
        Mission.objects.filter(
            Q(organisation_id__in=org_ids)
            | Q(
                pk__in=Mission.co_owners.through.objects.filter(organisation_id__in=org_ids).values(
                    "mission_id"
                )
            )
            | Q(
                pk__in=Mission.leads.through.objects.filter(user_id=request.user.pk or 0).values(
                    "mission_id"
                )
            )
        )
        .select_related("place", "organisation")
        .order_by("place__name", "title")[:50]
    )
    if not missions:
        return None
    return Panel("Your missions", "missions/_panel.html", {"missions": missions}, order=20)
