"""The place admin's warning on the dashboard when background work is not being picked up."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext

from placecraft.core.dashboard import Panel
from placecraft.core.queue import queue_state
from placecraft.places.models import PlaceAdmin


def stalled_work_panel(request: HttpRequest, memberships: Sequence[Any]) -> Panel | None:
    if not request.user.is_authenticated:
        return None
    if not PlaceAdmin.objects.filter(user=request.user).exists():
        return None
    queue = queue_state()
    if not queue.stalled:
        return None
    return Panel(
        gettext("Background work is not running"),
        "places/_stalled_work_panel.html",
        {"queue": queue},
        order=0,
    )
