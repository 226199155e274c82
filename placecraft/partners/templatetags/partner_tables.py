"""``{% commitment_rows commitments %}``: the rows of partners/_commitment_table.html, written
in Python (``placecraft.partners.tables``)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString

from placecraft.partners import tables
from placecraft.partners.models import Commitment

register = template.Library()


@register.simple_tag(takes_context=True)
def commitment_rows(
    context: template.Context,
    commitments: Iterable[Commitment],
    hide_partner: bool = False,
    hide_mission: bool = False,
) -> SafeString:
    return tables.commitment_rows(
        context["place"],
        commitments,
        context.get("today"),
        hide_partner=hide_partner,
        hide_mission=hide_mission,
    )
