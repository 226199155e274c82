"""Two allauth pages replaced by ours (same addresses and names); see ``two_factor``."""

from django.urls import path

from placecraft.accounts import two_factor

urlpatterns = [
    path("totp/activate/", two_factor.activate_totp, name="mfa_activate_totp"),
    path("recovery-codes/", two_factor.view_recovery_codes, name="mfa_view_recovery_codes"),
]
