"""API authentication and rate limits.

Public data can be read without a token. A request that sends a token must send a good one: an
unknown, expired or revoked token is refused (401) rather than quietly treated as anonymous.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from placecraft.accounts.models import ApiToken
from placecraft.api.tokens import find_token
from placecraft.core.ratelimit import allow, client_address
from placecraft.places import access


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = find_token(token)
        if found is None:
            raise AuthenticationError(
                401, "The token is not valid: it may be wrong, expired or revoked."
            )
        request.user = found.user
        if found.organisation_id:
            access.restrict_to_organisation(found.user, found.organisation_id)
        return found


class Anonymous:
    """Lets a request without any Authorization header through, as an anonymous reader."""

    def __call__(self, request: HttpRequest) -> Any:
        if request.headers.get("Authorization"):
            return None
        request.user = AnonymousUser()
        return request.user


token_auth = TokenAuth()
read_auth: list[Callable[..., Any]] = [token_auth, Anonymous()]


def require_write(request: HttpRequest) -> ApiToken:
    token = getattr(request, "auth", None)
    if not isinstance(token, ApiToken):
        raise HttpError(401, "Writing needs a personal access token.")
    if token.scope != ApiToken.Scope.WRITE:
        raise HttpError(403, "This token can only read. Create a token with write access.")
    return token


class PlacecraftThrottle(BaseThrottle):
    """Per token when one is sent, otherwise per client address; counted in the shared cache."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "auth", None)
        if isinstance(token, ApiToken):
            return allow(
                "api-token", key=str(token.pk), limit=settings.PLACECRAFT_API_TOKEN_RATE, per=60
            )
        return allow(
            "api-address",
            key=client_address(request),
            limit=settings.PLACECRAFT_API_ANONYMOUS_RATE,
            per=60,
        )
