"""``{% public_missions place as missions %}`` for the place's public home page, which belongs to
the public app and has no missions of its own to pass in."""

from __future__ import annotations

from django import template

from placecraft.missions.access import public_missions as public_missions_for
from placecraft.missions.models import Mission
from placecraft.places.models import Place

register = template.Library()


@register.simple_tag
def public_missions(place: Place) -> list[Mission]:
    """Public missions only: the home page looks the same to every visitor (one query)."""
    return list(public_missions_for(place).select_related("organisation").order_by("title")[:20])
