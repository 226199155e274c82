"""The yearly public report shows public data only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from placecraft.core.models import Visibility
from placecraft.impact.tests.factories import make_learning, make_mission
from placecraft.missions.models import ProgressUpdate
from placecraft.testing import assert_max_queries

pytestmark = pytest.mark.django_db


def test_only_public_missions_and_learning(client, world):
    public = make_mission(world, "clean-air", title="Clean air", visibility=Visibility.PUBLIC)
    make_mission(world, "secret-plan", title="Secret plan", visibility=Visibility.PARTNERS)
    ProgressUpdate.objects.create(
        mission=public, period_label="Summer", status="on-track", narrative="Air got cleaner."
    )
    make_learning(world, Visibility.PUBLIC, title="Open lesson", recorded_on=timezone.localdate())
    make_learning(
        world, Visibility.PARTNERS, title="Inside lesson", recorded_on=timezone.localdate()
    )
    body = client.get(reverse("state_of_missions", args=[world.place.slug])).content.decode()
    assert "Clean air" in body and "Air got cleaner." in body and "Open lesson" in body
    assert "Secret plan" not in body and "Inside lesson" not in body


def test_query_count_does_not_grow_with_missions(client, world):
    url = reverse("state_of_missions", args=[world.place.slug])
    for i in range(3):
        make_mission(world, f"m-{i}", visibility=Visibility.PUBLIC)
    few = assert_max_queries(client, url, 15)
    for i in range(3, 30):
        make_mission(world, f"m-{i}", visibility=Visibility.PUBLIC)
    assert assert_max_queries(client, url, few) == few
