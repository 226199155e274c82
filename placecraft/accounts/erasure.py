"""What makes an erasure complete, beyond each app's own holder: the audit log and the account
itself carry a stable pseudonym instead of the person's name and address, and no organisation is
left without an admin."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from placecraft.accounts.models import User
from placecraft.core import personal_data
from placecraft.core.models import AuditEvent
from placecraft.places.models import Membership, Organisation, Role

BATCH = 500


def organisations_left_without_admin(user: User) -> list[Organisation]:
    """The organisations ``user`` is the only admin of."""
    sole = (
        Membership.objects.filter(role=Role.ADMIN)
        .values("organisation_id")
        .annotate(admins=Count("id"))
        .filter(admins=1)
        .values("organisation_id")
    )
    return list(
        Organisation.objects.filter(
            memberships__user=user, memberships__role=Role.ADMIN, pk__in=sole
        ).order_by("name")
    )


def refusal(user: User) -> str:
    """Why ``user`` cannot be erased yet, or an empty string when they can."""
    organisations = organisations_left_without_admin(user)
    if not organisations:
        return ""
    names = ", ".join(organisation.name for organisation in organisations)
    return _(
        "You are the only admin of %(names)s. Make someone else an admin first (on the "
        "organisation's members page), so it is not left without one, then erase your account."
    ) % {"names": names}


def export_audit(user: User) -> dict[str, Any]:
    return {
        "changes_made": AuditEvent.objects.filter(actor=user).count(),
        "records_naming_you": AuditEvent.objects.filter(_mentions(user)).count(),
    }


def _mentions(user: User) -> Q:
    mentions = Q(pk__in=[])
    for trace in personal_data.traces(user):
        escaped = json.dumps(trace)[1:-1]  # as it is written inside stored JSON
        mentions |= (
            Q(object_repr__icontains=trace)
            | Q(changes__icontains=trace)
            | Q(changes__icontains=escaped)
        )
    return mentions


def erase_audit_mentions(user: User) -> None:
    """Replace the person's name and email address in audit records (who was invited, whose
    role changed, a champion's name in a sprint's fields) with their pseudonym. The records
    stay, so the history keeps its shape; the actor link stays too and shows the pseudonym."""
    if not personal_data.traces(user):
        return
    # The ids first: the rows are rewritten in batches, not while a cursor reads them.
    ids = list(AuditEvent.objects.filter(_mentions(user)).values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        events = list(AuditEvent.objects.filter(pk__in=ids[start : start + BATCH]))
        for event in events:
            event.object_repr = personal_data.scrub(event.object_repr, user)[:300]
            event.changes = personal_data.scrub(event.changes, user)
        AuditEvent.objects.bulk_update(events, ["object_repr", "changes"])


def erased_email(user: User) -> str:
    """The account's address once erased: its pseudonym, unique like any address."""
    local = personal_data.pseudonym(user.pk).lower().replace(" ", "-")
    email = f"{local}@erased.invalid"
    if User.objects.filter(email=email).exclude(pk=user.pk).exists():
        email = f"{local}-{user.pk}@erased.invalid"
    return email


def register() -> None:
    # Before the account holder (1000) erases the name and email the scrubbing looks for.
    personal_data.register(
        personal_data.Holder("audit_log", export_audit, erase_audit_mentions, 990)
    )
