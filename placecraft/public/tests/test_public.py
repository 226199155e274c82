from __future__ import annotations

from datetime import datetime, timedelta
from unittest import mock

from django.core.management import call_command
from django.db.utils import OperationalError
from django.urls import reverse
from django.utils import timezone

from placecraft.core.toolkit import TOOLSETS


def test_healthz_answers_ok_when_the_database_does(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_answers_503_when_the_database_does_not(client, db):
    with mock.patch(
        "placecraft.public.views.connection.cursor", side_effect=OperationalError("down")
    ):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503


def test_toolkit_home_presents_the_five_toolsets_in_order(client, world):
    response = client.get(reverse("toolkit_home", args=[world.place.slug]))
    text = response.content.decode()
    positions = [text.index(f"{toolset.number}. {toolset.title}") for toolset in TOOLSETS]
    assert positions == sorted(positions)
    assert [t.title for t in TOOLSETS] == [
        "Culture",
        "Shared purpose",
        "System mobilisation",
        "Community power",
        "Impact in uncertainty",
    ]
    # Tools that exist are listed under their toolset, linking to real pages.
    assert reverse("organisation_list", args=[world.place.slug]) in text
    assert "coming soon" not in text.lower()


def test_unknown_toolset_and_place_are_404_with_a_styled_page(client, world):
    response = client.get(reverse("toolset", args=[world.place.slug, "nope"]))
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert client.get("/p/nowhere/").status_code == 404


def test_403_page_is_styled(client, world, erin):
    client.force_login(erin)
    response = client.get(reverse("place_settings", args=[world.place.slug]))
    assert response.status_code == 403
    assert b"You cannot do this" in response.content
    assert b"govuk-header" in response.content


def test_500_page_renders_without_the_database(client, db):
    from placecraft.public.views import error_500

    response = error_500(mock.Mock(path="/x"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def test_demo_place_is_marked_as_illustrative_on_every_page(client, db):
    call_command("seed_demo", "--json", stdout=mock.Mock())
    for url in [
        "/",
        "/p/wyvern-valley/",
        "/p/wyvern-valley/toolkit/",
        "/accounts/login/",
        "/accessibility/",
    ]:
        response = client.get(url, follow=True)
        assert b"This is an illustrative place" in response.content, url


def test_no_demo_banner_without_a_demo_place(client, world):
    response = client.get(reverse("place_home", args=[world.place.slug]))
    assert b"illustrative" not in response.content


def test_pages_carry_a_strict_content_security_policy(client, world):
    policy = client.get(reverse("place_home", args=[world.place.slug]))["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy


# The security contact (RFC 9116) ----------------------------------------------------------


def test_security_txt_names_the_configured_contact(client, db, settings):
    settings.PLACECRAFT_SECURITY_CONTACT = "mailto:security@council.example"
    settings.PLACECRAFT_SECURITY_POLICY_URL = "https://council.example/security-policy"
    settings.SITE_URL = "https://placecraft.council.example"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(
        line.split(": ", 1) for line in response.content.decode().splitlines() if ": " in line
    )
    assert fields["Contact"] == "mailto:security@council.example"
    assert fields["Canonical"] == "https://placecraft.council.example/.well-known/security.txt"
    assert fields["Policy"] == "https://council.example/security-policy"
    assert fields["Preferred-Languages"] == "en"
    expires = datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    # RFC 9116: in the future, and less than a year away.
    assert timezone.now() < expires < timezone.now() + timedelta(days=366)


def test_security_txt_turns_a_bare_address_into_a_mailto_uri(client, db, settings):
    settings.PLACECRAFT_SECURITY_CONTACT = "security@council.example"
    settings.PLACECRAFT_SECURITY_POLICY_URL = ""
    text = client.get("/.well-known/security.txt").content.decode()
    assert "Contact: mailto:security@council.example" in text.splitlines()
    assert "Policy:" not in text


def test_without_a_contact_there_is_no_security_txt_and_no_placeholder(client, db, settings):
    settings.PLACECRAFT_SECURITY_CONTACT = ""
    assert client.get("/.well-known/security.txt").status_code == 404
    assert b"placecraft.invalid" not in client.get(reverse("about")).content


def test_the_about_page_gives_the_security_contact(client, db, settings):
    settings.PLACECRAFT_SECURITY_CONTACT = "https://council.example/report-a-vulnerability"
    text = client.get(reverse("about")).content.decode()
    assert 'href="https://council.example/report-a-vulnerability"' in text
    assert 'href="/.well-known/security.txt"' in text


def test_check_deploy_warns_when_no_security_contact_is_set(settings):
    from django.core.checks import run_checks

    settings.PLACECRAFT_SECURITY_CONTACT = ""
    ids = {message.id for message in run_checks(include_deployment_checks=True)}
    assert "placecraft.W001" in ids
    settings.PLACECRAFT_SECURITY_CONTACT = "mailto:security@council.example"
    ids = {message.id for message in run_checks(include_deployment_checks=True)}
    assert "placecraft.W001" not in ids
