"""The self-assessment journey: rounds over time, leadership's view against staff's, the
five-response rule, and starting a round through the frameworks engine."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from placecraft.frameworks.models import Action, Exercise, Mode
from placecraft.impact import journey
from placecraft.impact.tests.factories import make_survey, make_workshop

pytestmark = pytest.mark.django_db


def test_journey_over_two_rounds_and_the_gap_between_views(world, bob):
    make_workshop(world, {"risk": ("exploring", "experimenting")}, "2024", date(2024, 3, 1))
    w2025 = make_workshop(
        world,
        {"risk": ("embedding", "mission-led"), "culture": ("experimenting", "embedding")},
        "2025",
        date(2025, 3, 1),
    )
    # Staff: two teams of 5 (counted) and one of 2 (too small: counts towards nothing).
    make_survey(
        world,
        {
            "Adults": [("exploring", "embedding")] * 5,
            "Children": [("experimenting", "embedding")] * 5,
            "Tiny": [("mission-led", "mission-led")] * 2,
        },
        "2025",
        date(2025, 4, 1),
    )
    Action.objects.create(exercise=w2025, title="Name the risk of not acting", status="done")
    j = journey.build(bob, world.place, world.council)
    assert [r.view for r in j.rounds] == ["Leadership", "Leadership", "Staff"]
    assert j.rounds[0].current == {"risk": 1.0}
    assert j.rounds[1].current["risk"] == 3.0
    staff = j.rounds[2]
    assert staff.responses == 10 and staff.withheld == 2 and staff.reportable
    assert staff.current["risk"] == 1.5  # (5 × 1 + 5 × 2) / 10: the team of two is left out
    gap = {g.feature.slug: g for g in j.gaps}["risk"]
    assert gap.leadership == 3.0 and gap.staff == 1.5 and gap.gap == 1.5
    assert j.actions[0].done == 1

    page = bob and reverse("journey_detail", args=[world.place.slug, world.council.slug])
    from django.test import Client

    client = Client()
    client.force_login(bob)
    response = client.get(page)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Leadership&#x27;s view and staff&#x27;s view" in body or "Leadership's view" in body
    assert "+1.5" in body
    assert "journey-heatmap" in body and "journey-timeline" in body
    assert "Name the risk of not acting" in body


def test_a_staff_survey_under_five_responses_is_withheld(world, bob):
    make_workshop(world, {"risk": ("embedding", "mission-led")}, "2025", date(2025, 3, 1))
    make_survey(world, {"Everyone": [("exploring", "embedding")] * 4}, "2025", date(2025, 4, 1))
    j = journey.build(bob, world.place, world.council)
    assert j.latest_staff is None
    assert j.staff_withheld is not None and j.staff_withheld.current == {}
    assert all(g.staff is None for g in j.gaps)
    from django.test import Client

    client = Client()
    client.force_login(bob)
    body = client.get(
        reverse("journey_detail", args=[world.place.slug, world.council.slug])
    ).content.decode()
    assert "fewer than 5 responses" in body


def test_journey_queries_do_not_grow_with_rounds(world, bob, django_assert_max_num_queries):
    for year in range(2019, 2025):
        make_workshop(world, {"risk": ("exploring", "embedding")}, str(year), date(year, 3, 1))
        make_survey(world, {"A": [("exploring", "embedding")] * 6}, str(year), date(year, 4, 1))
    # Two to learn the person's memberships, then the exercises, the response counts, the
    # stage tallies and the actions.
    with django_assert_max_num_queries(6):
        j = journey.build(bob, world.place, world.council)
    assert len(j.rounds) == 12


def test_starting_rounds_goes_through_the_frameworks_engine(client, world, charlie):
    client.force_login(charlie)
    url = reverse("journey_start", args=[world.place.slug, world.council.slug])
    response = client.post(
        url,
        {
            "mode": "survey",
            "round_label": "2026",
            "round_date": "2026-04-01",
            "visibility": "private",
        },
    )
    exercise = Exercise.objects.get(organisation=world.council)
    assert response.status_code == 302
    assert response["Location"] == reverse("exercise_detail", args=[world.place.slug, exercise.pk])
    assert (
        exercise.mode == Mode.SURVEY
        and exercise.version.framework.slug == "shifting-towards-impact"
    )
    assert exercise.subject_type == "organisation" and exercise.subject_id == world.council.pk
    # A form with errors keeps what was typed and summarises the problems.
    response = client.post(url, {"mode": "", "round_label": "kept", "round_date": ""})
    body = response.content.decode()
    assert "govuk-error-summary" in body and 'value="kept"' in body


def test_one_more_staff_response_does_not_change_the_journey(client, world, bob):
    """The frameworks engine's step rule: a team's figures include its first 5, 10, 15…
    responses, so comparing the page before and after one more response gives nothing away."""
    from placecraft.frameworks import services as fw_services
    from placecraft.frameworks.models import SurveyTeam

    make_workshop(world, {"risk": ("embedding", "mission-led")}, "2025", date(2025, 3, 1))
    survey = make_survey(
        world,
        {"Adults": [("exploring", "embedding")] * 5 + [("mission-led", "mission-led")]},
        "2025",
        date(2025, 4, 1),
    )
    client.force_login(bob)
    url = reverse("journey_detail", args=[world.place.slug, world.council.slug])

    def main() -> str:
        body: str = client.get(url).content.decode()
        return body[body.index("<main") : body.index("</main>")]

    before = main()
    staff = journey.build(bob, world.place, world.council).latest_staff
    assert staff is not None and staff.responses == 5 and staff.current == {"risk": 1.0}
    fw_services.submit_survey_response(
        exercise=survey,
        team=SurveyTeam.objects.get(exercise=survey),
        answers={"risk": {"current_stage": "mission-led", "target_stage": "mission-led"}},
    )
    assert main() == before
