"""Workflows for places, organisations and memberships. Each runs in one transaction, writes the
audit log, and sends email only once the transaction has committed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from placecraft.accounts.models import User
from placecraft.core import audit
from placecraft.core.models import AuditEvent
from placecraft.places.models import (
    Invitation,
    Membership,
    Organisation,
    Place,
    PrivacyNotice,
    Role,
)

ORGANISATION_FIELDS = ["name", "slug", "kind", "gss_code", "description", "website"]
PLACE_FIELDS = ["name", "gss_codes", "brand_colour", "logo_alt"]


def update_place(*, actor: User, place: Place, data: dict[str, Any]) -> Place:
    with transaction.atomic():
        before = audit.snapshot(place, PLACE_FIELDS)
        for key, value in data.items():
            setattr(place, key, value)
        place.full_clean()
        place.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=place,
            place=place,
            changes=audit.field_changes(before, audit.snapshot(place, PLACE_FIELDS)),
        )
    return place


def create_organisation(*, actor: User, place: Place, data: dict[str, Any]) -> Organisation:
    with transaction.atomic():
        organisation = Organisation(place=place, **data)
        organisation.full_clean()
        organisation.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=organisation,
            place=place,
            organisation=organisation,
            changes=audit.field_changes({}, audit.snapshot(organisation, ORGANISATION_FIELDS)),
        )
    return organisation


def update_organisation(
    *, actor: User, organisation: Organisation, data: dict[str, Any]
) -> Organisation:
    with transaction.atomic():
        before = audit.snapshot(organisation, ORGANISATION_FIELDS)
        for key, value in data.items():
            setattr(organisation, key, value)
        organisation.full_clean()
        organisation.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=organisation,
            place=organisation.place,
            organisation=organisation,
            changes=audit.field_changes(before, audit.snapshot(organisation, ORGANISATION_FIELDS)),
        )
    return organisation


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    url: str  # the only time the plain token exists; it is emailed, never stored


def invite_member(
    *, actor: User, organisation: Organisation, email: str, role: str
) -> SentInvitation:
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": f"{email} is already a member of {organisation}."})
    token = Invitation.new_token()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organisation=organisation,
                email=email,
                role=role,
                token_hash=Invitation.hash_token(token),
                invited_by=actor,
            )
            audit.record(
                actor=actor,
                action=AuditEvent.Action.INVITE,
                obj=invitation,
                place=organisation.place,
                organisation=organisation,
                changes={"email": email, "role": role},
            )
            url = settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[token])
            transaction.on_commit(lambda: _send_invitation(invitation, url, actor))
    except IntegrityError:
        raise ValidationError(
            {"email": f"{email} already has an invitation to {organisation} waiting."}
        ) from None
    return SentInvitation(invitation=invitation, url=url)


def _send_invitation(invitation: Invitation, url: str, actor: User) -> None:
    days = settings.PLACECRAFT_INVITATION_DAYS
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    send_mail(
        subject=f"{prefix}Join {invitation.organisation} on Placecraft",
        message=(
            f"{actor} has invited you to join {invitation.organisation} on Placecraft as a "
            f"{invitation.get_role_display().lower()}.\n\n"
            f"Open this link to accept (it works for {days} days):\n{url}\n\n"
            "If you were not expecting this, you can ignore this email."
        ),
        from_email=None,
        recipient_list=[invitation.email],
    )


def find_invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation__place")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )


def accept_invitation(*, user: User, invitation: Invitation) -> Membership:
    if not invitation.is_open:
        raise ValidationError("This invitation has expired or has already been used.")
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            f"This invitation was sent to {invitation.email}. "
            "Sign in with that address to accept it."
        )
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise ValidationError("This invitation has expired or has already been used.")
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
        if created:
            audit.record(
                actor=user,
                action=AuditEvent.Action.JOIN,
                obj=membership,
                place=invitation.organisation.place,
                organisation=invitation.organisation,
                changes={"role": membership.role},
            )
    return membership


def revoke_invitation(*, actor: User, invitation: Invitation) -> None:
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            obj=invitation,
            place=invitation.organisation.place,
            organisation=invitation.organisation,
        )


def _is_last_admin(membership: Membership) -> bool:
    return (
        membership.role == Role.ADMIN
        and not Membership.objects.filter(
            organisation_id=membership.organisation_id, role=Role.ADMIN
        )
        .exclude(pk=membership.pk)
        .exists()
    )


def change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    with transaction.atomic():
        # Lock the organisation's admins so two simultaneous demotions cannot both pass the check.
        list(
            Membership.objects.select_for_update().filter(
                organisation_id=membership.organisation_id, role=Role.ADMIN
            )
        )
        membership.refresh_from_db()
        if role != Role.ADMIN and _is_last_admin(membership):
            raise ValidationError(
                f"{membership.user} is the only admin of {membership.organisation}. "
                "Make someone else an admin first."
            )
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.ROLE,
            obj=membership,
            place=membership.organisation.place,
            organisation=membership.organisation,
            changes={"role": {"from": old, "to": role}},
        )
    return membership


def remove_member(*, actor: User, membership: Membership) -> None:
    with transaction.atomic():
        list(
            Membership.objects.select_for_update().filter(
                organisation_id=membership.organisation_id, role=Role.ADMIN
            )
        )
        if _is_last_admin(membership):
            raise ValidationError(
                f"{membership.user} is the only admin of {membership.organisation}. "
                "Make someone else an admin before removing them."
            )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.REMOVE,
            obj=membership,
            place=membership.organisation.place,
            organisation=membership.organisation,
        )
        membership.delete()


def save_privacy_notice(*, actor: User, place: Place, data: dict[str, Any]) -> PrivacyNotice:
    """Save what the place admin wrote. A section left as the starting wording is stored
    empty, so it keeps following the wording as Placecraft improves it."""
    from placecraft.places import privacy

    starting = privacy.defaults()
    with transaction.atomic():
        notice = PrivacyNotice.objects.select_for_update().filter(place=place).first()
        notice = notice or PrivacyNotice(place=place)
        before = audit.snapshot(notice, list(privacy.EDITABLE)) if notice.pk else {}
        for key in privacy.EDITABLE:
            value = str(data.get(key, "")).strip()
            if key in starting and " ".join(value.split()) == " ".join(starting[key].split()):
                value = ""
            setattr(notice, key, value)
        notice.updated_by = actor
        notice.full_clean()
        notice.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
            obj=notice,
            place=place,
            changes=audit.field_changes(before, audit.snapshot(notice, list(privacy.EDITABLE))),
        )
    return notice
