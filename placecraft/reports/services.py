"""Asking for reports. Building them is background work (``tasks.py``)."""

from __future__ import annotations

from datetime import date

from placecraft.accounts.models import User
from placecraft.missions.models import Mission
from placecraft.places.models import Place
from placecraft.reports.tasks import build_board_pack


def request_board_pack(
    *, actor: User, place: Place, mission: Mission | None, date_from: date, date_to: date
) -> str:
    """Queue a board pack for the worker; returns the job's id for its progress page.

    Enqueuing writes one row in the task table, which is the only record needed: the job's
    arguments say who asked for what, and its result names the stored file."""
    result = build_board_pack.enqueue(
        user_id=actor.pk,
        place_id=place.pk,
        mission_id=mission.pk if mission else None,
        date_from=date_from.isoformat(),
        date_to=date_to.isoformat(),
    )
    return str(result.id)
