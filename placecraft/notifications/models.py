"""In-app notifications, and how each person wants to hear about them by email."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "Straight away, one email each"
    DAILY = "daily", "A daily digest"
    WEEKLY = "weekly", "A weekly digest"
    NONE = "none", "No emails: only on this site"


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, help_text="assignment, mention, reminder, event…")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when an email (immediate or digest) has included this notification, so no run sends it
    # twice; claimed under a row lock (see services.send_digests).
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["emailed_at", "user"]),
        ]

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    frequency = models.CharField(max_length=16, choices=Frequency.choices, default=Frequency.DAILY)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()}"
