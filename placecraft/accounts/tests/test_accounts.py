"""Signing up, signing in, throttling and two-factor authentication for place admins."""

from __future__ import annotations

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from placecraft.accounts.models import User


def test_sign_up_needs_a_verified_email(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new.resident@example.org",
            "password1": "a long pass phrase",
            "password2": "a long pass phrase",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="new.resident@example.org").exists()
    assert "Confirm" in mail.outbox[0].subject or "confirm" in mail.outbox[0].body.lower()
    # Not signed in until the address is confirmed.
    assert client.get(reverse("dashboard")).status_code == 302


def test_sign_in_with_email_and_password(client, world):
    response = client.post(
        reverse("account_login"),
        {"login": "charlie@example.org", "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_sign_in_errors_are_summarised(client, world):
    response = client.post(
        reverse("account_login"), {"login": "charlie@example.org", "password": "wrong"}
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content


def test_failed_sign_ins_are_throttled(client, world):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "charlie@example.org", "password": "wrong"})
    response = client.post(
        reverse("account_login"),
        {"login": "charlie@example.org", "password": "correct horse battery"},
    )
    # Even the right password is refused while the account is throttled.
    assert response.status_code in (200, 429)
    assert client.get(reverse("dashboard")).status_code == 302


@override_settings(PLACECRAFT_REQUIRE_MFA_FOR_PLACE_ADMINS=True)
def test_place_admin_without_a_second_factor_is_sent_to_set_one_up(client, world, alice):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=alice).delete()
    client.force_login(alice)
    response = client.get(reverse("place_settings", args=[world.place.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    # Other people are not asked.
    client.force_login(world.users["council_admin"])
    assert client.get(reverse("dashboard")).status_code == 200


def test_place_admin_with_a_second_factor_gets_in(client, world, alice):
    client.force_login(alice)
    assert client.get(reverse("place_settings", args=[world.place.slug])).status_code == 200


def test_openid_connect_sign_in_is_configured_from_the_environment(monkeypatch):
    import importlib

    import config.settings as settings_module

    monkeypatch.setenv("OIDC_SERVER_URL", "https://login.example.org/tenant/v2.0")
    monkeypatch.setenv("OIDC_CLIENT_ID", "placecraft")
    monkeypatch.setenv("OIDC_CLIENT_SECRET", "s3cret")
    reloaded = importlib.reload(settings_module)
    try:
        app = reloaded.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]
        assert app["settings"]["server_url"] == "https://login.example.org/tenant/v2.0"
        assert app["client_id"] == "placecraft"
    finally:
        monkeypatch.delenv("OIDC_SERVER_URL")
        importlib.reload(settings_module)
