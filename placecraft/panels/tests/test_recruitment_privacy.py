"""The public panel pages while people volunteer must not give away anyone's answers: the pool's
make-up is published for the first whole tens of volunteers only, and a group of fewer than five is
never given as a number, so comparing the page before and after one registration shows nothing."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from placecraft.community.spam import make_token
from placecraft.panels import services
from placecraft.panels.models import PoolMember, PopulationFigure
from placecraft.panels.tests.factories import CATEGORIES, make_panel


def _public_page(panel) -> str:
    page = Client().get(reverse("panel_detail", args=["testshire", panel.pk])).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def _volunteer(panel, gender: str, age: str, n: int) -> None:
    response = Client().post(
        reverse("panel_register", args=["testshire", panel.pk]),
        {
            "q0": gender,
            "q1": age,
            "name": f"Volunteer {n}",
            "email": f"volunteer{n}@example.org",
            "consent": "on",
            "form_token": make_token(age=30),
        },
        REMOTE_ADDR=f"10.0.{n // 200}.{n % 200}",
    )
    assert response.status_code == 302


def test_one_registration_cannot_be_seen_on_the_public_page(world):
    panel = make_panel(world, registration_open=True)  # 30 imported people
    before = _public_page(panel)
    assert "Pool" in before  # the make-up is published
    _volunteer(panel, "Female", "Young", 1)
    assert PoolMember.objects.filter(panel=panel).count() == 31
    assert _public_page(panel) == before


def test_small_groups_are_not_given_and_figures_move_in_steps(world):
    people = ["id,gender,age"]
    people += [
        f"p{n:03d},{'Female' if n % 2 else 'Male'},{'Young' if n <= 3 else 'Old'}"
        for n in range(1, 31)
    ]
    panel = make_panel(world, registration_open=True)
    services.import_pool(
        actor=None, panel=panel, people="\n".join(people) + "\n", categories=CATEGORIES
    )
    page = _public_page(panel)
    row = re.search(r"age: Young</th>(.*?)</tr>", page, re.S)
    assert row and "Fewer than 5" in row.group(1) and "%" not in row.group(1)
    # Nine more volunteers change nothing; the tenth brings the figures up to date at once.
    for n in range(1, 10):
        _volunteer(panel, "Male", "Young", n)
    assert _public_page(panel) == page
    _volunteer(panel, "Male", "Young", 10)
    updated = _public_page(panel)
    assert updated != page
    row = re.search(r"age: Young</th>(.*?)</tr>", updated, re.S)
    assert row and "32.5%" in row.group(1)  # 13 of the first 40


def test_one_registration_cannot_be_seen_on_the_representation_page(world):
    PopulationFigure.objects.create(place=world.place, feature="age", value="Young", share=30)
    PopulationFigure.objects.create(place=world.place, feature="age", value="Old", share=70)
    panel = make_panel(world, registration_open=True)  # 30 imported people
    url = reverse("representation", args=["testshire"])
    before = Client().get(url).content.decode()
    assert "age: Young" in before
    _volunteer(panel, "Female", "Young", 1)
    assert Client().get(url).content.decode() == before


def _api(panel) -> dict[str, Any]:
    response = Client().get(f"/api/v1/places/testshire/panels/{panel.pk}")
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    return data


def test_one_registration_cannot_be_seen_in_the_api(world):
    panel = make_panel(world, registration_open=True)  # 30 imported people
    before = _api(panel)
    assert before["pool_size"] == 30  # as published: the first whole tens
    _volunteer(panel, "Female", "Young", 1)
    assert PoolMember.objects.filter(panel=panel).count() == 31
    assert _api(panel) == before


def test_the_api_gives_the_pool_of_each_quota_as_the_page_does(world):
    people = ["id,gender,age"]
    people += [
        f"p{n:03d},{'Female' if n % 2 else 'Male'},{'Young' if n <= 3 else 'Old'}"
        for n in range(1, 31)
    ]
    panel = make_panel(world, registration_open=True)
    services.import_pool(
        actor=None, panel=panel, people="\n".join(people) + "\n", categories=CATEGORIES
    )
    run = services.request_selection(actor=None, panel=panel, size=8, seed=9, background=False)
    services.run_selection(run.pk)
    in_pool = {(q["feature"], q["value"]): q["in_pool"] for q in _api(panel)["quotas"]}
    # Three young people: too few to give as a number.
    assert in_pool == {
        ("gender", "Female"): 15,
        ("gender", "Male"): 15,
        ("age", "Young"): None,
        ("age", "Old"): 27,
    }
