"""Writing to the audit log. Services call ``record`` inside their transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from placecraft.core import pagecache
from placecraft.core.models import AuditEvent

if TYPE_CHECKING:
    from placecraft.accounts.models import User
    from placecraft.places.models import Organisation, Place


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """Plain values of the named fields, for comparing before and after a change."""
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, models.Model):
            value = str(value)
        values[name] = (
            value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        )
    return values


def record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    place: Place | None,
    organisation: Organisation | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    if place is not None:
        # Public pages cached for the place show what just changed on the next request.
        pagecache.bump(place.slug)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        place=place,
        organisation=organisation,
        object_type=str(obj._meta.verbose_name),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
    )


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields whose values differ, as {field: {"from": old, "to": new}}."""
    return {
        key: {"from": before.get(key), "to": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
