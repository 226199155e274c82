"""A ballot with several problems names every one of them at once, in the error summary."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from placecraft.budgeting.models import Ballot
from placecraft.budgeting.tests.factories import make_round, project_ids


def _summary(html: str) -> str:
    start = html.index('class="govuk-error-summary"')
    return html[start : html.index("</ul>", start)]


def test_a_code_ballot_reports_code_limit_budget_and_missing_answers_together(world):
    round = make_round(world, ballot_type="knapsack", max_choices=2)
    ids = project_ids(round)
    response = Client().post(
        reverse("pb_vote_code", args=[world.place.slug, round.pk]),
        {"code": "AAAA-BBBB-CCCC", "projects": list(ids.values()), "area": "North"},
    )
    assert response.status_code == 200
    summary = _summary(response.content.decode())
    assert "not a voting code for this vote" in summary
    assert "Choose at most 2 projects." in summary
    assert "more than the budget" in summary
    assert "Say whether you live, work or study in Northgate." in summary
    assert Ballot.objects.count() == 0


def test_an_account_ballot_reports_the_limit_and_the_budget_together(world, erin):
    round = make_round(world, ballot_type="knapsack", max_choices=2)
    ids = project_ids(round)
    client = Client()
    client.force_login(erin)
    response = client.post(
        reverse("pb_vote", args=[world.place.slug, round.pk]),
        {"projects": list(ids.values()), "area": "North"},
    )
    assert response.status_code == 200
    summary = _summary(response.content.decode())
    assert "Choose at most 2 projects." in summary
    assert "more than the budget" in summary
    assert "Say whether you live, work or study in Northgate." in summary
    assert Ballot.objects.count() == 0


def test_several_errors_on_one_field_show_in_full_under_one_id(world, erin):
    round = make_round(world, ballot_type="knapsack", max_choices=2)
    client = Client()
    client.force_login(erin)
    response = client.post(
        reverse("pb_vote", args=[world.place.slug, round.pk]),
        {"projects": list(project_ids(round).values()), "connection": "live", "area": "North"},
    )
    html = response.content.decode()
    assert html.count('id="id_projects-error"') == 1
    message = html[
        html.index('id="id_projects-error"') : html.index(
            "</p>", html.index('id="id_projects-error"')
        )
    ]
    assert "Choose at most 2 projects." in message
    assert "more than the budget of £800. Remove some to fit." in message
