"""Voting end to end in Chromium with a one-use code, no account, under the real CSP."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from placecraft.budgeting import services
from placecraft.budgeting.models import Ballot
from placecraft.budgeting.tests.factories import make_round
from placecraft.core.tests.browser import axe_violations
from placecraft.testing import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_vote_with_a_code_end_to_end(browser_page):
    world = build_world()
    round = make_round(world)
    code = services.issue_codes(
        actor=world.users["council_admin"], round=round, label="Street stall", size=1
    ).codes[0]
    page = browser_page
    page.goto(reverse("pb_round_detail", args=[world.place.slug, round.pk]))
    page.get_by_role("link", name="Vote with a code").click()
    assert not axe_violations(page)
    page.get_by_label("Your voting code").fill(code)
    page.get_by_label("Street trees").check()
    page.get_by_label("Library books").check()
    page.get_by_label("I live in the area").check()
    page.get_by_label("Your neighbourhood").select_option("South")
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_role("heading", name="Thank you for voting")).to_be_visible()
    assert not axe_violations(page)
    ballot = Ballot.objects.get(round=round)
    assert ballot.channel == "code" and len(ballot.projects) == 2 and ballot.area == "South"
    # The same code again is refused, with the reason next to the field.
    page.goto(reverse("pb_vote_code", args=[world.place.slug, round.pk]))
    page.get_by_label("Your voting code").fill(code)
    page.get_by_label("Street trees").check()
    page.get_by_label("I live in the area").check()
    page.get_by_label("Your neighbourhood").select_option("South")
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="already been used")).to_have_count(1)
    assert not axe_violations(page)
    assert not page.csp_violations
    assert Ballot.objects.filter(round=round).count() == 1
