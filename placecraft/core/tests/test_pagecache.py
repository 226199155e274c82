"""Public pages are cached for cookieless visitors and forgotten as soon as the place changes."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from placecraft.places import services


def test_anonymous_visitors_get_the_cached_page_until_something_changes(
    world, alice, django_capture_on_commit_callbacks
):
    url = reverse("place_home", args=[world.place.slug])
    visitor = Client()
    first = visitor.get(url)
    assert "X-Page-Cache" not in first
    second = visitor.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # Every response keeps its own security headers.
    assert "Content-Security-Policy" in second

    with django_capture_on_commit_callbacks(execute=True):
        services.create_organisation(
            actor=alice,
            place=world.place,
            data={"name": "Southgate Council", "slug": "southgate", "kind": "council"},
        )
    fresh = visitor.get(url)
    assert "X-Page-Cache" not in fresh
    assert b"Southgate Council" in fresh.content


def test_signed_in_people_and_visitors_with_cookies_are_never_served_from_the_cache(
    client, world, charlie
):
    url = reverse("place_home", args=[world.place.slug])
    Client().get(url)
    client.force_login(charlie)
    assert "X-Page-Cache" not in client.get(url)
    with_cookie = Client()
    with_cookie.cookies["sessionid"] = "something"
    assert "X-Page-Cache" not in with_cookie.get(url)


def test_another_places_change_leaves_this_cache_alone(
    world, oscar, django_capture_on_commit_callbacks
):
    url = reverse("place_home", args=[world.place.slug])
    Client().get(url)
    with django_capture_on_commit_callbacks(execute=True):
        services.create_organisation(
            actor=oscar,
            place=world.other_place,
            data={"name": "Far", "slug": "far", "kind": "vcse"},
        )
    assert Client().get(url)["X-Page-Cache"] == "hit"
