"""Sending notifications: in the app at once, by email as each person prefers, never twice."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from placecraft.accounts.models import User
from placecraft.core import personal_data
from placecraft.notifications.models import Frequency, Notification, Preference


def frequency_for(user: User) -> str:
    preference = Preference.objects.filter(user=user).first()
    return preference.frequency if preference else Frequency.DAILY


def notify(*, user: User, kind: str, title: str, body: str = "", url: str = "") -> Notification:
    """Record a notification; email it on commit if the person wants emails straight away."""
    notification = Notification.objects.create(
        user=user, kind=kind, title=title, body=body, url=url
    )
    if user.is_active and frequency_for(user) == Frequency.IMMEDIATE:
        transaction.on_commit(lambda: _send_immediately(notification.pk))
    return notification


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def _send_immediately(pk: int) -> None:
    with transaction.atomic():
        claimed = Notification.objects.filter(pk=pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            return
        notification = Notification.objects.select_related("user").get(pk=pk)
        send_mail(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.title}",
            message=f"{notification.body}\n\n{_absolute(notification.url)}".strip(),
            from_email=None,
            recipient_list=[notification.user.email],
        )


def send_digests(*, frequency: str, now: Any = None) -> int:
    """Email each person who wants a ``frequency`` digest the notifications not yet emailed.

    Runs of one frequency take turns (a transaction-level advisory lock on PostgreSQL; SQLite
    has one writer at a time), and rows are claimed with SELECT … FOR UPDATE SKIP LOCKED and
    marked in the same transaction as the send, so two runs at the same time never email the
    same notification or the same person twice.
    Returns the number of emails sent.
    """
    now = now or timezone.now()
    wants = Q(user__notification_preference__frequency=frequency)
    if frequency == Frequency.DAILY:
        wants |= Q(user__notification_preference__isnull=True)  # daily is the default
    sent = 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One run of a frequency at a time: with SKIP LOCKED alone, two runs starting
            # together could each claim part of one person's notifications and send them two
            # digests. The second run waits here, then finds them all emailed.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"digest:{frequency}"]
                )
        pending = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(wants, emailed_at__isnull=True, created_at__lte=now, user__is_active=True)
            .select_related("user")
            .order_by("user_id", "created_at")
        )
        by_user: dict[int, list[Notification]] = defaultdict(list)
        for notification in pending:
            by_user[notification.user_id].append(notification)
        for items in by_user.values():
            user = items[0].user
            lines = [f"- {n.title}" + (f"\n  {_absolute(n.url)}" if n.url else "") for n in items]
            send_mail(
                subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Your {frequency} digest: "
                f"{len(items)} update{'s' if len(items) != 1 else ''}",
                message="\n".join(lines) + "\n\nChange how often you hear from us on your "
                "notifications page.",
                from_email=None,
                recipient_list=[user.email],
            )
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
            sent += 1
    return sent


def mark_read(*, user: User, pks: list[int] | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if pks is not None:
        unread = unread.filter(pk__in=pks)
    return unread.update(read_at=timezone.now())


def set_frequency(*, user: User, frequency: str) -> Preference:
    preference, _ = Preference.objects.update_or_create(
        user=user, defaults={"frequency": frequency}
    )
    return preference


def prune(*, older_than_days: int = 365) -> int:
    deleted, _ = Notification.objects.filter(
        created_at__lt=timezone.now() - timedelta(days=older_than_days), read_at__isnull=False
    ).delete()
    return deleted


def export_for(user: User) -> dict[str, Any]:
    return {
        "email_frequency": frequency_for(user),
        "items": [
            {
                "title": n.title,
                "kind": n.kind,
                "created": n.created_at.isoformat(),
                "read": bool(n.read_at),
            }
            for n in Notification.objects.filter(user=user)
        ],
    }


def erase_for(user: User) -> None:
    Notification.objects.filter(user=user).delete()
    Preference.objects.filter(user=user).delete()
    # Other people's notifications that name the person ("… assigned you") keep their sense.
    mentions = Q(pk__in=[])
    for trace in personal_data.traces(user):
        mentions |= Q(title__icontains=trace) | Q(body__icontains=trace)
    naming = list(Notification.objects.filter(mentions))
    for notification in naming:
        notification.title = personal_data.scrub(notification.title, user)[:200]
        notification.body = personal_data.scrub(notification.body, user)
    Notification.objects.bulk_update(naming, ["title", "body"])
