"""The resource library: the starter list under the toolkit's reading themes, and an
organisation's own additions with their visibility."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from placecraft.impact.library import STARTER
from placecraft.impact.models import Resource

pytestmark = pytest.mark.django_db


def test_the_starter_list_is_loaded_under_the_three_themes(client, world):
    starters = Resource.objects.filter(place__isnull=True)
    assert starters.count() == len(STARTER)
    assert set(starters.values_list("category", flat=True)) == {
        "missions-theory",
        "ways-of-working",
        "case-studies",
    }
    response = client.get(reverse("resource_library", args=[world.place.slug]))
    body = response.content.decode()
    assert "Missions theory and setting missions" in body
    assert "Mission-led ways of working" in body
    assert "International case studies" in body
    only_five = client.get(reverse("resource_library", args=[world.place.slug]) + "?toolset=5")
    titles = [r.title for _v, _l, items in only_five.context["groups"] for r in items]
    assert "The Orange Book: Management of Risk – Principles and Concepts" in titles
    assert "Radical Help" not in titles


def test_an_organisation_adds_its_own_private_reading(world, charlie, dana):
    client = Client()
    client.force_login(charlie)
    response = client.post(
        reverse("resource_create", args=[world.place.slug]),
        {
            "organisation": world.council.pk,
            "title": "Our sprint handbook",
            "author": "Northgate Council",
            "category": "ways-of-working",
            "kind": "tool",
            "summary": "How we run sprints.",
            "visibility": "private",
            "toolsets": ["1"],
        },
    )
    assert response.status_code == 302
    own = Resource.objects.get(title="Our sprint handbook")
    assert list(own.toolset_tags.values_list("toolset", flat=True)) == [1]
    assert (
        b"Our sprint handbook"
        in client.get(reverse("resource_library", args=[world.place.slug])).content
    )
    other = Client()
    other.force_login(dana)
    assert (
        b"Our sprint handbook"
        not in other.get(reverse("resource_library", args=[world.place.slug])).content
    )
