"""Sprints as subjects of framework exercises (the health check), for the frameworks engine."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from placecraft.places import access
from placecraft.places.models import Place
from placecraft.sprints.models import Sprint


def sprint_choices(place: Place, user: Any) -> list[tuple[int, str]]:
    """Sprints run by organisations the person contributes to."""
    owners = access.writable_organisations(user, place).values("pk")
    return list(
        Sprint.objects.filter(place=place, organisation_id__in=owners)
        .order_by("-start_date")
        .values_list("pk", "title")
    )


def sprint_names(place: Place, ids: Iterable[int]) -> dict[int, str]:
    return dict(Sprint.objects.filter(place=place, pk__in=list(ids)).values_list("pk", "title"))
