"""The portfolio dashboard: what it shows, its filters, and a query count that does not grow
with the number of missions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from placecraft.core.models import Visibility
from placecraft.evidence.models import Indicator, MissionIndicator, Observation, Target
from placecraft.impact.tests.factories import make_mission, make_risk, make_survey, make_workshop
from placecraft.missions.models import ProgressUpdate, ReferenceOutcome
from placecraft.partners.models import Commitment
from placecraft.sprints.models import Sprint
from placecraft.testing import count_queries

pytestmark = pytest.mark.django_db


def _populate(world, start: int, count: int) -> None:
    today = timezone.localdate()
    outcome = ReferenceOutcome.objects.order_by("pk").first()
    for i in range(start, start + count):
        owner = world.council if i % 2 else world.authority
        mission = make_mission(world, f"mission-{i}", organisation=owner)
        if outcome is not None and i % 3 == 0:
            mission.reference_outcomes.add(outcome)
        indicator = Indicator.objects.create(
            place=world.place,
            organisation=owner,
            visibility=Visibility.PARTNERS,
            name=f"Indicator {i}",
            slug=f"indicator-{i}",
            definition="A measure.",
            unit="%",
            direction="higher",
            geography_level="local-authority",
            category="health",
        )
        link = MissionIndicator.objects.create(
            mission=mission,
            indicator=indicator,
            geography_code="E06000001",
            baseline_period="2020",
            baseline_date=date(2020, 12, 31),
            baseline_value=50,
        )
        Target.objects.create(
            mission_indicator=link, period="2030", due=date(2030, 12, 31), value=70
        )
        for year, value in ((2022, 52), (2023, 55)):
            Observation.objects.create(
                indicator=indicator,
                geography_code="E06000001",
                period=str(year),
                period_start=date(year, 1, 1),
                period_end=date(year, 12, 31),
                value=value,
            )
        ProgressUpdate.objects.create(
            mission=mission, period_label="Spring", status="on-track", narrative="Going well."
        )
        Sprint.objects.create(
            place=world.place,
            organisation=owner,
            mission=mission,
            visibility=Visibility.PARTNERS,
            title=f"Sprint {i}",
            slug=f"sprint-{i}",
            problem="A problem.",
            start_date=today - timedelta(days=3),
            end_date=today + timedelta(days=30),
        )
        Commitment.objects.create(
            place=world.place,
            organisation=world.partner,
            mission=mission,
            title=f"Commitment {i}",
            status="at-risk" if i % 2 else "active",
        )
        make_risk(
            world,
            Visibility.PARTNERS,
            title=f"Risk {i}",
            mission=mission,
            review_date=today - timedelta(days=1),
        )


def _queries(client, url) -> int:
    client.get(url)
    with count_queries() as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_query_count_is_flat_from_3_to_60_missions(world, bob):
    client = Client()
    client.force_login(bob)
    url = reverse("portfolio", args=[world.place.slug])
    # A self-assessment (a leadership workshop and a staff survey) adds its summary.
    make_workshop(world, {"risk": ("exploring", "embedding")}, "2024", date(2024, 3, 1))
    make_survey(world, {"A": [("exploring", "embedding")] * 6}, "2024", date(2024, 4, 1))
    _populate(world, 0, 3)
    small = _queries(client, url)
    _populate(world, 3, 57)
    large = _queries(client, url)
    response = client.get(url)
    assert len(response.context["portfolio"].rows) == 60
    assert response.context["portfolio"].self_assessment["rounds"] == 2
    assert large == small, f"3 missions: {small} queries, 60 missions: {large}"
    assert small <= 15
    # The filtered page is flat too.
    filtered = url + f"?organisation={world.council.slug}"
    assert _queries(client, filtered) == small


def test_the_dashboard_shows_each_signal(world, bob):
    _populate(world, 0, 2)
    client = Client()
    client.force_login(bob)
    response = client.get(reverse("portfolio", args=[world.place.slug]))
    data = response.context["portfolio"]
    row = next(r for r in data.rows if r.mission.slug == "mission-1")
    assert row.latest_status_label == "On track"
    assert row.indicators[0].trend == "rising"
    assert row.sprints_running == 1
    assert row.commitments == {"at-risk": 1}
    assert row.risks_to_review == 1
    assert data.totals["risks_to_review"] == 2
    body = response.content.decode()
    assert "Indicator 1: 55.0 %, rising" in body
    # Filters: by owner organisation and by national mission.
    by_owner = client.get(
        reverse("portfolio", args=[world.place.slug]) + f"?organisation={world.council.slug}"
    )
    assert [r.mission.slug for r in by_owner.context["portfolio"].rows] == ["mission-1"]
    outcome = ReferenceOutcome.objects.order_by("pk").first()
    if outcome is not None:
        by_outcome = client.get(
            reverse("portfolio", args=[world.place.slug]) + f"?outcome={outcome.slug}"
        )
        assert [r.mission.slug for r in by_outcome.context["portfolio"].rows] == ["mission-0"]


def test_missions_hidden_from_a_partner_are_not_in_their_portfolio(world, dana):
    make_mission(world, "secret", visibility=Visibility.PRIVATE)
    make_mission(world, "shared", visibility=Visibility.PARTNERS)
    client = Client()
    client.force_login(dana)
    rows = client.get(reverse("portfolio", args=[world.place.slug])).context["portfolio"].rows
    assert [r.mission.slug for r in rows] == ["shared"]


def test_the_table_shows_missions_a_page_at_a_time_and_the_totals_count_them_all(world, bob):
    _populate(world, 0, 52)
    client = Client()
    client.force_login(bob)
    url = reverse("portfolio", args=[world.place.slug])
    mission_link = f'href="/p/{world.place.slug}/missions/mission-'

    body = client.get(url).content.decode()
    assert "52 missions: " in body
    assert body.count(mission_link) == 25
    last = client.get(url + "?page=3").content.decode()
    assert last.count(mission_link) == 2

    # A filter is kept from page to page: 26 council missions make two pages.
    filtered = client.get(url + f"?organisation={world.council.slug}").content.decode()
    assert "26 missions: " in filtered
    assert f"organisation={world.council.slug}&amp;page=2" in filtered
    second = client.get(url + f"?organisation={world.council.slug}&page=2").content.decode()
    assert second.count(mission_link) == 1


def test_commitments_are_counted_as_each_person_may_see_them(world, bob):
    from placecraft.missions.tests.factories import public_mission
    from placecraft.partners.tests.factories import commitments_for_every_viewer

    _, fran = commitments_for_every_viewer(world)
    mission = public_mission(world)
    url = reverse("portfolio", args=[world.place.slug])

    def counts(user) -> dict[str, int]:
        client = Client()
        client.force_login(user)
        rows = client.get(url).context["portfolio"].rows
        found: dict[str, int] = next(r for r in rows if r.mission == mission).commitments
        return found

    # The food bank's member adds its own private pledge to the public and partners' ones; the
    # council sees neither partner's private commitments.
    assert counts(fran) == {"active": 2, "at-risk": 1, "met": 1}
    assert counts(bob) == {"active": 1, "at-risk": 1, "met": 1}
    assert counts(world.users["partner_member"]) == {
        "active": 1,
        "proposed": 1,
        "at-risk": 1,
        "met": 1,
    }
