"""What the accounts and places apps hold about a person, and how it is erased."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from placecraft.accounts import erasure
from placecraft.accounts.models import ApiToken, User
from placecraft.core import audit, personal_data
from placecraft.core.models import AuditEvent
from placecraft.places.models import Invitation, Membership, PlaceAdmin


def export_account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "name": user.name,
        "display_name": user.display_name,
        "joined": user.date_joined.isoformat(),
        "last_sign_in": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "two_factor_methods": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "api_tokens": [
            {
                "name": token.name,
                "starts_with": token.prefix,
                "access": token.scope,
                "created": token.created_at.isoformat(),
                "expires": token.expires_at.isoformat(),
                "revoked": token.revoked_at.isoformat() if token.revoked_at else None,
            }
            for token in ApiToken.objects.filter(user=user)
        ],
    }


def export_memberships(user: User) -> dict[str, Any]:
    return {
        "memberships": [
            {
                "organisation": m.organisation.name,
                "place": m.organisation.place.name,
                "role": m.role,
                "since": m.created_at.isoformat(),
            }
            for m in Membership.objects.filter(user=user).select_related("organisation__place")
        ],
        "place_admin_of": [
            admin.place.name
            for admin in PlaceAdmin.objects.filter(user=user).select_related("place")
        ],
        "invitations_received": [
            {
                "organisation": invitation.organisation.name,
                "role": invitation.role,
                "sent": invitation.created_at.isoformat(),
                "accepted": invitation.accepted_at.isoformat() if invitation.accepted_at else None,
            }
            for invitation in Invitation.objects.filter(email__iexact=user.email).select_related(
                "organisation"
            )
        ],
        "changes_made": AuditEvent.objects.filter(actor=user).count(),
    }


def erase_memberships(user: User) -> None:
    Invitation.objects.filter(email__iexact=user.email).delete()
    PlaceAdmin.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).delete()


def erase_account(user: User) -> None:
    """The row stays (so the audit log and counts keep their shape) but nothing identifies it.
    Its sessions die with it: an inactive user with a new password hash cannot be signed in."""
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    ApiToken.objects.filter(user=user).delete()
    # From now on the account, wherever it is still linked, reads as the person's pseudonym.
    user.email = erasure.erased_email(user)
    user.name = personal_data.pseudonym(user.pk)
    user.display_name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.save()


def erase_person(*, user: User) -> None:
    """Erase everything every app holds about ``user``, in one transaction. Refused (a
    ValidationError saying why) while it would leave an organisation without an admin."""
    problem = erasure.refusal(user)
    if problem:
        raise ValidationError(problem)
    with transaction.atomic():
        for holder in personal_data.holders():
            holder.erase(user)
        audit.record(
            actor=None,
            action=AuditEvent.Action.ERASE,
            obj=user,
            place=None,
            changes={"holders": [holder.name for holder in personal_data.holders()]},
        )


def export_person(user: User) -> dict[str, Any]:
    return {
        "exported_at": timezone.now().isoformat(),
        **{holder.name: holder.export(user) for holder in personal_data.holders()},
    }


def register() -> None:
    personal_data.register(
        personal_data.Holder("organisations", export_memberships, erase_memberships, 10)
    )
    personal_data.register(personal_data.Holder("account", export_account, erase_account, 1000))
