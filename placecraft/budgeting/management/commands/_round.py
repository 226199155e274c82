"""Shared by the budgeting commands: find a round by id."""

from __future__ import annotations

from django.core.management.base import CommandError

from placecraft.budgeting.models import Round


def get_round(value: str) -> Round:
    if not value.isdigit():
        raise CommandError(f"ROUND must be a round's id (a number), not {value!r}.")
    try:
        return Round.objects.select_related("place", "organisation").get(pk=int(value))
    except Round.DoesNotExist:
        raise CommandError(f"There is no participatory budget round with id {value}.") from None
