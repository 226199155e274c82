"""Who may see and change citizens' panels, built on placecraft.places.access.

A panel is owned content: its transparency report follows the panel's visibility. Contact details
of the pool, the selection controls and the quotas are for contributors of the owner only.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from placecraft.panels.models import Panel, SelectionRun
from placecraft.places import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Place


def visible_panels(user: AnyUser, place: Place) -> QuerySet[Panel]:
    return access.visible(Panel.objects.all(), user, place)


def get_panel(user: AnyUser, place: Place, pk: int) -> Panel:
    return access.get_content_for_user(
        Panel.objects.select_related("organisation", "place"), user, place, pk=pk
    )


def can_edit_panel(user: AnyUser, panel: Panel) -> bool:
    return access.can_edit(user, panel)


def get_panel_for_editor(user: AnyUser, place: Place, pk: int) -> Panel:
    return access.get_content_for_user(
        Panel.objects.select_related("organisation", "place"), user, place, write=True, pk=pk
    )


def get_selection(user: AnyUser, place: Place, panel_pk: int, pk: int) -> SelectionRun:
    """A selection run's progress and outcome: seen by whoever may see the panel."""
    panel = get_panel(user, place, panel_pk)
    try:
        run = SelectionRun.objects.get(panel=panel, pk=pk)
    except SelectionRun.DoesNotExist:
        raise Http404("No such selection") from None
    run.panel = panel
    return run


def require_creator(user: AnyUser, place: Place) -> None:
    if not access.writable_organisations(user, place).exists():
        raise PermissionDenied("Only contributors in an organisation in this place can do this.")
