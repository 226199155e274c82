"""Small shared building blocks: visibility, timestamps and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Visibility(models.TextChoices):
    """Who may see a piece of content (see docs/permissions.md)."""

    PRIVATE = "private", "Private: members of the owning organisation"
    PARTNERS = "partners", "Partners: members of any organisation in the place"
    PUBLIC = "public", "Public: anyone, on the place's public site"


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One change to the place's work: who, what, when, and the fields that changed."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        INVITE = "invite", "Invited"
        JOIN = "join", "Joined"
        ROLE = "role", "Changed role"
        REMOVE = "remove", "Removed"
        ERASE = "erase", "Erased personal data of"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Empty for events about a person rather than a place's work (an account being erased).
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "places.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-at"]),
            models.Index(fields=["place", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_type} {self.object_repr}"

    @property
    def changes_text(self) -> str:
        parts: list[str] = []
        for field, change in sorted(self.changes.items()):
            if isinstance(change, dict) and "from" in change:
                parts.append(f"{field}: {change['from']!s} → {change['to']!s}")
            else:
                parts.append(f"{field}: {change!s}")
        return "; ".join(parts)
