"""Seats on mission boards held under a person's name. Erasing puts their pseudonym on the seat,
so the board keeps its size and roles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from placecraft.core.personal_data import Holder, pseudonym
from placecraft.missions.models import BoardMember

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from placecraft.accounts.models import User


def _seats(user: User) -> QuerySet[BoardMember]:
    name = user.name.strip()
    if not name:
        return BoardMember.objects.none()
    return BoardMember.objects.filter(name__iexact=name)


def export(user: User) -> dict[str, Any]:
    return {
        "board_seats": [
            {"mission": seat.mission.title, "role": seat.get_role_display()}
            for seat in _seats(user).select_related("mission")
        ]
    }


def erase(user: User) -> None:
    _seats(user).update(name=pseudonym(user.pk))


def holder() -> Holder:
    return Holder("mission_boards", export, erase)
