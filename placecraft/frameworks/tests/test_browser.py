"""Frameworks end to end in headless Chromium: answering a survey anonymously, running a workshop
with an action, and adapting a framework.

It lives here rather than in placecraft/frameworks/tests because the Chromium fixtures are in this
directory's conftest, and a second copy of them would start a second Playwright in the process.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from placecraft.frameworks.models import Action, Answer, FrameworkVersion, Response
from placecraft.frameworks.tests.factories import ensure_frameworks, make_survey
from placecraft.testing import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_a_survey_answered_in_the_browser_completes_a_team(browser_page, live_server):
    world = build_world()
    exercise = make_survey(world, {"Adults": 4})
    team = exercise.teams.get()
    page = browser_page
    page.goto(reverse("survey_respond", args=[world.place.slug, team.token]))
    assert "This survey is anonymous" in page.content()
    for radio in page.locator("input[type=radio][value='4']").all():
        radio.check()
    page.fill("#id_relational-reflection__text", "More time with partners.")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert Response.objects.filter(team=team).count() == 5
    assert Answer.objects.filter(text="More time with partners.").exists()

    sign_in(page, live_server, world.users["council_admin"])
    page.goto(reverse("exercise_detail", args=[world.place.slug, exercise.pk]))
    expect(page.get_by_role("heading", name="Average rating by area")).to_be_visible()
    assert page.locator("svg[role=img]").count() >= 1
    assert "Based on 5 responses" in page.content()


def test_a_workshop_with_an_action_and_an_adaptation(browser_page, live_server):
    world = build_world()
    ensure_frameworks()
    page = browser_page
    sign_in(page, live_server, world.users["council_admin"])

    # From the toolkit home to a running workshop.
    page.goto(reverse("toolkit_home", args=[world.place.slug]))
    page.get_by_role("link", name="Shifting towards impact").click()
    page.get_by_role("link", name="Start an exercise").click()
    page.fill("#id_title", "Leadership self-assessment")
    page.get_by_label("Workshop: a facilitator and named participants answer together").check()
    page.fill("#id_participants", "Bob Boss\nCharlie Council")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", name="The workshop's answers")).to_be_visible()
    page.check("#id_organisational-design__current_stage_0")
    page.check("#id_organisational-design__target_stage_2")
    page.fill("#id_organisational-design-evidence__text", "Services still plan alone.")
    page.get_by_role("button", name="Save answers").click()
    expect(
        page.get_by_role("heading", name="Where we are now and where we aim to be")
    ).to_be_visible()
    assert "Services still plan alone." in page.content()

    page.get_by_role("link", name="Add an action").click()
    page.fill("#id_title", "Form a standing mission team")
    page.select_option("#id_owner", label="Charlie Council")
    page.fill("#id_due_date", "2030-01-31")
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_role("cell", name="Form a standing mission team")).to_be_visible()
    action = Action.objects.get()
    assert action.owner == world.users["council_member"] and str(action.due_date) == "2030-01-31"

    # Adapt the mindset framework: drop one prompt, add one.
    page.goto(reverse("framework_detail", args=[world.place.slug, "missions-mindset"]))
    page.get_by_role("link", name="Adapt this framework for your organisation").click()
    page.uncheck("#id_keep__power-awareness")
    page.fill("#id_new1__text", "We plan our work with residents from the start.")
    page.select_option("#id_new1__kind", "rating")
    page.fill("#id_note", "Our own words for Northgate.")
    page.get_by_role("button", name="Save adaptation").click()
    expect(page.get_by_role("heading", name="Northgate Council's adaptation 1")).to_be_visible()
    version = FrameworkVersion.objects.get(organisation=world.council)
    assert version.parent is not None and version.parent.organisation is None
    assert "power-awareness" not in {p.slug for p in version.content.prompts}
