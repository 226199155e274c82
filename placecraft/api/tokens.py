"""Creating, checking and revoking personal access tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from placecraft.accounts.models import ApiToken, User
from placecraft.places.models import Organisation

TOKEN_PREFIX = "pc_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown to the person once, never stored


def create_token(
    *, user: User, name: str, scope: str, organisation: Organisation | None, days: int
) -> NewToken:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            scope=scope,
            organisation=organisation,
            prefix=secret[:10],
            token_hash=hash_token(secret),
            expires_at=timezone.now() + timedelta(days=days),
        )
    return NewToken(token=token, secret=secret)


def find_token(secret: str) -> ApiToken | None:
    """The live token for ``secret``, or None if it is unknown, expired or revoked."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            token_hash=hash_token(secret), revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    # Touch at most once a minute, so reads do not turn into a write per request.
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def revoke_token(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
