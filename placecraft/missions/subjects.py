"""Missions as subjects of framework exercises (placecraft.frameworks.subjects)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch

from placecraft.accounts.models import User
from placecraft.missions.access import can_edit_mission, visible_missions
from placecraft.missions.models import Mission
from placecraft.places.models import Organisation, Place


def mission_choices(place: Place, user: Any) -> list[tuple[int, str]]:
    """Missions the person may change: an exercise about a mission is run by its owners."""
    missions = list(
        visible_missions(user, place)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("co_owners", queryset=Organisation.objects.only("pk")),
            Prefetch("leads", queryset=User.objects.only("pk")),
        )
        .order_by("title")
    )
    for m in missions:
        # Two queries for every mission's co-owners and leads, instead of two per mission in
        # can_edit_mission: the form's choices then cost the same for 6 missions or 600.
        m._co_owner_ids = {o.pk for o in m.co_owners.all()}  # type: ignore[attr-defined]
        m._lead_ids = {u.pk for u in m.leads.all()}  # type: ignore[attr-defined]
    return [(m.pk, m.title) for m in missions if can_edit_mission(user, m)]


def mission_names(place: Place, ids: Iterable[int]) -> dict[int, str]:
    return dict(Mission.objects.filter(place=place, pk__in=list(ids)).values_list("pk", "title"))
