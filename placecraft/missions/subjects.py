"""Missions as subjects of framework exercises (placecraft.frameworks.subjects)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from placecraft.missions.access import editable_missions
from placecraft.missions.models import Mission
from placecraft.places.models import Place


def mission_choices(place: Place, user: Any) -> list[tuple[int, str]]:
    """Missions the person may change: an exercise about a mission is run by its owners."""
    return list(editable_missions(user, place).order_by("title").values_list("pk", "title"))


def mission_names(place: Place, ids: Iterable[int]) -> dict[int, str]:
    return dict(Mission.objects.filter(place=place, pk__in=list(ids)).values_list("pk", "title"))
