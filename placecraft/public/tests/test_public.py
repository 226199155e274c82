from __future__ import annotations

from unittest import mock

from django.core.management import call_command
from django.db.utils import OperationalError
from django.urls import reverse

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
