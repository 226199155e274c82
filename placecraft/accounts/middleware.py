"""Place administrators must protect their account with a second factor (TOTP)."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from placecraft.places.access import principal

# Paths a place admin without a second factor may still use: signing out, setting up the
# authenticator itself, and the assets those pages need.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz")


class RequireMFAForPlaceAdminsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.PLACECRAFT_REQUIRE_MFA_FOR_PLACE_ADMINS
            and user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and principal(user).admin_places
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)
