"""The actions list (filters, overdue), the dashboard panel, and query counts."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from placecraft.core.models import Visibility
from placecraft.frameworks.models import Action, Mode, Prompt
from placecraft.frameworks.tests.factories import make_exercise
from placecraft.testing import assert_max_queries

pytestmark = pytest.mark.django_db

TODAY = date.today()


@pytest.fixture
def actions(world, bob, charlie, dana):
    council = make_exercise(world, "missions-mindset", Mode.WORKSHOP, title="Council workshop")
    partner = make_exercise(
        world,
        "missions-mindset",
        Mode.WORKSHOP,
        title="Partner workshop",
        organisation=world.partner,
        visibility=Visibility.PRIVATE,
    )
    return {
        "overdue": Action.objects.create(
            exercise=council, title="Overdue one", owner=charlie, due_date=TODAY - timedelta(days=2)
        ),
        "soon": Action.objects.create(
            exercise=council,
            title="Due soon",
            owner=bob,
            due_date=TODAY + timedelta(days=3),
            mission_id=42,
        ),
        "later": Action.objects.create(
            exercise=council,
            title="Due later",
            owner=charlie,
            due_date=TODAY + timedelta(days=20),
            status="in-progress",
        ),
        "done": Action.objects.create(
            exercise=council,
            title="Finished",
            owner=charlie,
            due_date=TODAY - timedelta(days=9),
            status="done",
        ),
        "undated": Action.objects.create(exercise=council, title="Some day"),
        "hidden": Action.objects.create(exercise=partner, title="Partner secret", owner=dana),
    }


def titles(client, world, **query) -> set[str]:
    response = client.get(reverse("action_list", args=[world.place.slug]), query)
    return {a.title for a in response.context["page"].object_list}


def test_the_list_shows_only_actions_the_user_may_see(world, charlie, dana, actions):
    client = Client()
    client.force_login(charlie)
    assert titles(client, world) == {"Overdue one", "Due soon", "Due later", "Some day"}
    client.force_login(dana)
    assert titles(client, world) == {"Partner secret"}
    assert titles(Client(), world) == set()


def test_filters(world, bob, charlie, actions):
    client = Client()
    client.force_login(charlie)
    assert titles(client, world, owner=bob.pk) == {"Due soon"}
    assert titles(client, world, owner="me") == {"Overdue one", "Due later"}
    assert titles(client, world, status="done") == {"Finished"}
    assert titles(client, world, status="in-progress") == {"Due later"}
    assert len(titles(client, world, status="all")) == 5
    assert titles(client, world, due="overdue") == {"Overdue one"}
    assert titles(client, world, due="week") == {"Due soon"}
    assert titles(client, world, due="month") == {"Due soon", "Due later"}
    assert titles(client, world, due="none") == {"Some day"}
    assert titles(client, world, mission=42) == {"Due soon"}
    assert titles(client, world, owner=charlie.pk, due="overdue", status="all") == {"Overdue one"}


def test_overdue_actions_are_highlighted(world, charlie, actions):
    client = Client()
    client.force_login(charlie)
    html = client.get(reverse("action_list", args=[world.place.slug])).content.decode()
    assert 'class="app-overdue"' in html and "(overdue)" in html
    assert html.count("(overdue)") == 1  # the finished one is past its date but not overdue


def test_the_dashboard_lists_my_open_actions(world, charlie, bob, actions):
    client = Client()
    client.force_login(charlie)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Your open actions" in html
    assert "Overdue one" in html and "Due later" in html
    assert "Finished" not in html and "Due soon" not in html


def test_query_counts_do_not_grow_with_actions(world, charlie, actions):
    client = Client()
    client.force_login(charlie)
    url = reverse("action_list", args=[world.place.slug])
    dashboard = reverse("dashboard")
    client.get(url)
    list_queries = assert_max_queries(client, url, 12)
    dash_queries = assert_max_queries(client, dashboard, 15)
    exercise = actions["overdue"].exercise
    Action.objects.bulk_create(
        Action(
            exercise=exercise,
            title=f"Action {n}",
            owner=charlie,
            due_date=TODAY + timedelta(days=n % 40),
        )
        for n in range(120)
    )
    assert assert_max_queries(client, url, list_queries) == list_queries
    assert assert_max_queries(client, dashboard, dash_queries) == dash_queries


def test_the_action_form_offers_the_exercises_prompts_in_order(world, bob):
    exercise = make_exercise(world, "missions-mindset", Mode.WORKSHOP)
    client = Client()
    client.force_login(bob)
    url = reverse("action_create", args=[world.place.slug, exercise.pk])
    assert_max_queries(client, url, 9)
    html = client.get(url).content.decode()
    prompts = list(Prompt.objects.filter(version=exercise.version_id))
    assert len(prompts) > 1
    offered = re.findall(
        r'<option value="(\d+)"', html.split('name="prompt"')[1].split("</select>")[0]
    )
    assert offered == [str(p.pk) for p in prompts]
