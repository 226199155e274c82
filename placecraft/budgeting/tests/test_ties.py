"""Exact ties are settled by the round's published rule, for every counting rule, and ids
compare as numbers where they are numbers."""

from __future__ import annotations

import json
from fractions import Fraction
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from placecraft.budgeting import counting, services
from placecraft.budgeting.counting import (
    PABUTOOLS_TIES,
    Ballot,
    Profile,
    TieBreak,
    approval_profile,
    greedy,
    greedy_no_skip,
    greedy_threshold,
    mes,
    seeded_key,
)
from placecraft.budgeting.models import Round
from placecraft.budgeting.tests.factories import make_round

# The example: both voters approve both projects; each supporter would pay half of
# either, so MES is exactly tied, and so are the votes. The cheaper project, "2", must win.
EXAMPLE = approval_profile({"2": 10, "10": 12}, 20, [["2", "10"], ["2", "10"]])

EXAMPLE_PB = """META
key;value
description;Tie example
num_projects;2
num_votes;2
budget;20
vote_type;approval
PROJECTS
project_id;cost;name
2;10;Two
10;12;Ten
VOTES
voter_id;vote
1;2,10
2;2,10
"""


def test_mes_with_completion_takes_the_cheaper_of_two_tied_projects():
    assert mes(EXAMPLE).winners == ("2",)
    assert mes(EXAMPLE, completion=False).winners == ("2",)
    assert mes(EXAMPLE, utilitarian_fill=True).winners == ("2",)


def test_pabutools_ties_are_still_available_and_put_10_before_2():
    assert mes(EXAMPLE, ties=PABUTOOLS_TIES).winners == ("10",)
    rules = pytest.importorskip("pabutools.rules")
    election = pytest.importorskip("pabutools.election")
    projects = {p: election.Project(p, c) for p, c in EXAMPLE.costs.items()}
    instance = election.Instance(projects.values(), budget_limit=20)
    profile = election.ApprovalProfile(
        [election.ApprovalBallot(set(projects.values())) for _ in range(2)], instance=instance
    )
    expected = rules.exhaustion_by_budget_increase(
        instance,
        profile,
        rules.method_of_equal_shares,
        {"sat_class": election.Cost_Sat},
        budget_step=2,
    )
    assert [p.name for p in expected] == ["10"]


def test_count_pb_on_an_imported_tie_returns_the_cheaper_project(world, tmp_path):
    path = tmp_path / "tie.pb"
    path.write_text(EXAMPLE_PB)
    out = StringIO()
    call_command("import_pabulib", str(path), "--place", world.place.slug, stdout=out)
    round_id = out.getvalue().strip().splitlines()[-1]
    out = StringIO()
    call_command("count_pb", round_id, "--rule", "mes", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert set(result) == {"rule", "winners", "total_cost", "seconds"}
    assert result["winners"] == ["2"]
    assert result["total_cost"] == 10


@pytest.mark.parametrize(
    "count",
    [
        greedy,
        greedy_no_skip,
        lambda p, **kw: greedy_threshold(p, min_score=1, max_approvals=None, **kw),
    ],
    ids=["greedy", "greedy-no-skip", "greedy-threshold"],
)
def test_greedy_variants_break_equal_votes_by_supporters_then_cost(count):
    # equal votes; only one fits in 12: the cheaper "2" goes first (string order put "10" first)
    tied = approval_profile({"2": 10, "10": 12}, 12, [["2", "10"], ["2", "10"]])
    assert count(tied).winners == ("2",)
    assert count(tied, ties=PABUTOOLS_TIES).winners == ("10",)
    # equal points, but one project has more supporters: it goes first, whatever the cost
    points = Profile(
        costs={"a": 5, "b": 8},
        budget=Fraction(8),
        ballots=[Ballot(("a",), (4,)), Ballot(("b",), (2,)), Ballot(("b",), (2,))],
        vote_type="cumulative",
    )
    assert count(points).winners == ("b",)
    assert count(points, ties=TieBreak(order=("cost",))).winners == ("a",)


@pytest.mark.parametrize("rule", ["greedy", "greedy-no-skip", "greedy-threshold", "mes"])
def test_a_full_tie_follows_the_order_drawn_from_the_seed(rule):
    # same votes, same cost: the seed decides. Seed "1" draws a before b, seed "4" b before a.
    assert seeded_key("1", "a") < seeded_key("1", "b")
    assert seeded_key("4", "b") < seeded_key("4", "a")
    profile = approval_profile({"a": 10, "b": 10}, 10, [["a", "b"], ["a", "b"]])
    election_rule = "mes" if rule == "mes" else rule
    election = _election(profile, rule="greedy-threshold" if rule == "greedy-threshold" else "")
    order: tuple[counting.TieCriterion, ...] = ("supporters", "cost", "seed")
    first = counting.count(election, election_rule, TieBreak(order=order, seed="1"))
    second = counting.count(election, election_rule, TieBreak(order=order, seed="4"))
    assert first.winners == ("a",)
    assert second.winners == ("b",)


def test_ids_compare_as_numbers_where_they_are_numbers():
    by_id = TieBreak(order=("id",))
    profile = approval_profile({"10": 5, "2": 5, "c10": 5, "c2": 5}, 10, [["10", "2", "c10", "c2"]])
    assert greedy(profile, ties=by_id).winners == ("2", "10")
    assert mes(profile, ties=by_id).winners == ("2", "10")
    letters = approval_profile({"c10": 5, "c2": 5}, 5, [["c10", "c2"]])
    assert greedy(letters, ties=by_id).winners == ("c2",)
    assert greedy(letters, ties=PABUTOOLS_TIES).winners == ("c10",)


def test_mes_breaks_a_tie_in_price_by_more_supporters():
    # a: one voter gives 4 points; b: two voters give 2 each. Both cost 3 a point: tied.
    profile = Profile(
        costs={"a": 12, "b": 12},
        budget=Fraction(36),
        ballots=[Ballot(("a",), (4,)), Ballot(("b",), (2,)), Ballot(("b",), (2,))],
        vote_type="cumulative",
    )
    result = mes(profile, completion=False)
    assert result.projects["a"].rho == result.projects["b"].rho == 3
    assert result.winners == ("b", "a")
    assert mes(profile, completion=False, ties=PABUTOOLS_TIES).winners == ("a", "b")


# A tie the float engine cannot settle: after c, voters 1 and 3 hold 3 each and cannot pay
# their share of a or b, so both prices (0.75) come from water-filling, not cost / utility.
# Only one of a and b can be paid for: voter 2 backs both and pays 9 for whichever goes first.
EXACT_TIE = approval_profile(
    {"a": 12, "b": 12, "c": 21},
    50,
    [["a", "c"], ["a", "b"], ["b", "c"], [], ["c"]],
)


def test_the_exact_fallback_runs_and_decides_a_real_tie():
    for seed, winner in (("1", "a"), ("4", "b")):
        ties = TieBreak(order=("supporters", "cost", "seed"), seed=seed)
        engine = counting._Engine(EXACT_TIE, ties)
        run = engine.run(Fraction(10))
        assert run.exact, "the float engine should have handed this tie to exact arithmetic"
        assert [engine.ids[j] for j in run.winners] == ["c", winner]
        assert run.rho[run.winners[1]] == 0.75
        assert mes(EXACT_TIE, completion=False, ties=ties).winners == ("c", winner)
    loser = mes(EXACT_TIE, completion=False, ties=TieBreak(order=("seed",), seed="1"))
    assert loser.projects["b"].status == "not enough money among supporters"
    assert loser.projects["b"].supporters_money == pytest.approx(4)


def test_the_round_chooses_its_tie_break_and_it_locks_when_voting_opens(world):
    round = make_round(world, phase="ideas")
    assert round.tie_break == "supporters,cost,seed"
    assert round.tie_seed.isdigit() and len(round.tie_seed) == 9
    services.update_round(
        actor=world.users["council_admin"],
        round=round,
        data={"tie_break": "id", "tie_seed": "20260501"},
    )
    round = services.set_phase(actor=world.users["council_admin"], round=round, phase="voting")
    assert services.tie_break_for(round) == TieBreak(order=("id",), seed="20260501")
    with pytest.raises(ValidationError, match="locked"):
        services.update_round(
            actor=world.users["council_admin"], round=round, data={"tie_seed": "7"}
        )
    with pytest.raises(ValidationError, match="locked"):
        services.update_round(
            actor=world.users["council_admin"], round=round, data={"tie_break": "seed"}
        )
    assert Round.objects.get(pk=round.pk).tie_seed == "20260501"


def test_how_we_counted_states_the_tie_rule_and_the_drawn_order(client, world):
    round = make_round(world, phase="ideas")
    services.update_round(actor=world.users["council_admin"], round=round, data={"tie_seed": "4"})
    response = client.get(f"/p/{world.place.slug}/budgets/{round.pk}/how-we-counted/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "the project more people voted for goes first" in text
    assert "the cheaper project goes first" in text
    assert "order drawn from the number 4" in text
    drawn = sorted(round.projects.all(), key=lambda p: seeded_key("4", p.reference))
    positions = [text.index(f"{p.title} (project {p.reference})") for p in drawn]
    assert positions == sorted(positions)
    assert "pabutools puts project numbers in alphabetical order" in text


def _election(profile: Profile, rule: str = ""):
    from placecraft.budgeting.pabulib import Election, Project, Voter

    meta = {"budget": str(profile.budget), "vote_type": "approval"}
    if rule == "greedy-threshold":
        meta["min_project_score_threshold"] = "1"
    return Election(
        meta=meta,
        budget=profile.budget,
        vote_type="approval",
        projects=tuple(Project(id=p, cost=c) for p, c in profile.costs.items()),
        voters=tuple(
            Voter(id=str(i), vote=b.projects)
            for i, b in enumerate([b for b in profile.ballots for _ in range(b.weight)], start=1)
        ),
    )


def test_the_open_data_states_the_tie_rule(client, world):
    round = make_round(world)
    data = client.get(f"/p/{world.place.slug}/budgets/{round.pk}/round.json").json()
    assert data["tie_break"] == {"order": ["supporters", "cost", "seed"], "seed": round.tie_seed}
