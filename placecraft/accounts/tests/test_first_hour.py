"""Issue 22: a place admin signs in, is asked to set up two-factor authentication, and then
goes on to where they were going; the account screens speak the service's own style."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import override_settings
from django.urls import reverse

from placecraft.core.tests.browser import axe_violations
from placecraft.testing import build_world


def _current_code(secret: str) -> str:
    return str(format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time()))))


@override_settings(PLACECRAFT_REQUIRE_MFA_FOR_PLACE_ADMINS=True)
def test_two_factor_set_up_goes_on_to_where_the_admin_was_going(client, world, alice):
    Authenticator.objects.filter(user=alice).delete()
    response = client.post(
        reverse("account_login"),
        {"login": "alice@example.org", "password": "correct horse battery"},
    )
    assert response.status_code == 302
    settings_url = reverse("place_settings", args=[world.place.slug])
    response = client.get(settings_url)
    assert response.status_code == 302
    set_up_url = response["Location"]
    assert set_up_url.startswith(reverse("mfa_activate_totp"))

    # Straight after signing in, nobody is asked for their password again.
    first = client.get(set_up_url)
    assert first.status_code == 200
    assert b"Why we ask" in first.content
    # Reloading the page keeps the secret the app has already scanned.
    secret = first.context["form"].secret
    assert client.get(set_up_url).context["form"].secret == secret

    response = client.post(set_up_url, {"code": _current_code(secret)})
    assert response.status_code == 302
    codes_url = response["Location"]
    assert codes_url.startswith(reverse("mfa_view_recovery_codes"))
    codes_page = client.get(codes_url)
    assert codes_page.status_code == 200
    # After noting the recovery codes, the admin carries on to the page they asked for.
    assert f'href="{settings_url}"'.encode() in codes_page.content
    assert client.get(settings_url).status_code == 200


def test_set_up_ignores_a_next_address_on_another_site(client, world, alice):
    Authenticator.objects.filter(user=alice).delete()
    client.post(
        reverse("account_login"),
        {"login": "alice@example.org", "password": "correct horse battery"},
    )
    set_up_url = reverse("mfa_activate_totp") + "?next=https://evil.example.com/"
    secret = client.get(set_up_url).context["form"].secret
    response = client.post(set_up_url, {"code": _current_code(secret)})
    codes_page = client.get(response["Location"])
    assert b"evil.example.com" not in codes_page.content
    assert f'href="{reverse("dashboard")}"'.encode() in codes_page.content


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@override_settings(PLACECRAFT_REQUIRE_MFA_FOR_PLACE_ADMINS=True)
def test_two_factor_screens_pass_axe(browser_page, live_server):
    world = build_world()
    Authenticator.objects.filter(user=world.users["place_admin"]).delete()
    page = browser_page
    page.goto(reverse("account_login"))
    assert not axe_violations(page)
    page.fill("#id_login", "alice@example.org")
    page.fill("#id_password", "correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.goto(reverse("place_settings", args=[world.place.slug]))
    assert page.url.split("?")[0].endswith(reverse("mfa_activate_totp"))
    problems = axe_violations(page)
    assert not problems, "\n".join(problems)
    secret = page.input_value("#authenticator_secret")
    page.fill("#id_code", _current_code(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    problems = axe_violations(page)
    assert not problems, "\n".join(problems)
    page.get_by_role("button", name="I have saved my codes, continue").click()
    assert page.url.endswith(reverse("place_settings", args=[world.place.slug]))


# Words that keep their capital letter inside a sentence.
PROPER = {"Placecraft", "GOV.UK", "I", "QR"}


def _not_sentence_case(html: str) -> list[str]:
    """Headings, titles, labels and buttons whose later words start with a capital."""
    found = []
    pattern = r"<(h1|title|button|label|legend)\b[^>]*>(.*?)</\1>"
    for _tag, inner in re.findall(pattern, html, flags=re.S):
        text = " ".join(re.sub(r"<[^>]+>", " ", inner).split())
        text = text.split(" – ")[0].split(" - ")[0]
        words = text.split(" ")[1:]
        if any(w[:1].isupper() and w.strip(".,:?!") not in PROPER for w in words):
            found.append(text)
    return found


def test_account_screens_use_sentence_case(client, world, alice):
    screens = [
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        reverse("account_reset_password_done"),
        reverse("account_email_verification_sent"),
        reverse("account_reset_password_from_key", args=["x", "bad-key"]),
        reverse("account_confirm_email", args=["bad-key"]),
    ]
    problems = {}
    for url in screens:
        response = client.get(url)
        assert response.status_code == 200, url
        if bad := _not_sentence_case(response.content.decode()):
            problems[url] = bad
    # Signing in with a second factor asks for the code on its own screen.
    response = client.post(
        reverse("account_login"),
        {"login": "alice@example.org", "password": "correct horse battery"},
        follow=True,
    )
    assert response.request["PATH_INFO"] == reverse("mfa_authenticate")
    if bad := _not_sentence_case(response.content.decode()):
        problems["mfa_authenticate"] = bad
    client.force_login(world.users["council_member"])
    for name in ("account_logout", "account_reauthenticate", "mfa_index"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        if bad := _not_sentence_case(response.content.decode()):
            problems[name] = bad
    assert not problems, problems


def test_links_on_the_sign_in_and_sign_up_screens_are_govuk_links(client, db):
    for name in ("account_login", "account_signup"):
        html = client.get(reverse(name)).content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        bare = [a for a in re.findall(r"<a\b[^>]*>", main) if "govuk-" not in a]
        assert not bare, (name, bare)
