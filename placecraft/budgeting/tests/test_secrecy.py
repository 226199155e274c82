"""Secrecy while voting is open: no counts on any surface (pages, CSV, JSON, API, admin) until
the round closes; only the turnout. Decidim #12348 leaked counts through an export. And once
published, ballots cannot be tied to a voter, a channel or a time."""

from __future__ import annotations

import json
from io import StringIO

from django.contrib import admin
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from placecraft.budgeting import services
from placecraft.budgeting.models import Ballot, ProjectResult
from placecraft.budgeting.pabulib import parse_pabulib, read_pabulib
from placecraft.budgeting.services import Choices
from placecraft.budgeting.tests.factories import (
    ELIGIBLE,
    close_and_count,
    make_round,
    project_ids,
    vote_for,
)


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


def _cast_in_order(world, round):
    """21 ballots cast with codes in a known order (every non-empty choice of the three
    projects, three times), then two paper ballots. Returns the choices in casting order."""
    officer, checker = world.users["council_admin"], world.users["council_member"]
    ids = project_ids(round)
    titles = sorted(ids)
    choices = [tuple(ids[t] for i, t in enumerate(titles) if mask >> i & 1) for mask in range(1, 8)]
    cast = choices * 3
    codes = services.issue_codes(actor=officer, round=round, label="Letters", size=len(cast)).codes
    for code, chosen in zip(codes, cast, strict=True):
        services.cast_ballot_with_code(
            round=round, code=code, choices=Choices(chosen), eligibility=ELIGIBLE
        )
    for serial, chosen in (("P-100", choices[0]), ("P-101", choices[1])):
        entry = services.enter_paper_ballot(
            actor=officer, round=round, serial=serial, choices=Choices(chosen)
        )
        services.confirm_paper_ballot(actor=checker, entry=entry)
        cast.append(chosen)
    return cast


def test_published_ballots_are_shuffled_under_random_ids_and_paper_is_not_marked(world, tmp_path):
    round = make_round(world, max_choices=None)
    cast = _cast_in_order(world, round)
    round = close_and_count(world, round)
    reference = dict(round.projects.values_list("pk", "reference"))
    in_casting_order = [tuple(reference[p] for p in chosen) for chosen in cast]
    database_ids = {
        str(pk) for pk in Ballot.objects.filter(round=round).values_list("pk", flat=True)
    }

    url = reverse("pb_ballots_pabulib", args=[world.place.slug, round.pk])
    response = Client().get(url)
    assert response.status_code == 200
    text = response.content.decode()
    out = tmp_path / "exported.pb"
    call_command("export_pabulib", str(round.pk), str(out), stdout=StringIO())
    for published in (parse_pabulib(text), read_pabulib(out)):
        voters = published.voters
        assert len(voters) == len(cast)
        # the same ballots, but not in the order they were cast
        assert sorted(v.vote for v in voters) == sorted(in_casting_order)
        assert [v.vote for v in voters] != in_casting_order
        ids = [v.id for v in voters]
        assert len(set(ids)) == len(ids)
        assert not set(ids) & database_ids
        assert all(len(i) == 8 and i.isdigit() for i in ids)
    assert "paper" not in text.lower() and "P-100" not in text
    # two downloads do not even share an order
    again = parse_pabulib(Client().get(url).content.decode())
    assert [v.id for v in again.voters] != [v.id for v in parse_pabulib(text).voters]
