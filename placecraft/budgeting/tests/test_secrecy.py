"""Secrecy while voting is open: no counts on any surface (pages, CSV, JSON, API, admin) until
the round closes; only the turnout. Decidim #12348 leaked counts through an export."""

from __future__ import annotations

import json

from django.contrib import admin
from django.test import Client
from django.urls import reverse

from placecraft.budgeting.models import Ballot, ProjectResult
from placecraft.budgeting.tests.factories import close_and_count, make_round, vote_for


def _open_round_with_votes(world):
    round = make_round(world)
    # 3 votes for the trees, 2 for the benches, 1 for the books: distinctive counts to look for.
    voters = [world.users[k] for k in ("resident", "council_member", "partner_member")]
    for user in voters:
        vote_for(round, user, "Street trees")
    vote_for(round, world.users["outsider"], "Benches in the park")
    vote_for(round, world.users["council_admin"], "Benches in the park", "Library books")
    return round


def _surfaces(world, round):
    slug = world.place.slug
    project = round.projects.get(title="Street trees")
    return {
        "round page": reverse("pb_round_detail", args=[slug, round.pk]),
        "project page": reverse("pb_project_detail", args=[slug, round.pk, project.pk]),
        "results page": reverse("pb_results", args=[slug, round.pk]),
        "count page": reverse("pb_count_progress", args=[slug, round.pk]),
        "csv": reverse("pb_projects_csv", args=[slug, round.pk]),
        "json": reverse("pb_round_json", args=[slug, round.pk]),
        "api round": f"/api/v1/places/{slug}/budgets/{round.pk}",
        "api projects": f"/api/v1/places/{slug}/budgets/{round.pk}/projects",
        "api list": f"/api/v1/places/{slug}/budgets",
    }


def test_no_counts_anywhere_while_open_only_turnout(world, bob):
    round = _open_round_with_votes(world)
    client = Client()
    client.force_login(bob)  # even the council's own admin sees no counts
    for name, url in _surfaces(world, round).items():
        response = client.get(url)
        assert response.status_code == 200, name
        text = response.content.decode().lower()
        for word in ("votes:", "effective", '"votes"', "selected", ",votes,"):
            assert word not in text, f"{name} shows {word!r} while voting is open"
    # The turnout is shown.
    assert (
        "ballots cast" in client.get(_surfaces(world, round)["round page"]).content.decode().lower()
    )
    assert json.loads(client.get(_surfaces(world, round)["json"]).content)["turnout"] == 5
    assert client.get(_surfaces(world, round)["api round"]).json()["turnout"] == 5
    # Results through the API do not exist yet.
    assert (
        client.get(f"/api/v1/places/{world.place.slug}/budgets/{round.pk}/results").status_code
        == 404
    )
    csv_header = client.get(_surfaces(world, round)["csv"]).content.decode().splitlines()[0]
    assert "votes" not in csv_header
    assert not ProjectResult.objects.exists()


def test_admin_lists_hold_no_ballots_or_results():
    registered = set(admin.site._registry)
    assert Ballot not in registered
    assert ProjectResult not in registered


def test_counts_appear_once_closed_and_counted(world, bob):
    round = _open_round_with_votes(world)
    round = close_and_count(world, round)
    client = Client()
    data = json.loads(client.get(_surfaces(world, round)["json"]).content)
    votes = {p["title"]: p["result"]["votes"] for p in data["projects"]}
    assert votes == {"Street trees": 3, "Benches in the park": 2, "Library books": 1}
    assert "votes" in client.get(_surfaces(world, round)["csv"]).content.decode().splitlines()[0]
    api = client.get(f"/api/v1/places/{world.place.slug}/budgets/{round.pk}/results").json()
    assert {p["reference"]: p["votes"] for p in api["projects"]}
