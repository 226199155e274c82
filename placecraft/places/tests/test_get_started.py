"""Issue 22: an officer's dashboard opens with the toolkit's first steps and where each stands."""

from __future__ import annotations

import re

from django.urls import reverse

from placecraft.missions.models import Mission
from placecraft.testing import assert_max_queries


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _tasks(html: str) -> dict[str, str]:
    """Each task's name and status, as the task list shows them."""
    found = {}
    for item in re.findall(r'<li class="govuk-task-list__item.*?</li>', html, flags=re.S):
        name = re.search(r'class="[^"]*govuk-task-list__(?:link|name)[^"]*"[^>]*>(.*?)<', item)
        status = re.search(r'class="govuk-task-list__status[^"]*"[^>]*>(.*?)</div>', item, re.S)
        assert name and status, item
        found[_text(name.group(1))] = _text(status.group(1))
    return found


def test_dashboard_opens_with_a_get_started_task_list(client, world, bob):
    client.force_login(bob)
    html = client.get(reverse("dashboard")).content.decode()
    assert html.index("Get started") < html.index("Your organisations")
    tasks = _tasks(html)
    assert tasks == {
        "Set up your organisation": "Not yet started",
        # Charlie already works with Bob at Northgate Council.
        "Invite your team": "Completed",
        "Run the missions mindset survey": "Not yet started",
        "Scope a mission": "Not yet started",
        "Start a sprint": "Cannot start yet",
        # Helping Hands is already a partner in Testshire.
        "Invite partners": "Completed",
        "Open a participation process": "Not yet started",
    }
    assert f'href="{reverse("mission_create", args=[world.place.slug])}"' in html


def test_task_list_follows_what_the_organisation_has_done(client, world, bob):
    Mission.objects.create(
        place=world.place,
        organisation=world.council,
        title="Warm homes",
        slug="warm-homes",
        statement="Every home warm.",
        ambition="No cold homes by 2030.",
        horizon_year=2030,
    )
    world.council.description = "The council for Northgate."
    world.council.save()
    client.force_login(bob)
    tasks = _tasks(client.get(reverse("dashboard")).content.decode())
    assert tasks["Set up your organisation"] == "Completed"
    assert tasks["Scope a mission"] == "Completed"
    assert tasks["Start a sprint"] == "Not yet started"
    assert_max_queries(client, reverse("dashboard"), 15)


def test_residents_see_no_task_list(client, world, erin):
    client.force_login(erin)
    assert b"govuk-task-list" not in client.get(reverse("dashboard")).content
