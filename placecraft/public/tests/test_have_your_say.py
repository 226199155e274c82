"""Issue 22: a resident finds every open way to take part on the place's own page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from placecraft.budgeting.tests.factories import make_round
from placecraft.community.tests.factories import forum, make_process
from placecraft.core.tests.browser import axe_violations
from placecraft.openness.tests.factories import make_event
from placecraft.panels.tests.factories import make_panel
from placecraft.testing import assert_max_queries, build_world


def _have_your_say(html: str) -> str:
    match = re.search(r'<section[^>]*aria-labelledby="have-your-say".*?</section>', html, re.S)
    assert match, "no Have your say section"
    return match.group(0)


def test_place_page_lists_every_open_way_to_take_part(client, world):
    process = make_process(world, title="Greener streets")
    make_process(world, visibility="private", title="Quiet plans")
    budget = make_round(world, title="Northgate Community Budget")
    make_round(world, visibility="private", title="Secret budget")
    panel = make_panel(world, registration_open=True, title="Valley climate panel")
    make_panel(world, registration_open=True, visibility="private", title="Hidden panel")
    streets_forum = forum(world)
    event = make_event(world, "bus-meeting")
    make_event(world, "staff-away-day", visibility="private")

    url = reverse("place_home", args=[world.place.slug])
    section = _have_your_say(client.get(url).content.decode())
    for title, link in (
        ("Greener streets", reverse("process_detail", args=[world.place.slug, process.slug])),
        (
            "Northgate Community Budget",
            reverse("pb_round_detail", args=[world.place.slug, budget.pk]),
        ),
        ("Valley climate panel", reverse("panel_register", args=[world.place.slug, panel.pk])),
        ("Streets forum", reverse("forum_detail", args=[world.place.slug, streets_forum.pk])),
        (event.title, reverse("event_detail", args=[world.place.slug, event.slug])),
    ):
        assert title in section
        assert f'href="{link}"' in section
    for hidden in ("Quiet plans", "Secret budget", "Hidden panel", "Staff away day"):
        assert hidden not in section
    # Written for residents: what each is, in plain words.
    assert "Vote on how to spend" in section
    assert "Volunteer" in section
    assert_max_queries(client, url, 15)


def test_a_place_with_nothing_open_says_so(client, world):
    url = reverse("place_home", args=[world.place.slug])
    section = _have_your_say(client.get(url).content.decode())
    assert "Nothing is open" in section


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_have_your_say_passes_axe(browser_page):
    world = build_world()
    make_process(world)
    make_round(world)
    make_panel(world, registration_open=True)
    forum(world)
    make_event(world, "bus-meeting")
    browser_page.goto(reverse("place_home", args=[world.place.slug]))
    assert browser_page.get_by_role("heading", name="Greener streets").first.is_visible()
    problems = axe_violations(browser_page)
    assert not problems, "\n".join(problems)
