"""The yearly public report shows public data only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from placecraft.core.models import Visibility
from placecraft.impact.tests.factories import make_learning, make_mission
from placecraft.missions.models import ProgressUpdate
from placecraft.reports import views
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


def test_missions_come_a_page_at_a_time_with_totals_for_all(client, world):
    for i in range(views.MISSIONS_PER_PAGE + 2):
        mission = make_mission(
            world, f"m-{i:02d}", title=f"Mission {i:02d}", visibility=Visibility.PUBLIC
        )
        ProgressUpdate.objects.create(
            mission=mission, period_label="Spring", status="on-track", narrative=f"Note {i:02d}."
        )
    url = reverse("state_of_missions", args=[world.place.slug])
    first = " ".join(client.get(url).content.decode().split())
    n = views.MISSIONS_PER_PAGE + 2
    assert f"{n} public missions, 0 headline indicators, {n} progress updates" in first
    assert "Mission 00" in first and f"Mission {n - 1:02d}" not in first
    assert 'rel="next"' in first
    year = timezone.localdate().year
    second = client.get(url, {"year": year, "page": 2}).content.decode()
    assert f"Mission {n - 1:02d}" in second and f"Note {n - 1:02d}." in second
    assert "Mission 00" not in second


def test_a_mission_without_updates_says_so_once(client, world):
    for i in range(views.MISSIONS_PER_PAGE + 1):
        make_mission(world, f"m-{i:02d}", title=f"Mission {i:02d}", visibility=Visibility.PUBLIC)
    body = " ".join(
        client.get(reverse("state_of_missions", args=[world.place.slug])).content.decode().split()
    )
    year = timezone.localdate().year
    quiet = f"No progress updates were published in {year}.</p>"
    assert body.count(quiet) == views.MISSIONS_PER_PAGE
    # The page's range is said once, under the totals, not after each quiet mission.
    assert body.count(f"Missions 1 to {views.MISSIONS_PER_PAGE}, by title.") == 1
