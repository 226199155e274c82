"""Setting up two-factor authentication without losing one's way.

allauth's own screens are kept; three things change. The secret survives a reload, so a code
from an app that has already scanned the QR code still works. A sign-in within the
reauthentication window counts as recent, so nobody types their password twice in a row. And
after the recovery codes, the person carries on to the page they were heading for."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.recovery_codes.views import ViewRecoveryCodesView
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.totp.internal import auth
from allauth.mfa.totp.views import ActivateTOTPView
from django import forms
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships no types
    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = self.request
        if request is None or not request.user.is_authenticated:
            return True
        records = get_authentication_records(request, request.user)
        window = account_settings.REAUTHENTICATION_TIMEOUT
        return not any(time.time() - record["at"] < window for record in records)


class KeepSecretActivateTOTPForm(ActivateTOTPForm):  # type: ignore[misc]  # allauth ships no types
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # allauth makes a new secret on every GET; keep the one in the session instead.
        self.user = kwargs.pop("user")
        forms.Form.__init__(self, *args, **kwargs)
        self.secret = auth.get_totp_secret(regenerate=False)


def next_url(request: Any) -> str:
    """The page the person was heading for, if it is on this site."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return str(target)
    return ""


class ActivateView(ActivateTOTPView):  # type: ignore[misc]  # allauth ships no types
    form_class = KeepSecretActivateTOTPForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        target = next_url(self.request)
        context["action_url"] = reverse("mfa_activate_totp") + (
            "?" + urlencode({"next": target}) if target else ""
        )
        return context

    def get_success_url(self) -> str:
        url = str(super().get_success_url())
        target = next_url(self.request)
        return url + "?" + urlencode({"next": target}) if target else url


class RecoveryCodesView(ViewRecoveryCodesView):  # type: ignore[misc]  # allauth ships no types
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["continue_url"] = next_url(self.request) or reverse("dashboard")
        return context


activate_totp = ActivateView.as_view()
view_recovery_codes = RecoveryCodesView.as_view()
