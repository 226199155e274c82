"""Counting rules, checked by hand, against pabutools (the oracle) and against real outcomes.

pabutools is a test-only dependency; the tests that need it skip when it is missing.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from placecraft.budgeting import counting
from placecraft.budgeting.counting import (
    PABUTOOLS_TIES,
    Ballot,
    InvalidProfileError,
    Profile,
    UnknownRuleError,
    approval_profile,
    count,
    greedy,
    greedy_no_skip,
    greedy_threshold,
    mes,
    scores,
)
from placecraft.budgeting.pabulib import parse_pabulib, read_pabulib
from placecraft.budgeting.tests.realdata import DATA, needs_data

ALL_FILES = [
    "Netherlands_Assen_2024.pb",
    "Poland_Swiecie_2023.pb",
    "Poland_Warszawa_2020_Praga-Poludnie.pb",
    "Poland_Warszawa_2026.pb",
]

# pabutools 1.2.3's winners for MES + completion (exhaustion_by_budget_increase over
# method_of_equal_shares, Cost_Sat, a step of one unit per voter), computed once by
# `python bench/pb_count.py FILE --with-pabutools`: too slow to recompute in a test.
# pabutools 1.2.3, `exhaustion_by_budget_increase` over MES with Cost_Sat, on this machine:
# 4,334 s and 895 MB (`python bench/pb_count.py FILE --with-pabutools`); too slow for the suite.
PABUTOOLS_MES_WINNERS = {
    "Poland_Warszawa_2026.pb": [
        "214",
        "1109",
        "93",
        "1952",
        "915",
        "800",
        "1401",
        "1734",
        "1273",
        "1114",
        "644",
        "1945",
        "278",
        "922",
        "795",
        "149",
        "2199",
        "343",
        "1932",
        "1794",
        "1227",
        "1222",
        "1310",
        "1753",
        "1926",
        "855",
        "1521",
        "802",
        "1458",
        "38",
        "89",
        "1375",
        "932",
        "1008",
        "1664",
        "1214",
        "1989",
        "1291",
        "2067",
        "1425",
        "1454",
        "1499",
        "1510",
        "1903",
        "361",
        "1652",
        "1208",
        "1786",
        "1803",
    ],
}


# --------------------------------------------------------------------------------------------
# By hand
# --------------------------------------------------------------------------------------------


def test_greedy_skips_what_does_not_fit_and_no_skip_stops():
    profile = approval_profile(
        {"a": 60, "b": 50, "c": 30, "d": 10},
        100,
        [["a", "b"], ["a", "b", "c"], ["a", "c"], ["b", "d"], ["a"]],
    )
    result = greedy(profile)
    assert result.winners == ("a", "c", "d")
    assert result.total_cost == 100
    assert result.projects["b"].status == "did not fit"
    assert result.projects["b"].money_left == 40
    assert "did not fit: it costs 50 and 40.00 was left" in result.projects["b"].reason
    assert result.projects["a"].position == 1

    stopped = greedy_no_skip(profile)
    assert stopped.winners == ("a",)
    assert stopped.projects["c"].status == "not reached"
    assert "counting stopped at project b" in stopped.projects["c"].reason


def test_greedy_ties_by_default_go_to_the_lower_id_as_a_number():
    profile = approval_profile({"c2": 10, "c10": 10, "b": 5}, 10, [["c2", "c10"]])
    assert greedy(profile).winners == ("c2",)
    assert greedy(profile, ties=PABUTOOLS_TIES).winners == ("c10",)


@pytest.mark.parametrize(
    ("costs", "ballots", "message"),
    [
        ({"a": 10, "b": 10}, [["a", "b", "a"]], "ballot 1 lists project 'a' twice"),
        ({"a": 10}, [["a"], ["z"]], "ballot 2 names project 'z', which is not in this round"),
        ({"a": -5}, [["a"]], "project 'a': cost -5 must be a whole number above 0"),
        ({"a": 0}, [["a"]], "project 'a': cost 0 must be a whole number above 0"),
        ({"a": "ten"}, [["a"]], "project 'a': cost 'ten' is not a whole number"),
        ({"a": 2.5}, [["a"]], "project 'a': cost 2.5 is not a whole number"),
    ],
)
def test_the_engine_refuses_bad_profiles(costs, ballots, message):
    with pytest.raises(InvalidProfileError, match=message):
        approval_profile(costs, 100, ballots)


def test_the_engine_refuses_points_that_do_not_match_the_ballot():
    with pytest.raises(InvalidProfileError, match="ballot 1 gives 1 points for 2 projects"):
        Profile(
            costs={"a": 1, "b": 1},
            budget=Fraction(5),
            ballots=[Ballot(("a", "b"), (3,))],
            vote_type="cumulative",
        )
    with pytest.raises(InvalidProfileError, match="points must be whole numbers"):
        Profile(
            costs={"a": 1},
            budget=Fraction(5),
            ballots=[Ballot(("a",), (-1,))],
            vote_type="cumulative",
        )


def test_greedy_threshold_and_approval_cap():
    profile = approval_profile(
        {"a": 10, "b": 10, "c": 10},
        100,
        [["a", "b", "c"], ["c", "b"], ["c"]],
    )
    result = greedy_threshold(profile, min_score=2, max_approvals=None)
    assert result.winners == ("c", "b")
    assert result.projects["a"].status == "below threshold"
    # counting at most one approval per ballot (in ballot order) leaves b with none
    capped = greedy_threshold(profile, min_score=1, max_approvals=1)
    assert capped.winners == ("c", "a")


def test_ordinal_greedy_uses_positional_points():
    profile = Profile(
        costs={"x": 5, "y": 5, "z": 5},
        budget=Fraction(10),
        ballots=[Ballot(("x", "y", "z")), Ballot(("y", "z")), Ballot(("z",), weight=2)],
        vote_type="ordinal",
    )
    # first choice scores 3 (the longest ballot), then 2, then 1
    assert scores(profile) == {"x": 3, "y": 2 + 3, "z": 1 + 2 + 3 * 2}
    assert greedy(profile).winners == ("z", "y")
    with pytest.raises(ValueError, match="approval or cumulative"):
        mes(profile)


def test_mes_is_proportional_where_greedy_is_not():
    # 51 voters like the red projects, 49 the blue ones: greedy takes only red, MES splits
    costs = {f"red{i}": 100 for i in range(10)} | {f"blue{i}": 100 for i in range(10)}
    ballots = [[f"red{i}" for i in range(10)]] * 51 + [[f"blue{i}" for i in range(10)]] * 49
    profile = approval_profile(costs, 1000, ballots)
    assert all(p.startswith("red") for p in greedy(profile).winners)
    # each voter holds 10: red's 510 pays for five projects, blue's 490 for only four...
    plain = mes(profile, completion=False)
    assert sorted(plain.winners) == sorted(
        [f"red{i}" for i in range(5)] + [f"blue{i}" for i in range(4)]
    )
    # ...until completion raises every share to 11: then five each, and the budget is spent
    result = mes(profile)
    assert result.per_voter_budget == 11
    assert sorted(result.winners) == sorted(
        [f"red{i}" for i in range(5)] + [f"blue{i}" for i in range(5)]
    )
    # all red projects tie, so the lowest id wins first; each red supporter pays 100/51
    first = result.projects["red0"]
    assert first.position == 1
    assert first.effective_votes == pytest.approx(51)
    assert "selected 1st with an effective vote count of 51.0" in first.reason
    loser = result.projects["red5"]
    assert loser.status == "not enough money among supporters"
    assert loser.supporters_money is not None and loser.supporters_money < 100


def test_mes_cumulative_splits_cost_by_points():
    profile = Profile(
        costs={"a": 30, "b": 30},
        budget=Fraction(60),
        ballots=[Ballot(("a", "b"), (2, 1)), Ballot(("a",), (1,)), Ballot(("b",), (3,))],
        vote_type="cumulative",
    )
    # each voter holds 20. For a, rho = 30 / 3 points = 10 a point: voter 1 pays 20, voter 2
    # pays 10. For b, voter 3 cannot pay 3 x 7.5, pays all 20, and voter 1 pays the other 10:
    # also 10 a point. The tie goes to a, and then b's supporters hold only 20 of its 30.
    result = mes(profile, completion=False)
    assert result.winners == ("a",)
    assert result.projects["a"].rho == pytest.approx(10)
    assert result.projects["a"].effective_votes == pytest.approx(3)
    assert result.projects["b"].supporters_money == pytest.approx(20)


def test_mes_completion_and_fill():
    # five voters, budget 100: MES alone funds little, completion more, the fill the rest
    profile = approval_profile(
        {"a": 50, "b": 30, "c": 45, "d": 20},
        100,
        [["a", "b"], ["a"], ["a", "c"], ["c"], ["d", "b"]],
    )
    # Outcomes checked against pabutools 1.2.3 and the equalshares.net tool (add1, add1u, none).
    # Each voter holds 20: a's three supporters pay 50/3 each, then d's 20 is paid by voter 5;
    # b's supporters (voters 1 and 5) hold 10/3 and 0, c's 10/3 and 20.
    plain = mes(profile, completion=False)
    assert plain.winners == ("a", "d")
    assert plain.total_cost == 70
    # At 30 each (ten steps up) b wins before d, and a, b is exhaustive (c and d no longer fit)
    completed = mes(profile)
    assert completed.winners == ("a", "b")
    assert completed.total_cost == 80
    assert completed.per_voter_budget == 30
    assert completed.completion_steps == 10
    # the fill then spends the 20 left on d, the best-voted project that fits
    filled = mes(profile, utilitarian_fill=True)
    assert filled.winners == ("a", "b", "d")
    assert filled.total_cost == 100
    assert filled.projects["d"].reason == (
        "added by vote count from the 20.00 that equal shares left unspent"
    )


def test_unaffordable_project_explains_itself():
    profile = approval_profile({"big": 90, "small": 10}, 100, [["big"], ["small"]])
    result = mes(profile, completion=False)
    assert result.winners == ("small",)
    big = result.projects["big"]
    assert big.status == "not enough money among supporters"
    assert "they held 50.00 of the 90 it costs" in big.reason


def test_completion_with_an_unsupported_project_that_fits_matches_pabutools():
    # "lonely" always fits and nobody can ever fund it, so no outcome is exhaustive:
    # pabutools raises the shares all the way to its bound; we jump there directly
    profile = approval_profile({"a": 10, "b": 70, "lonely": 5}, 100, [["a"], ["b"], ["a", "b"]])
    result = mes(profile, ties=PABUTOOLS_TIES)
    assert result.notes == ("every project with supporters fitted; went to the last step",)
    assert result.completion_steps == 100
    rules = pytest.importorskip("pabutools.rules")
    election = pytest.importorskip("pabutools.election")
    instance, pabu_profile = _pabutools(profile)
    expected = rules.exhaustion_by_budget_increase(
        instance,
        pabu_profile,
        rules.method_of_equal_shares,
        {"sat_class": election.Cost_Sat},
        budget_step=3,
    )
    assert result.winners == tuple(p.name for p in expected)


def test_project_without_supporters():
    profile = approval_profile({"a": 10, "lonely": 10}, 15, [["a"]])
    assert mes(profile).projects["lonely"].status == "no supporters"


def test_recorded_rule_and_unknown_rules():
    text = """META
key;value
budget;100
vote_type;approval
rule;{rule}
min_project_score_threshold;2
PROJECTS
project_id;cost
a;60
b;50
c;30
VOTES
voter_id;vote
1;a,b
2;a,b,c
3;b
"""
    assert count(parse_pabulib(text.format(rule="greedy")), "recorded").winners == ("b", "c")
    assert count(parse_pabulib(text.format(rule="greedy-threshold")), "recorded").winners == ("b",)
    assert count(parse_pabulib(text.format(rule="equalshares/add1")), "recorded").rule == (
        "equalshares/add1"
    )
    with pytest.raises(UnknownRuleError, match="'borda'"):
        count(parse_pabulib(text.format(rule="borda")), "recorded")
    with pytest.raises(UnknownRuleError, match="unknown rule 'magic'"):
        count(parse_pabulib(text.format(rule="greedy")), "magic")


def test_float_and_exact_engines_agree():
    # a and b tie at cost / utility, known exactly, so the float engine settles it itself (by
    # the tie-break) without the exact fallback; test_ties shows the fallback deciding a tie
    profile = approval_profile({"a": 10, "b": 10, "c": 10}, 20, [["a", "b"], ["a", "b"], ["c"]])
    engine = counting._Engine(profile)
    share = Fraction(20, 3)
    exact = engine.run_exact(share, details=True)
    fast = engine.run(share)
    assert not fast.exact
    assert fast.winners == exact.winners == [0]
    rng = random.Random(7)
    fell_back = 0
    for _ in range(40):
        profile = _random_profile(rng, cumulative=rng.random() < 0.4)
        engine = counting._Engine(profile)
        for share in (profile.budget / profile.voters, profile.budget / profile.voters + 3):
            run = engine.run(share)
            fell_back += run.exact
            assert run.winners == engine.run_exact(share, details=False).winners
    assert fell_back > 0, "some of these close elections need the exact fallback"


# --------------------------------------------------------------------------------------------
# Against pabutools on generated elections
# --------------------------------------------------------------------------------------------


def _random_profile(rng: random.Random, cumulative: bool) -> Profile:
    projects = rng.randint(2, 9)
    ids = [f"p{i}" for i in range(projects)]
    # a few repeated costs and small electorates make exact ties common
    costs = {p: rng.choice([5, 10, 10, 15, 20, 30, rng.randint(1, 60)]) for p in ids}
    budget = rng.randint(max(costs.values()), sum(costs.values()) + 10)
    ballots = []
    for _ in range(rng.randint(1, 25)):
        chosen = tuple(rng.sample(ids, rng.randint(0, min(4, projects))))
        if cumulative:
            ballots.append(Ballot(chosen, tuple(rng.randint(1, 4) for _ in chosen)))
        else:
            ballots.append(Ballot(chosen))
    return Profile(
        costs=costs,
        budget=Fraction(budget),
        ballots=ballots,
        vote_type="cumulative" if cumulative else "approval",
    )


def _pabutools(profile: Profile):
    election = pytest.importorskip("pabutools.election")
    projects = {p: election.Project(p, c) for p, c in profile.costs.items()}
    instance = election.Instance(projects.values(), budget_limit=int(profile.budget))
    if profile.vote_type == "cumulative":
        ballots = [
            election.CumulativeBallot(
                {projects[p]: x for p, x in zip(b.projects, b.points or (), strict=True)}
            )
            for b in profile.ballots
        ]
        return instance, election.CumulativeProfile(ballots, instance=instance)
    ballots = [election.ApprovalBallot({projects[p] for p in b.projects}) for b in profile.ballots]
    return instance, election.ApprovalProfile(ballots, instance=instance)


@pytest.mark.parametrize("seed", range(120))
def test_generated_elections_match_pabutools(seed):
    election = pytest.importorskip("pabutools.election")
    rules = pytest.importorskip("pabutools.rules")
    from pabutools.election.satisfaction.additivesatisfaction import AdditiveSatisfaction  # type: ignore[import-untyped, unused-ignore]

    class PointsTimesCost(AdditiveSatisfaction):  # type: ignore[misc]
        """Greedy by points: welfare per unit of cost equals the points."""

        def __init__(self, instance, profile, ballot):
            super().__init__(
                instance, profile, ballot, lambda _i, _p, b, proj, _pre: b.get(proj, 0) * proj.cost
            )

    rng = random.Random(seed)
    cumulative = seed % 3 == 2
    profile = _random_profile(rng, cumulative)
    instance, pabu_profile = _pabutools(profile)
    sat = election.Additive_Cardinal_Sat if cumulative else election.Cost_Sat

    def names(outcome):
        return tuple(p.name for p in outcome)

    expected_plain = names(rules.method_of_equal_shares(instance, pabu_profile, sat_class=sat))
    assert mes(profile, completion=False, ties=PABUTOOLS_TIES).winners == expected_plain
    expected = names(
        rules.exhaustion_by_budget_increase(
            instance,
            pabu_profile,
            rules.method_of_equal_shares,
            {"sat_class": sat},
            budget_step=pabu_profile.num_ballots(),
        )
    )
    assert mes(profile, ties=PABUTOOLS_TIES).winners == expected
    greedy_sat = PointsTimesCost if cumulative else election.Cost_Sat
    expected_greedy = names(
        rules.greedy_utilitarian_welfare(instance, pabu_profile, sat_class=greedy_sat)
    )
    assert greedy(profile, ties=PABUTOOLS_TIES).winners == expected_greedy


# --------------------------------------------------------------------------------------------
# Real elections
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def elections():
    cache: dict[str, object] = {}

    def load(name: str):
        if name not in cache:
            cache[name] = read_pabulib(DATA / name)
        return cache[name]

    return load


@needs_data
@pytest.mark.parametrize("name", ALL_FILES)
def test_recorded_rule_reproduces_the_official_outcome(name, elections):
    election = elections(name)
    result = count(election, "recorded")
    assert result.rule == election.meta["rule"]
    assert set(result.winners) == {p.id for p in election.projects if p.selected == 1}


@needs_data
@pytest.mark.parametrize("name", ALL_FILES)
def test_greedy_matches_pabutools_on_real_elections(name, elections):
    pabutools = pytest.importorskip("pabutools.election")
    from pabutools.rules import greedy_utilitarian_welfare  # type: ignore[import-untyped, unused-ignore]

    election = elections(name)
    if len(election.voters) < 20000:
        instance, profile = pabutools.parse_pabulib(str(DATA / name))
    else:
        # pabutools' own parser needs most of a minute for Warsaw 2026: hand it the ballots
        # we read (their counts are checked against the file's votes column elsewhere)
        projects = {p.id: pabutools.Project(p.id, p.cost) for p in election.projects}
        instance = pabutools.Instance(projects.values(), budget_limit=int(election.budget))
        ballots = [pabutools.ApprovalBallot({projects[p] for p in v.vote}) for v in election.voters]
        profile = pabutools.ApprovalProfile(ballots, instance=instance).as_multiprofile()
    outcome = greedy_utilitarian_welfare(instance, profile, sat_class=pabutools.Cost_Sat)
    assert list(greedy(election, ties=PABUTOOLS_TIES).winners) == [p.name for p in outcome]


@needs_data
@pytest.mark.parametrize("name", ["Netherlands_Assen_2024.pb", "Poland_Swiecie_2023.pb"])
def test_mes_with_completion_matches_pabutools_on_real_elections(name, elections):
    pytest.importorskip("pabutools.election")
    from pabutools.election import Cost_Sat, parse_pabulib  # type: ignore[import-untyped, unused-ignore]
    from pabutools.rules import exhaustion_by_budget_increase, method_of_equal_shares  # type: ignore[import-untyped, unused-ignore]

    instance, profile = parse_pabulib(str(DATA / name))
    # pabutools' own multi-profile (identical ballots with a multiplicity) is the same count,
    # several times faster than one row per voter
    multi = profile.as_multiprofile()
    outcome = exhaustion_by_budget_increase(
        instance,
        multi,
        method_of_equal_shares,
        {"sat_class": Cost_Sat},
        budget_step=multi.num_ballots(),
    )
    assert list(mes(elections(name), ties=PABUTOOLS_TIES).winners) == [p.name for p in outcome]


@needs_data
@pytest.mark.parametrize("name", sorted(n for n, w in PABUTOOLS_MES_WINNERS.items() if w))
def test_mes_with_completion_matches_recorded_pabutools_winners(name, elections):
    assert list(mes(elections(name), ties=PABUTOOLS_TIES).winners) == PABUTOOLS_MES_WINNERS[name]
