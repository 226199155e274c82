"""The yearly public report shows public data only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placecraft.core.models import Visibility
from placecraft.evidence import services
from placecraft.evidence.tests.factories import make_indicator
from placecraft.impact.tests.factories import make_learning, make_mission
from placecraft.missions.models import MissionStatus, ProgressUpdate
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


def test_totals_count_each_thing_once(client, world):
    """Two missions with three updates and two public headline indicators each: 2, 4 and 6,
    not a count of every (update, indicator) pair. What the report leaves out is not counted."""
    now = timezone.now()
    indicators = [make_indicator(world, f"ind-{i}") for i in range(3)]
    hidden = make_indicator(world, "hidden", visibility=Visibility.PARTNERS)
    for i, status in enumerate(
        [MissionStatus.ACTIVE, MissionStatus.ACTIVE, MissionStatus.CANDIDATE]
    ):
        mission = make_mission(world, f"m-{i}", status=status, visibility=Visibility.PUBLIC)
        for n in range(3):
            ProgressUpdate.objects.create(
                mission=mission, period_label=f"Q{n}", status="on-track", narrative="On track."
            )
        # Last year's update and a non-headline or non-public indicator are not counted.
        old = ProgressUpdate.objects.create(
            mission=mission, period_label="Old", status="on-track", narrative="Old."
        )
        ProgressUpdate.objects.filter(pk=old.pk).update(published_at=now - timedelta(days=366))
        for indicator, headline in [
            (indicators[0], True),
            (indicators[1], True),
            (indicators[2], False),
            (hidden, True),
        ]:
            services.link_indicator(
                actor=None,
                mission=mission,
                indicator=indicator,
                data={"geography_code": "E06000001", "headline": headline},
            )
    body = " ".join(
        client.get(reverse("state_of_missions", args=[world.place.slug])).content.decode().split()
    )
    assert "2 public missions, 4 headline indicators, 6 progress updates" in body


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
