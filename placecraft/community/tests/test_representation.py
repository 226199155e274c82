"""“Heard from enough” on the representation page follows a stated test: a group's share of the
people who took part is at least four fifths of its share of the population, judged only when
enough people answered, with the number who answered shown."""

from __future__ import annotations

import re

from django.urls import reverse

from placecraft.community.representation import MIN_RESPONSES, RATIO
from placecraft.community.tests import factories as f
from placecraft.panels import services
from placecraft.panels.models import PopulationFigure
from placecraft.panels.tests.factories import CATEGORIES, make_panel


def _row(page: str, group: str) -> str:
    match = re.search(re.escape(group) + r"</th>(.*?)</tr>", page, re.S)
    assert match, f"a row for {group}"
    return match.group(1)


def test_under_four_fifths_of_the_population_share_is_not_enough(world, client):
    assert RATIO == 0.8 and MIN_RESPONSES == 30
    for value in ("Female", "Male"):
        PopulationFigure.objects.create(place=world.place, feature="gender", value=value, share=50)
    # 38 women of 100 people: 76% of their population share, which the old rule (half) passed.
    people = ["id,gender,age"] + [
        f"p{n:03d},{'Female' if n <= 38 else 'Male'},Old" for n in range(1, 101)
    ]
    panel = make_panel(world)
    services.import_pool(
        actor=None, panel=panel, people="\n".join(people) + "\n", categories=CATEGORIES
    )
    page = client.get(reverse("representation", args=["testshire"])).content.decode()
    female, male = _row(page, "gender: Female"), _row(page, "gender: Male")
    assert "38 of 100" in female and "0.76" in female and "<strong>No</strong>" in female
    assert "62 of 100" in male and "1.24" in male and "Yes" in male
    assert "We have heard too little from: gender: Female." in page
    # The test is stated on the page.
    assert "0.8" in page and "30 people" in page


def test_too_few_responses_to_tell(world, client):
    PopulationFigure.objects.create(place=world.place, feature="area", value="Northgate", share=40)
    PopulationFigure.objects.create(place=world.place, feature="area", value="Southgate", share=60)
    f.erin_idea(world)  # one idea, from Northgate
    page = client.get(reverse("representation", args=["testshire"])).content.decode()
    southgate = _row(page, "area: Southgate")
    assert "0 of 1" in southgate and "Too few responses to tell" in southgate
    assert "Too few responses to tell" in _row(page, "area: Northgate")
    assert "heard too little from" not in page
