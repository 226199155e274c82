"""Money reads the same on every page: £75,000, with pence only when there are some."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from placecraft.budgeting.tests.factories import make_round


def test_budget_pages_and_the_ballot_write_money_one_way(world, erin):
    round = make_round(world, budget=75000, ballot_type="knapsack", max_choices=None)
    page = Client().get(reverse("pb_round_detail", args=[world.place.slug, round.pk]))
    html = page.content.decode()
    assert "£75,000" in html and "£500" in html
    assert "75,000 GBP" not in html and "500 GBP" not in html
    client = Client()
    client.force_login(erin)
    ballot = client.get(reverse("pb_vote", args=[world.place.slug, round.pk])).content.decode()
    assert "Street trees (£500)" in ballot
    assert "the budget of £75,000" in ballot
