"""Ideas, forums, grants and accountability end to end in Chromium, under the real CSP, with axe
on the pages people fill in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from placecraft.community.models import Application, Feedback, Idea, Recommendation
from placecraft.community.tests import factories as f
from placecraft.core.tests.browser import axe_violations
from placecraft.missions.tests.factories import public_mission
from placecraft.testing import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user) -> None:
    page.context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_idea_proposed_then_hidden_with_its_reason(browser_page, live_server):
    world = build_world()
    process = f.public_process(world)
    page = browser_page
    sign_in(page, live_server, world.users["resident"])
    page.goto(reverse("process_detail", args=["testshire", process.slug]))
    page.get_by_role("link", name="Propose an idea").click()
    page.get_by_label("Your idea in a few words").fill("A pocket park")
    page.get_by_label("Describe your idea").fill("Turn the car park corner into a **park**.")
    page.get_by_label("Postcode (optional)").fill("wv1 2ab")
    assert not axe_violations(page)
    page.wait_for_timeout(3200)  # the timing token refuses forms sent faster than a person can
    page.get_by_role("button", name="Publish your idea").click()
    expect(page.get_by_role("heading", name="A pocket park")).to_be_visible()
    page.get_by_role("button", name="Support this idea").click()
    expect(page.locator("#support-count")).to_have_text("1")
    idea = Idea.objects.get(title="A pocket park")
    sign_in(page, live_server, world.users["council_admin"])
    page.goto(reverse("idea_detail", args=["testshire", idea.pk]))
    page.get_by_label("Reason for hiding the idea, shown in its place").fill("Duplicate idea")
    page.get_by_role("button", name="Hide idea").click()
    sign_in(page, live_server, None)
    page.goto(reverse("idea_detail", args=["testshire", idea.pk]))
    expect(page.locator("#hidden-reason")).to_contain_text("Duplicate idea")
    assert not axe_violations(page)
    assert not page.csp_violations


def test_forum_recommendation_and_response(browser_page, live_server):
    world = build_world()
    forum = f.forum(world)
    page = browser_page
    sign_in(page, live_server, world.users["council_admin"])
    page.goto(reverse("forum_detail", args=["testshire", forum.pk]))
    page.get_by_role("link", name="Record a recommendation").click()
    page.get_by_label("Title").fill("Safer crossings")
    page.get_by_label("Text").fill("A zebra crossing by the school.")
    page.get_by_role("button", name="Save").click()
    recommendation = Recommendation.objects.get(title="Safer crossings")
    page.get_by_role("link", name=f"Respond to recommendation {recommendation.number}").click()
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_label("The council's response").fill("A crossing opens in May.")
    assert not axe_violations(page)
    page.get_by_role("button", name="Save").click()
    sign_in(page, live_server, None)
    page.goto(reverse("forum_detail", args=["testshire", forum.pk]))
    card = page.locator(f"#rec-{recommendation.number}")
    expect(card).to_contain_text("A crossing opens in May.")
    expect(card).to_contain_text("Accepted")
    assert not axe_violations(page)
    assert not page.csp_violations


def test_grant_applied_for_assessed_awarded_and_published(browser_page, live_server):
    world = build_world()
    programme = f.programme(world)
    page = browser_page
    sign_in(page, live_server, world.users["resident"])
    page.goto(reverse("programme_detail", args=["testshire", programme.pk]))
    page.get_by_role("link", name="Apply for a grant").click()
    page.get_by_label("Name of your group").fill("Mill Lane Growers")
    page.get_by_label("Project title").fill("Community orchard")
    page.get_by_label("What will you do, and who will it help?").fill("Twenty fruit trees.")
    page.get_by_label("Budget").fill("Trees, 800\nTools, 200")
    assert not axe_violations(page)
    page.wait_for_timeout(3200)
    page.get_by_role("button", name="Send your application").click()
    expect(page.locator("#application-status")).to_have_text("Submitted")
    application = Application.objects.get(title="Community orchard")
    sign_in(page, live_server, world.users["council_admin"])
    page.goto(reverse("application_assess", args=["testshire", programme.pk, application.pk]))
    page.get_by_label("Reach (0 to 5)").fill("4")
    page.get_by_label("Value for money (0 to 5)").fill("5")
    page.get_by_role("button", name="Save scores").click()
    page.goto(reverse("application_assess", args=["testshire", programme.pk, application.pk]))
    page.get_by_label("Award a grant").check()
    page.get_by_label("Amount awarded").fill("950")
    assert not axe_violations(page)
    page.get_by_role("button", name="Record the decision").click()
    sign_in(page, live_server, None)
    page.goto(reverse("programme_detail", args=["testshire", programme.pk]))
    expect(page.locator("#awards")).to_contain_text("Mill Lane Growers")
    expect(page.get_by_role("link", name="360Giving")).to_be_visible()
    assert not axe_violations(page)
    assert not page.csp_violations


def test_feedback_on_progress_is_moderated_then_shown(browser_page, live_server):
    world = build_world()
    mission = public_mission(world)
    f.erin_idea(world)
    page = browser_page
    sign_in(page, live_server, world.users["resident"])
    page.goto(reverse("accountability", args=["testshire", mission.slug]))
    expect(page.locator("#you-said-we-did")).to_contain_text("Trees on Mill Lane")
    page.get_by_role("link", name="Give feedback").click()
    page.get_by_label("Your feedback on this update").fill("The new bus stop is great.")
    page.wait_for_timeout(3200)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("once a moderator has seen it")).to_be_visible()
    assert Feedback.objects.get().status == "pending"
    sign_in(page, live_server, world.users["council_admin"])
    page.goto(reverse("moderation", args=["testshire"]))
    page.get_by_role("button", name="Publish feedback 1").click()
    sign_in(page, live_server, None)
    page.goto(reverse("accountability", args=["testshire", mission.slug]))
    expect(page.get_by_text("The new bus stop is great.")).to_be_visible()
    assert not axe_violations(page)
    assert not page.csp_violations
