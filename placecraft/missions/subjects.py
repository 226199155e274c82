"""Missions as subjects of framework exercises (placecraft.frameworks.subjects)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from placecraft.missions.access import can_edit_mission, visible_missions
from placecraft.missions.models import Mission
from placecraft.places.models import Place


def mission_choices(place: Place, user: Any) -> list[tuple[int, str]]:
    """Missions the person may change: an exercise about a mission is run by its owners."""
    missions = visible_missions(user, place).select_related("organisation").order_by("title")
    return [(m.pk, m.title) for m in missions if can_edit_mission(user, m)]


def mission_names(place: Place, ids: Iterable[int]) -> dict[int, str]:
    return dict(Mission.objects.filter(place=place, pk__in=list(ids)).values_list("pk", "title"))
